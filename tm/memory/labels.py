"""Interview labels and dialogue dashes, mirrored from a Russian segment to its English.

CAT tools segment a line «Вопрос<TAB>Текст» or «– Текст» with its label or dash, so a TMX
source must hold them too to be an exact match. The English side gets the same dash and the
label translated by a small table (an unknown label, usually a name, is kept as written).
"""

from __future__ import annotations

import re

LABELS = {
    "вопрос": "Question",
    "ответ": "Answer",
    "корреспондент": "Correspondent",
    "корр": "Corr",
    "журналист": "Journalist",
    "ведущий": "Host",
    "ведущая": "Host",
    "интервьюер": "Interviewer",
    "собеседник": "Interviewee",
    "реплика": "Remark",
    "комментарий": "Comment",
    "справка": "Note",
}
_PREFIX = re.compile(r"^(?P<label>.*?)(?P<rest>[\s:.\t]*(?:[-–—]\s+)?)$", re.S)


def mirror_prefix(prefix: str) -> str:
    """The English counterpart of a segment's prefix: "Вопрос\\t" → "Question\\t", "– " → "– "."""
    match = _PREFIX.match(prefix)
    if not match or not match["label"]:
        return prefix
    label = match["label"]
    english = LABELS.get(label.lower().rstrip("."))
    if english is None:
        return prefix
    if label.isupper():
        english = english.upper()
    return english + match["rest"]
