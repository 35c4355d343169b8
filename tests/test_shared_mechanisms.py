"""The mechanisms written once and used in several places: the keep-going policy, the
streaming XML loop, the TMX merge, the segmentation vocabulary, the entry id and the lemma
count. In-process and fast: each is checked where it is defined, and that its users agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tm.core.errors import InputError, OutputError
from tm.core.keepgoing import KeepGoing
from tm.core.xmlstream import iter_elements
from tm.memory.tmx import MergeCount, TmxHeader, TmxReader, TmxUnit, TmxWriter, write_tmx
from tm.text import vocabulary


def _bad(name: str) -> str:
    raise InputError(f"{name}: empty file")


def test_keep_going_off_raises_the_input_error_as_it_is() -> None:
    policy = KeepGoing(False)
    with pytest.raises(InputError, match="a.txt: empty file"):
        policy.attempt(_bad, "a.txt")
    with pytest.raises(InputError, match="no sentences"):
        policy.skip("b.txt: no sentences to translate")
    assert policy.errors == []


def test_keep_going_on_records_input_errors_in_order_and_goes_on() -> None:
    policy = KeepGoing(True)
    assert policy.attempt(_bad, "a.txt") is None
    assert policy.attempt(len, "abc") == 3
    policy.skip("b.txt: no sentences to translate")
    assert policy.errors == ["a.txt: empty file", "b.txt: no sentences to translate"]


def test_keep_going_never_swallows_other_errors() -> None:
    def unwritable() -> None:
        raise OutputError("out.tmx: is a folder")

    with pytest.raises(OutputError):
        KeepGoing(True).attempt(unwritable)


def test_documents_and_folders_share_one_policy(tmp_path: Path) -> None:
    from tm.text.documents import collect_inputs, iter_documents

    (tmp_path / "good.txt").write_text("Стороны обсудили сотрудничество.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    policy = KeepGoing(True)
    files, _ = collect_inputs([str(tmp_path), str(tmp_path / "missing.txt")], policy)
    documents = list(iter_documents(files, policy))
    assert [Path(d.name).name for d in documents] == ["good.txt"]
    assert len(policy.errors) == 2 and "missing.txt" in policy.errors[0] and "empty file" in policy.errors[1]


def test_iter_elements_frees_each_record_and_the_ones_before_it(tmp_path: Path) -> None:
    path = tmp_path / "r.xml"
    path.write_bytes(b"<root>" + b"".join(b"<r n='%d'><x/></r>" % i for i in range(50)) + b"</root>")
    seen = []
    for element in iter_elements(path, "r"):
        previous = element.getprevious()  # the record before, emptied; those before it, gone
        assert previous is None or (len(previous) == 0 and not previous.attrib and previous.getprevious() is None)
        assert len(element) == 1  # this one is whole
        seen.append(element.get("n"))
    assert seen == [str(i) for i in range(50)]


def test_iter_elements_checks_the_root_before_any_record(tmp_path: Path) -> None:
    path = tmp_path / "r.xml"
    path.write_bytes(b"<other><r/></other>")

    def check_root(element: object) -> None:
        raise InputError("not ours")

    with pytest.raises(InputError, match="not ours"):
        list(iter_elements(path, "r", check_root))
    assert [e.tag for e in iter_elements(path, "r", lambda element: None)] == ["r"]


def test_merge_writes_each_pair_once_and_counts_what_it_skipped(tmp_path: Path) -> None:
    old = tmp_path / "old.tmx"
    write_tmx(old, [TmxUnit("Да.", "Yes."), TmxUnit("Нет.", "No.")], TmxHeader())
    # a unit without an English side: skipped, and counted
    text = old.read_text(encoding="utf-8").replace(
        "  </body>", '    <tu><tuv xml:lang="ru-RU"><seg>Один.</seg></tuv></tu>\n  </body>'
    )
    old.write_text(text, encoding="utf-8")
    out = tmp_path / "new.tmx"
    with TmxWriter(out, TmxHeader()) as writer:
        count = writer.merge(TmxReader(old, "ru-RU", "en-US"))
        assert writer.write(TmxUnit("Да.", "Yes.")) is False  # already merged
    assert count == MergeCount(merged=2, skipped=1)
    assert writer.written == 2


def test_srx_and_sentence_rules_read_one_vocabulary() -> None:
    from tm.text import sentences, srx

    (units_rule,) = [r for r in srx.RUSSIAN_RULES if "млрд долл" in r.why]
    for unit in vocabulary.UNITS:  # a period after each unit: no sentence end before «США» for either
        assert sentences._ABBREVIATION_END.search(f"30 {unit}.") and re.search(units_rule.before + "$", f"30 {unit}.")
    # The same dateline, as razdel's sentences show it and as a CAT tool sees the paragraph.
    assert sentences._CITY.match("Нур-Султан.") and sentences._DATE.match("11 ноября 2019 г.")
    dateline = re.compile(srx.RUSSIAN_RULES[0].before + srx.RUSSIAN_RULES[0].after)
    assert dateline.match("Нур-Султан.\u00a011\tноября 2019 г.")


def test_anchor_months_are_the_vocabulary_months() -> None:
    from tm.align.anchors import russian_anchors

    for number, month in enumerate(vocabulary.MONTHS_GENITIVE, 1):
        assert f"m:{number}" in russian_anchors(f"11 {month} 2020 года")
    assert "m:5" not in russian_anchors("Мандат истёк")


def test_entry_ids_are_one_hash_for_build_and_omegat(tmp_path: Path) -> None:
    from glossary.entries import entry_id
    from glossary.formats import omegat

    path = tmp_path / "g.txt"
    path.write_text("санкции\tsanctions\t\n", encoding="utf-8")
    (entry,) = omegat.iter_entries(path)
    assert entry.id == entry_id("санкции") and re.fullmatch(r"t[0-9a-f]{10}", entry.id)


def test_the_mined_texts_and_the_reference_are_counted_alike() -> None:
    from glossary.extraction.frequency import count_lemmas, lemma_counts
    from glossary.extraction.tally import Chunk, count_chunk

    sentences = ["Стороны обсудили санкции.", "Санкции обсуждались 2 дня."]
    table = count_chunk(Chunk(0, sentences, use_reference=False, use_names=False))
    assert table.lemmas == lemma_counts(sentences) == count_lemmas(sentences).counts
    assert table.lemmas["санкция"] == 2
