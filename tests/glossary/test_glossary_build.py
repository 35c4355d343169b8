"""`glossary.build` as a library: what `build_glossary` accepts as units."""

from __future__ import annotations

from collections.abc import Iterator

from glossary.build import Unit, build_glossary
from tm.memory.tmx import ORIGIN_ALIGNMENT
from tm.mt.cache import TranslationCache

SENTENCES = [
    "Страны ЕАЭС обсудили развитие Евразийского экономического союза.",
    "Евразийский экономический союз (ЕАЭС) расширяет торговлю.",
    "Товарооборот стран ЕАЭС вырос, сообщили в Евразийской экономической комиссии.",
    "Стороны подтвердили курс на всеобъемлющее стратегическое партнерство.",
    "Всеобъемлющее стратегическое партнерство укрепляется.",
]


def _units() -> list[Unit]:
    # Aligned units: the build reads them a third time, for their English.
    return [Unit(s, f"English {i}.", "a.txt", f"u{i}", ORIGIN_ALIGNMENT) for i, s in enumerate(SENTENCES)]


def test_a_generator_of_units_gives_the_glossary_of_the_list() -> None:
    """The units are read three times: a generator, read once, is taken into a list first
    (it used to give the first pass everything and the next ones nothing: IndexError)."""

    def generated() -> Iterator[Unit]:
        yield from _units()

    listed = build_glossary(_units(), None, TranslationCache(None))
    assert listed.entries and any(e.contexts for e in listed.entries)
    assert build_glossary(generated(), None, TranslationCache(None)).entries == listed.entries


def test_build_option_defaults_are_the_librarys() -> None:
    """`glossary build`'s thresholds are ExtractionOptions' defaults, not a second copy."""
    import typer

    from glossary.cli import app
    from glossary.extraction.options import ExtractionOptions

    command = typer.main.get_command(app).commands["build"]  # type: ignore[attr-defined]
    defaults = {p.name: p.default for p in command.params}
    library = ExtractionOptions()
    for name in ("min_frequency", "min_specificity", "min_word_specificity", "max_terms", "jobs"):
        assert defaults[name] == getattr(library, name), name
