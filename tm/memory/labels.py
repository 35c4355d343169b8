"""Interview labels and dialogue dashes, mirrored from a Russian segment to its English.

CAT tools segment a line «Вопрос<TAB>Текст» or «– Текст» with its label or dash, so a TMX
source must hold them too to be an exact match. The English side gets the same dash and the
label translated by a small table (an unknown label, usually a name, is kept as written).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tm.text.segment import Segment

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


def labelled_source(segment: Segment, strip_labels: bool = False) -> str:
    """A segment as a TMX source: with its label and dash, as CAT tools cut it, or bare.
    `tm build` and `tm align` both write their Russian side with it."""
    return segment.text if strip_labels else segment.prefix + segment.text


def labelled_target(segment: Segment, target: str, strip_labels: bool = False) -> str:
    """`target`, the English of `segment`, with the segment's label and dash mirrored."""
    return target if strip_labels or not segment.prefix else mirror_prefix(segment.prefix) + target
