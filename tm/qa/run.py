"""Run the checks over the documents and show what they found: a table, JSON or TSV."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.core.errors import UsageError
from tm.qa.checks import BY_NAME, CHECKS, Check, Context, document_ratio
from tm.qa.inputs import read_documents
from tm.qa.model import RANK, SEVERITIES, Document, Finding
from tm.qa.termbase import TermEntry, read_termbase


@dataclass
class Report:
    """The findings of a run, and how many pairs were checked."""

    findings: list[Finding] = field(default_factory=list)
    pairs: int = 0
    notes: list[str] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        return Counter(f.severity for f in self.findings)

    def worst(self) -> int:
        """The rank of the worst finding (`model.RANK`), -1 when there is none."""
        return max((RANK[f.severity] for f in self.findings), default=-1)

    def summary(self) -> str:
        counts = self.counts()
        shown = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in SEVERITIES)
        return f"{self.pairs:,} pairs checked: {len(self.findings)} findings ({shown})"

    def table(self) -> str:
        """The findings in aligned columns, then the summary line."""
        rows = [("id", "check", "severity", "message"), *((f.id, f.check, f.severity, f.message) for f in self.findings)]
        widths = [min(max(len(r[k]) for r in rows), 40) for k in range(3)]
        lines = ["  ".join([*(r[k].ljust(widths[k]) for k in range(3)), r[3]]).rstrip() for r in rows] if self.findings else []
        return "\n".join([*lines, self.summary()])

    def to_json(self) -> str:
        counts = self.counts()
        return json.dumps(
            {"pairs": self.pairs, "counts": {s: counts[s] for s in SEVERITIES}, "findings": [f.to_dict() for f in self.findings]},
            ensure_ascii=False,
            indent=2,
        )

    def to_tsv(self) -> bytes:
        def cell(text: str) -> str:
            return " ".join(text.split())

        lines = [
            "id\tcheck\tseverity\tmessage",
            *("\t".join(map(cell, (f.id, f.check, f.severity, f.message))) for f in self.findings),
        ]
        return ("\n".join(lines) + "\n").encode()


def choose_checks(only: str | None, skip: str | None) -> tuple[Check, ...]:
    """The checks `--checks a,b` names (all by default), less those `--skip` names."""

    def names(value: str, option: str) -> list[str]:
        chosen = [n.strip() for n in value.split(",") if n.strip()]
        unknown = [n for n in chosen if n not in BY_NAME]
        if unknown:
            raise UsageError(f"{option}: no check named {unknown[0]!r} (checks: {', '.join(BY_NAME)})")
        return chosen

    picked = names(only, "--checks") if only else list(BY_NAME)
    left_out = set(names(skip, "--skip")) if skip else set()
    return tuple(check for check in CHECKS if check.__name__ in picked and check.__name__ not in left_out)


def check_documents(documents: Iterable[Document], checks: Sequence[Check], glossary: Sequence[TermEntry] = ()) -> Report:
    """Every chosen check over every document; ids carry the file's name when there are several."""
    documents = list(documents)
    report = Report()
    for document in documents:
        context = Context(glossary, document_ratio(document.pairs))
        prefix = f"{Path(document.label).name}:" if len(documents) > 1 else ""
        report.pairs += len(document.pairs)
        report.notes += document.notes
        found: list[Finding] = []
        for check in checks:
            found.extend(check(document.pairs, context))
        order = {pair.id: n for n, pair in enumerate(document.pairs)}
        found.sort(key=lambda f: (order.get(f.id, 0), -RANK[f.severity]))
        report.findings += [Finding(prefix + f.id, f.check, f.severity, f.message) for f in found] if prefix else found
    return report


def run_qa(paths: Sequence[Path], glossary: Path | None = None, only: str | None = None, skip: str | None = None) -> Report:
    """Read the inputs (and the glossary) and run the chosen checks: what `tm qa` does."""
    checks = choose_checks(only, skip)
    entries = read_termbase(glossary) if glossary is not None else []
    return check_documents(read_documents(paths), checks, entries)
