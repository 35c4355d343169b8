"""`tm stats`: what a TMX file holds, counted while streaming through it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tm.memory.tmx import XML_LANG


@dataclass
class TmxStats:
    path: str
    units: int = 0
    source_lang: str = ""
    languages: Counter[str] = field(default_factory=Counter)
    origins: Counter[str] = field(default_factory=Counter)
    documents: Counter[str] = field(default_factory=Counter)
    models: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "units": self.units,
            "source_lang": self.source_lang,
            "languages": dict(self.languages),
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
        return "\n".join(lines)


def tmx_stats(path: Path) -> TmxStats:
    from tm.memory.tmx import iter_tu_elements, read_header

    result = TmxStats(str(path), source_lang=read_header(path).source_lang)
    for tu in iter_tu_elements(path):
        result.units += 1
        for tuv in tu.iterfind("tuv"):
            result.languages[tuv.get(XML_LANG) or tuv.get("lang") or "?"] += 1
        props = {p.get("type"): p.text or "" for p in tu.iterfind("prop")}
        result.origins[props.get("x-Origin", "(none)")] += 1
        result.documents[props.get("x-document", "(none)")] += 1
        if "x-mt-model" in props:
            result.models[props["x-mt-model"]] += 1
    return result
