"""Lemma frequencies: of the texts being mined, and of general Russian news for reference.

Domain specificity compares the two: a lemma much more frequent in diplomatic texts than in
general news (товарооборот, союзничество) is a better term candidate than one that is
frequent everywhere (год, страна). The reference list shipped in `glossary/data` was counted
from the Russian side of the WMT newstest 2017–2018 sets (6,000 sentences); with
`--reference-corpus DIR` the counts are taken from that folder's `*.rus` files instead.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from glossary.extraction.morphology import fold, lemma, words
from tm.core.errors import InputError
from tm.core.inputs import read_input_text

DATA = Path(__file__).resolve().parent.parent / "data"  # glossary/data
SHIPPED = DATA / "ru_news_lemma_freq.tsv"


@dataclass(frozen=True)
class Frequencies:
    counts: Counter[str]
    total: int

    def relative(self, key: str) -> float:
        # Add-half smoothing: unseen lemmas are rare, not impossible.
        return (self.counts.get(key, 0) + 0.5) / (self.total + 1)


def lemma_counts(sentences: Iterable[str]) -> Counter[str]:
    """How often each lemma key (folded normal form) occurs in the sentences: the one way
    words are counted, for the texts mined (glossary/extraction/tally.py) and for the
    reference corpus alike, so that their frequencies compare."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        for word in words(sentence):
            if word.text[0].isalpha():
                counts[fold(lemma(word.text))] += 1
    return counts


def count_lemmas(sentences: Iterable[str]) -> Frequencies:
    counts = lemma_counts(sentences)
    return Frequencies(counts, sum(counts.values()))


@functools.lru_cache(maxsize=4)
def reference_frequencies(corpus: Path | None = None) -> Frequencies:
    if corpus is not None:
        files = sorted(corpus.glob("*.rus")) if corpus.is_dir() else []
        if not files:
            raise InputError(f"{corpus}: --reference-corpus must be a folder with *.rus files (one sentence per line)")
        # Each file through the one input check: a FIFO or a device named *.rus is refused.
        return count_lemmas(line for path in files for line in read_input_text(path).splitlines())
    counts: Counter[str] = Counter()
    total = 0
    for line in SHIPPED.read_text(encoding="utf-8").splitlines():
        if line.startswith("#total\t"):
            total = int(line.split("\t")[1])
        elif line and not line.startswith("#"):
            key, count = line.split("\t")
            counts[key] = int(count)
    return Frequencies(counts, total or sum(counts.values()))


def general_zipf(word: str) -> float:
    """How common a word form is in general Russian, on wordfreq's Zipf scale (log10 of
    occurrences per billion words; 0 = not listed). wordfreq counts Wikipedia, subtitles,
    books, the web and news."""
    return _zipf(word)


@functools.lru_cache(maxsize=50_000)
def lexeme_zipf(word: str) -> float:
    """How common a word is in general Russian counting all its inflected forms (the Zipf of
    the sum of its lexeme's forms' frequencies; pymorphy3's first noun reading, else its first
    reading). The dictionary form alone says little: «санкция» is rare (2.8) where «санкции»
    is everywhere (the lexeme 4.9), and «граница» 4.2 is 5.4 with «границы», «границе»."""
    from glossary.extraction.morphology import parses

    readings = parses(word)
    if not readings:
        return general_zipf(word)
    parse = next((p for p in readings if p.tag.POS == "NOUN"), readings[0])
    forms = {form.word.replace("ё", "е") for form in parse.lexeme} | {word}
    total = sum(10**z for z in map(general_zipf, forms) if z > 0)
    return math.log10(total) if total else 0.0


@functools.lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "ru"))


def specificity(lemma_keys: Iterable[str], domain: Frequencies, reference: Frequencies) -> float:
    """Mean log-ratio of domain to reference relative frequency over a term's words."""
    ratios = [math.log(domain.relative(k) / reference.relative(k)) for k in lemma_keys]
    return sum(ratios) / len(ratios) if ratios else 0.0


def write_reference_file(corpus: Path, output: Path = SHIPPED, keep: int = 20000) -> None:
    """Count a corpus and write the `lemma<TAB>count` list that ships with the package."""
    freq = reference_frequencies(corpus)
    lines = [
        "# Lemma counts (pymorphy3 normal forms, lower case, ё→е) of general Russian news:",
        f"# WMT newstest 2017+2018 Russian side. Top {keep} lemmas; #total is all tokens counted.",
        f"#total\t{freq.total}",
    ]
    lines += [f"{key}\t{count}" for key, count in freq.counts.most_common(keep)]
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import sys

    write_reference_file(Path(sys.argv[1]))
