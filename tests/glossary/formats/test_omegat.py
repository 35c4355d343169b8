"""OmegaT itself (issue 9): a project from the seeds, our TMX and our glossary, run in OmegaT's
console mode. With our exported rules OmegaT leaves only page furniture untranslated; with
its own default rules, furniture and the sentences its rules cut differently, never a
dialogue or interview line. Skipped, saying so, where Java or OmegaT is not installed
(`.ci/run` installs the Debian package `omegat` where apt-get is available)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from glossary.formats import write_glossary
from tests.support import SEEDS
from tests.support.omegat import NEEDS_OMEGAT, PROJECT, run_omegat
from tm.memory.tmx import read_tmx
from tm.text.documents import read_document
from tm.text.segment import segment_document
from tm.text.srx import omegat_filters_xml, omegat_segmentation_conf

# OmegaT itself, on the seeds' memory and glossary.
pytestmark = pytest.mark.slow


def _project(root: Path, memory: Path, glossary: object, our_rules: bool) -> Path:
    for folder in ("source", "tm/auto", "glossary", "omegat", "target", "dictionary"):
        (root / folder).mkdir(parents=True)
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, root / "source" / path.name)
    shutil.copy(memory, root / "tm" / "auto" / "seeds.tmx")
    write_glossary(glossary, root / "glossary" / "glossary.tbx")  # type: ignore[arg-type]
    (root / "omegat.project").write_text(PROJECT, encoding="utf-8")
    if our_rules:
        (root / "omegat" / "segmentation.conf").write_text(omegat_segmentation_conf(), encoding="utf-8")
        (root / "omegat" / "filters.xml").write_text(omegat_filters_xml(), encoding="utf-8")
    return root


def _run(project: Path) -> tuple[list[str], int]:
    """OmegaT's segments (from a pseudo-translated TMX) and what it leaves untranslated."""
    pseudo = project.parent / f"{project.name}-segments.tmx"
    run_omegat(
        project, "--mode=console-createpseudotranslatetmx", f"--pseudotranslatetmx={pseudo}", "--pseudotranslatetype=equal"
    )
    run_omegat(project, "--mode=console-translate")
    stats = (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    remaining = int(re.search(r"^Remaining:\s+(\d+)", stats, re.M)[1])  # type: ignore[index]
    return [u.source for u in read_tmx(pseudo)], remaining


def _ours(memory: Path) -> tuple[set[str], set[str]]:
    """Our TMX sources, and the furniture lines `tm build` leaves out by design."""
    sources = {u.source for u in read_tmx(memory)}
    everything = {s.prefix + s.text for p in SEEDS.glob("*.txt") for s in segment_document(read_document(str(p)), True)}
    return sources, everything - sources


@NEEDS_OMEGAT
def test_with_our_rules_omegat_fills_every_segment_but_furniture(
    tmp_path: Path, seeds_memory: Path, seeds_glossary: object
) -> None:
    segments, remaining = _run(_project(tmp_path / "ours", seeds_memory, seeds_glossary, our_rules=True))
    sources, furniture = _ours(seeds_memory)
    unmatched = [s for s in segments if s not in sources]
    assert all(s in furniture for s in unmatched), [s for s in unmatched if s not in furniture]
    assert remaining == len(unmatched) and len(segments) - remaining == len(sources)


@NEEDS_OMEGAT
def test_with_omegat_defaults_only_furniture_and_other_cuts_remain(
    tmp_path: Path, seeds_memory: Path, seeds_glossary: object
) -> None:
    segments, remaining = _run(_project(tmp_path / "default", seeds_memory, seeds_glossary, our_rules=False))
    sources, furniture = _ours(seeds_memory)
    unmatched = [s for s in segments if s not in sources]
    # OmegaT's default text filter joins the lines of a block: those are furniture blocks.
    cut_differently = [s for s in unmatched if s not in furniture and "\n" not in s]
    assert remaining == len(unmatched)
    assert not any(re.match(r"^([-–—]\s|(Вопрос|Ответ)\t)", s) for s in unmatched)  # dialogue and interview lines match
    # What remains besides furniture is a piece of one of our sentences, cut elsewhere.
    assert cut_differently and all(any(piece in source for source in sources) for piece in cut_differently)


def omegat_comment(entry_element: object, target_lang: str = "en") -> str:
    """The comment OmegaT 3.6–6 shows beside a TBX 2008 term (GlossaryReaderTBX.readMartif):
    descrips (as "type: text") and notes of the entry, its language sets and all its terms,
    then the term notes of the target-language terms."""
    from lxml import etree

    def described(parent: etree._Element) -> list[str]:
        lines = []
        for child in parent:
            if child.tag == "descrip":
                lines.append(f"{child.get('type')}: {child.text or ''}")
            elif child.tag == "descripGrp" and child.find("descrip") is not None:
                d = child.find("descrip")
                lines.append(f"{d.get('type')}: {d.text or ''}")
            elif child.tag == "note":
                lines.append(child.text or "")
        return lines

    element: etree._Element = entry_element  # type: ignore[assignment]
    term_lines, tig_lines, notes = described(element), [], []
    for lang_set in element.iter("langSet"):
        tig_lines += described(lang_set)
        for tig in lang_set.iter("tig"):
            if lang_set.get("{http://www.w3.org/XML/1998/namespace}lang") == target_lang:
                notes += [n.text or "" for n in tig.iter("termNote")]
            tig_lines += described(tig)
    return "\n".join(line for line in term_lines + tig_lines + notes if line)


def test_the_comment_omegat_shows_beside_a_term_is_short(tmp_path: Path, seeds_glossary: object) -> None:
    from lxml import etree

    path = tmp_path / "g.tbx"
    write_glossary(seeds_glossary, path)  # type: ignore[arg-type]
    entries = list(etree.parse(str(path)).iter("termEntry"))
    one = [
        omegat_comment(e) for e in entries if len(e.findall("langSet[@{http://www.w3.org/XML/1998/namespace}lang='en']/tig")) == 1
    ]
    two = [
        omegat_comment(e) for e in entries if len(e.findall("langSet[@{http://www.w3.org/XML/1998/namespace}lang='en']/tig")) == 2
    ]
    # TBX-Basic's own term notes (part of speech, term type, status code) are shown for each
    # English term; an acronym entry has two. Issue 19 made the first line a sentence
    # («proposed · machine translation · confidence 0.30») and added the category
    # («subjectField: treaty or programme»): about 60 characters more than the codes took.
    assert one and max(len(c) for c in one) <= 180, max(one, key=len)
    assert two and max(len(c) for c in two) <= 220, max(two, key=len)
    shown = one + two
    assert not any(word in c for c in shown for word in ("frequency", "occurrences", "score", "ranking", "C-value"))


def test_the_omegat_text_glossary_comment_is_one_short_line(tmp_path: Path, seeds_glossary: object) -> None:
    path = tmp_path / "g.txt"
    write_glossary(seeds_glossary, path)  # type: ignore[arg-type]
    comments = [line.split("\t")[2] for line in path.read_text(encoding="utf-8").splitlines() if line.count("\t") == 2]
    assert comments and max(len(c) for c in comments) <= 120
    assert all(c.startswith("status: ") for c in comments)  # the part read back is never cut
