"""`tm stats`: what a TMX file holds, counted while streaming through it.

Besides units by language, origin, model and document, it gives the size of each language's
text, by a simple rule (not OmegaT's; `tm analyze` counts as OmegaT does):

- a word is a run of Unicode word characters (`\\w`: letters, digits, underscore), joined
  across a hyphen or an apostrophe between two of them («Северо-Запад», "O'Neill", "don’t"
  are one word each) and across a decimal point or comma between two digits («18,3», "2.5");
- characters are those of the segment's plain text (the content of inline codes such as
  `<bpt>`, which is native markup, is not text), counted without white space and with it
  (a tab after an interview label counts as one).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tm.memory.tmx import XML_LANG, tuv_content

WORD = re.compile(r"\w+(?:(?:[-'’]|(?<=\d)[.,](?=\d))\w+)*")


def count_words(text: str) -> int:
    """The words of a text, by the rule in the module's docstring."""
    return sum(1 for _ in WORD.finditer(text))


@dataclass
class Volume:
    """The size of one language's text: words, and characters without and with white space."""

    words: int = 0
    characters: int = 0
    characters_with_spaces: int = 0

    def add(self, text: str) -> None:
        self.words += count_words(text)
        self.characters_with_spaces += len(text)
        self.characters += len(text) - sum(c.isspace() for c in text)

    def to_dict(self) -> dict[str, int]:
        return {"words": self.words, "characters": self.characters, "characters_with_spaces": self.characters_with_spaces}


@dataclass
class TmxStats:
    path: str
    units: int = 0
    source_lang: str = ""
    languages: Counter[str] = field(default_factory=Counter)
    origins: Counter[str] = field(default_factory=Counter)
    documents: Counter[str] = field(default_factory=Counter)
    models: Counter[str] = field(default_factory=Counter)
    volume: dict[str, Volume] = field(default_factory=dict)  # by language, as in `languages`

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "units": self.units,
            "source_lang": self.source_lang,
            "languages": dict(self.languages),
            "volume": {lang: v.to_dict() for lang, v in self.volume.items()},
            "origins": dict(self.origins),
            "documents": dict(self.documents),
            "models": dict(self.models),
        }

    def render(self) -> str:
        lines = [f"{self.path}: {self.units} units, source language {self.source_lang}"]
        for title, counts in (
            ("languages", self.languages),
            ("origins", self.origins),
            ("models", self.models),
            ("documents", self.documents),
        ):
            lines.append(f"{title}:")
            lines += [f"  {count:>7}  {name}" for name, count in counts.most_common()] or ["        -"]
            if title == "languages":
                lines.append("words and characters (without / with spaces):")
                lines += [
                    f"  {lang:<7}  {v.words:>9} words  {v.characters:>10} / {v.characters_with_spaces} characters"
                    for lang, v in self.volume.items()
                ] or ["        -"]
        return "\n".join(lines)


def tmx_stats(path: Path) -> TmxStats:
    from tm.memory.tmx import iter_tu_elements, read_header

    result = TmxStats(str(path), source_lang=read_header(path).source_lang)
    for tu in iter_tu_elements(path):
        result.units += 1
        for tuv in tu.iterfind("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang") or "?"
            result.languages[lang] += 1
            seg = tuv_content(tuv)
            if lang not in result.volume:
                result.volume[lang] = Volume()
            if seg is not None:
                result.volume[lang].add(seg[0])
        props = {p.get("type"): p.text or "" for p in tu.iterfind("prop")}
        result.origins[props.get("x-Origin", "(none)")] += 1
        result.documents[props.get("x-document", "(none)")] += 1
        if "x-mt-model" in props:
            result.models[props["x-mt-model"]] += 1
    return result
