"""A small glossary and an aligned memory for the `glossary review` tests and benchmark."""

from __future__ import annotations

from pathlib import Path

from glossary.entries import Context, Entry, Glossary, Status, Term, entry_id
from glossary.formats import write_glossary
from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx

TERMS = [
    ("Совет Безопасности", "Security Council", "aligned", 0.91),
    ("санкции", "sanctions", "mt", 0.62),
    ("стратегическое партнёрство", "strategic partnership", "aligned", 0.85),
    ("ВВП", "GDP", "reference", 1.0),
    ("торговый оборот", "trade turnover", "mt", 0.55),
    ("Генеральная Ассамблея", "General Assembly", "aligned", 0.88),
    ("переговоры", "negotiations", "mt", 0.7),
    ("торговля", "trade", "mt", 0.6),
    ("урегулирование", "settlement", "mt", 0.4),
    ("суверенитет", "sovereignty", "aligned", 0.8),
]


def make_glossary(path: Path, size: int = len(TERMS)) -> Glossary:
    """`size` entries, best first: TERMS, then numbered filler terms."""
    entries = []
    for rank in range(size):
        if rank < len(TERMS):
            ru, en, origin, confidence = TERMS[rank]
        else:
            ru, en, origin, confidence = f"термин номер {rank}", f"term number {rank}", "mt", 0.5
        status: Status = "approved" if origin == "reference" else "proposed"
        terms = [
            Term(ru, "ru", status=status, variants=[ru + "а", ru + "у"] if rank == 1 else []),
            Term(en, "en", status=status, confidence=confidence, origin=origin),  # type: ignore[arg-type]
        ]
        if rank == 2:
            terms.append(Term("strategic partnership relations", "en", confidence=0.3, origin="mt"))
        entries.append(
            Entry(
                entry_id(ru.casefold()),
                terms,
                frequency=size - rank,
                score=1.0 - rank / (size + 1),
                contexts=[Context(f"Здесь {ru} упомянут.", f"Here {en} is mentioned.", "doc.txt", "1")],
                ranking=f"frequency {size - rank} × specificity 2.1",
            )
        )
    glossary = Glossary(entries)
    write_glossary(glossary, path)
    return glossary


PAIRS = [
    ("Совет Безопасности собрался 5 мая.", "The Security Council met on 5 May.", "0.950", "1-1"),
    ("Санкции обсуждались в Москве.", "Sanctions were discussed in Moscow.", "0.420", "1-1"),
    ("Переговоры продолжатся.", "Talks will go on.", "0.300", "1-1"),
    ("Россия и Китай подписали 12 соглашений.", "Russia and China signed 12 agreements.", "0.900", "1-1"),
    ("Торговый оборот вырос.", "Trade turnover grew.", "0.500", "1-1"),
    ("Это было в 2020 году.", "It happened in 2020.", "0.880", "1-1"),
    ("Министр выступил. Затем начались вопросы.", "The minister spoke. Then questions began.", "0.910", "2-2"),
]


def make_aligned_tmx(path: Path) -> None:
    units = [
        TmxUnit(
            ru,
            en,
            props=[
                ("x-document", "ru.txt"),
                ("x-document-en", "en.txt"),
                ("x-Origin", "Alignment"),
                ("x-align-type", kind),
                ("x-align-score", score),
            ],
            tuid=f"u{i}",
            creationdate="20240101T000000Z",
        )
        for i, (ru, en, score, kind) in enumerate(PAIRS, start=1)
    ]
    write_tmx(path, units, TmxHeader(creationdate="20240101T000000Z"))
