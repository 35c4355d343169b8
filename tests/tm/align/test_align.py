"""`tm align` (issue 8): anchors, the aligner, and the command on files, folders, stdin and
manifests, with its one-line errors."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from tests.support import DATA, sandbox_env
from tests.support.cli import Completed, run_cli
from tm.align.aligner import align
from tm.align.anchors import english_anchors, russian_anchors
from tm.memory.tmx import read_tmx

PAIR = DATA / "align"
# The hand-made pair: the English leaves out two sentences and splits one in two (the
# dateline is a sentence of its own on both sides).
TRUTH = {
    ((0,), (0,)),
    ((1,), (1,)),
    ((2,), (2,)),
    ((3,), (3, 4)),
    ((4,), (5,)),
    ((5,), (6,)),
    ((6,), (7,)),
    ((9,), (8,)),
    ((10,), (9,)),
}


def _tm(args: list[str], home: Path, stdin: str | None = None) -> Completed:
    """`tm` in this process: alignment needs no installed model, only a sandboxed cache."""
    return run_cli("tm", args, stdin, env=sandbox_env(home))


def test_anchors_meet_across_notations() -> None:
    ru = russian_anchors("11 ноября Токаева поддержали 18,3% и 2 000 тонн ByteDance")
    en = english_anchors("On November 11 Tokayev was backed by 18.3% and 2,000 tonnes of ByteDance")
    assert {"n:11", "m:11", "n:18.3", "n:2000", "l:bytedance", "p:tkv"} <= ru & en
    assert "n:18.3" not in english_anchors("18,3")  # an English comma groups thousands


def _sentences(path: Path, english: bool) -> list[str]:
    from tm.text.documents import read_document
    from tm.text.english_sentences import segment_english
    from tm.text.segment import segment_document

    document = read_document(str(path))
    return [s.text for s in (segment_english(document) if english else segment_document(document))]


def test_the_hand_made_pair_aligns_exactly() -> None:
    ru, en = _sentences(PAIR / "visit.ru.txt", False), _sentences(PAIR / "visit.en.txt", True)
    assert (len(ru), len(en)) == (11, 10)
    links = align(ru, en)
    assert {(link.ru, link.en) for link in links if link.ru and link.en} == TRUTH
    assert {link.ru for link in links if not link.en} == {(7,), (8,)}


def test_every_sentence_is_linked_once_and_in_order() -> None:
    rng = random.Random(3)
    ru = [f"Предложение номер {n} {'длинное ' * rng.randint(1, 9)}." for n in range(300)]
    en = [f"Sentence number {n} {'long ' * rng.randint(1, 9)}." for n in range(300)]
    del en[100], ru[200]
    links = align(ru, en)
    assert [i for link in links for i in link.ru] == list(range(len(ru)))
    assert [j for link in links for j in link.en] == list(range(len(en)))
    assert all(0.0 <= link.score <= 1.0 for link in links)


def test_align_files_writes_a_dtd_valid_tmx_that_translate_toolkit_reads(tmp_path: Path) -> None:
    from lxml import etree
    from translate.storage.tmx import tmxfile

    out, report = tmp_path / "out.tmx", tmp_path / "unaligned.tsv"
    result = _tm(
        ["align", str(PAIR / "visit.ru.txt"), str(PAIR / "visit.en.txt"), "-o", str(out), "--report", str(report), "--json"],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["written"] == 9 and summary["kinds"] == {"1-1": 8, "1-2": 1}
    assert (summary["unaligned_ru"], summary["unaligned_en"]) == (2, 0)
    assert etree.DTD(str(DATA / "tmx14.dtd")).validate(etree.parse(str(out)))
    ours = [(u.source, u.target) for u in read_tmx(out)]
    with open(out, "rb") as handle:
        theirs = [(u.source, u.target) for u in tmxfile(handle, "ru", "en").units]
    assert ours == theirs and len(ours) == 9
    units = list(read_tmx(out))
    assert {u.prop("x-Origin") for u in units} == {"Alignment"}
    assert {u.prop("x-align-type") for u in units} == {"1-1", "1-2"}
    assert all(0 < float(u.prop("x-align-score") or 0) <= 1 for u in units)
    rows = report.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "side\tdocument\tparagraph\tsentence" and len(rows) == 3
    assert "ByteDance" in rows[1] and all(r.startswith("ru\t") for r in rows[1:])


def test_folders_manifests_and_stdin_give_the_same_pairs(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(PAIR, folder)
    (tmp_path / "pairs.tsv").write_text("docs/visit.ru.txt\tdocs/visit.en.txt\n", encoding="utf-8")
    outputs = []
    for n, (args, stdin) in enumerate(
        [
            ([str(folder)], None),
            (["--manifest", str(tmp_path / "pairs.tsv")], None),
            (["-", str(folder / "visit.en.txt")], (PAIR / "visit.ru.txt").read_text(encoding="utf-8")),
        ]
    ):
        out = tmp_path / f"out{n}.tmx"
        result = _tm(["align", *args, "-o", str(out)], tmp_path, stdin)
        assert result.returncode == 0, result.stderr
        outputs.append([(u.source, u.target) for u in read_tmx(out)])
    assert outputs[0] == outputs[1] == outputs[2] and len(outputs[0]) == 9


def test_min_score_leaves_out_and_counts_doubtful_pairs_and_merge_keeps_units(tmp_path: Path) -> None:
    ru, en = str(PAIR / "visit.ru.txt"), str(PAIR / "visit.en.txt")
    strict = json.loads(_tm(["align", ru, en, "-o", str(tmp_path / "s.tmx"), "--min-score", "0.99", "--json"], tmp_path).stdout)
    assert strict["below_min_score"] > 0 and strict["written"] + strict["below_min_score"] == 9
    assert len(list(read_tmx(tmp_path / "s.tmx"))) == strict["written"]
    merged = json.loads(
        _tm(["align", ru, en, "-o", str(tmp_path / "m.tmx"), "--merge", str(tmp_path / "s.tmx"), "--json"], tmp_path).stdout
    )
    assert merged["merged"] == strict["written"]
    assert len(list(read_tmx(tmp_path / "m.tmx"))) == 9  # the merged units and the new ones, each pair once


def _mt_memory(tmp_path: Path) -> tuple[Path, list[str]]:
    """An MT memory of every Russian sentence `tm align` links in the visit pair, and one more."""
    from tm.memory.tmx import ORIGIN_MT, TmxHeader, TmxUnit, write_tmx

    _tm(["align", str(PAIR / "visit.ru.txt"), str(PAIR / "visit.en.txt"), "-o", str(tmp_path / "h.tmx")], tmp_path)
    sources = [u.source for u in read_tmx(tmp_path / "h.tmx")]
    units = [TmxUnit(s, f"MT of {n}", props=[("x-Origin", ORIGIN_MT)]) for n, s in enumerate([*sources, "Другое предложение."])]
    write_tmx(tmp_path / "mt.tmx", units, TmxHeader("ru-RU", "en-US"))
    return tmp_path / "mt.tmx", sources


def test_merge_leaves_out_the_mt_units_of_sources_aligned_now(tmp_path: Path) -> None:
    memory, sources = _mt_memory(tmp_path)
    ru, en = str(PAIR / "visit.ru.txt"), str(PAIR / "visit.en.txt")
    out, mt_out = tmp_path / "m.tmx", tmp_path / "mt-out.tmx"
    result = _tm(["align", ru, en, "-o", str(out), "--merge", str(memory), "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["mt_superseded"] == len(sources) and report["merged"] == 1
    units = list(read_tmx(out))
    assert [u.target for u in units if u.target.startswith("MT of")] == [f"MT of {len(sources)}"]  # only the other one
    assert sorted(u.source for u in units if u.prop("x-Origin") == "Alignment") == sorted(sources)
    # with --mt-out the superseded MT units go there, once each
    result = _tm(["align", ru, en, "-o", str(out), "--merge", str(memory), "--mt-out", str(mt_out)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(u.source for u in read_tmx(mt_out)) == sorted(sources)
    assert [u.target for u in read_tmx(out) if u.target.startswith("MT of")] == [f"MT of {len(sources)}"]


@pytest.mark.parametrize(
    "ru, en, culprit",
    [
        ("visit.ru.txt", "missing.en.txt", "missing.en.txt"),
        ("visit.en.txt", "visit.en.txt", "given as the Russian side"),
        ("visit.ru.txt", "visit.ru.txt", "given as the English side"),
        ("visit.ru.txt", "empty.txt", "empty.txt"),
    ],
)
def test_bad_sides_are_one_line_errors(tmp_path: Path, ru: str, en: str, culprit: str) -> None:
    shutil.copytree(PAIR, tmp_path / "p")
    (tmp_path / "p" / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out.tmx"
    result = _tm(["align", str(tmp_path / "p" / ru), str(tmp_path / "p" / en), "-o", str(out)], tmp_path)
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tm: error:") and culprit in lines[0]
    assert not out.exists() and "Traceback" not in result.stderr


def test_a_folder_with_an_unpaired_file_is_an_error(tmp_path: Path) -> None:
    shutil.copytree(PAIR, tmp_path / "p")
    (tmp_path / "p" / "other.ru.txt").write_text("Текст.", encoding="utf-8")
    result = _tm(["align", str(tmp_path / "p"), "-o", str(tmp_path / "o.tmx")], tmp_path)
    assert result.returncode == 3 and "other.en.txt" in result.stderr


def test_a_much_shorter_translation_is_warned_about_and_still_scored(tmp_path: Path) -> None:
    short = tmp_path / "short.en.txt"
    short.write_text("Astana, November 11. Tokayev held talks with Putin.\n", encoding="utf-8")
    result = _tm(["align", str(PAIR / "visit.ru.txt"), str(short), "-o", str(tmp_path / "o.tmx"), "--json"], tmp_path)
    assert result.returncode == 0
    assert "warning:" in result.stderr and "short.en.txt" in result.stderr
    assert json.loads(result.stdout)["written"] >= 1


@pytest.mark.slow
def test_mt_similarity_runs_the_real_model(tmp_path: Path, tiny_model: Path) -> None:
    out = tmp_path / "mt.tmx"
    result = _tm(
        [
            "align",
            str(PAIR / "visit.ru.txt"),
            str(PAIR / "visit.en.txt"),
            "-o",
            str(out),
            "--mt",
            "--model",
            str(tiny_model),
            "--json",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["written"] >= 8  # gibberish MT must not break the alignment


def test_keep_going_skips_a_bad_pair_and_aligns_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(PAIR, folder)
    shutil.copy(PAIR / "visit.en.txt", folder / "wrong.ru.txt")
    shutil.copy(PAIR / "visit.en.txt", folder / "wrong.en.txt")
    out = tmp_path / "out.tmx"
    stopped = _tm(["align", str(folder), "-o", str(out)], tmp_path)
    assert stopped.returncode == 3 and not out.exists()
    result = _tm(["align", str(folder), "-o", str(out), "--keep-going", "--json"], tmp_path)
    assert result.returncode == 4 and "wrong.ru.txt" in result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents"] == 1 and summary["written"] == 9 and len(list(read_tmx(out))) == 9


@pytest.mark.parametrize("suffix, delimiter", [(".tsv", "\t"), (".csv", ",")])
def test_term_pairs_are_read_from_an_exported_glossary_by_its_language_columns(
    tmp_path: Path, suffix: str, delimiter: str
) -> None:
    from glossary.formats.tabular import COLUMNS
    from tm.align.termlist import read_term_pairs

    row = {"id": "t1", "ru-RU": "ЕАЭС", "en-US": "EAEU"}
    path = tmp_path / f"g{suffix}"
    path.write_text(delimiter.join(COLUMNS) + "\n" + delimiter.join(row.get(c, "") for c in COLUMNS) + "\n", encoding="utf-8")
    assert read_term_pairs(path) == [("ЕАЭС", "EAEU")]
    plain = tmp_path / "plain.tsv"
    plain.write_text("en\tru\nEAEU\tЕАЭС\n", encoding="utf-8")
    assert read_term_pairs(plain) == [("ЕАЭС", "EAEU")]
    headless = tmp_path / "headless.tsv"
    headless.write_text("ОДКБ\tCSTO\n", encoding="utf-8")
    assert read_term_pairs(headless) == [("ОДКБ", "CSTO")]


INTERVIEWS = DATA / "interview"  # not in PAIR: that folder is aligned as a whole
INTERVIEW = INTERVIEWS / "interview.ru.txt"
# The English of each unit, in order, as `tm align` writes it for each translation of the
# interview: its own labels kept as written ("Question:<TAB>", "Q: "), else the Russian's mirrored.
_BARE_EN = [
    "How did trade between Russia and Kazakhstan change in 2023?",
    "Trade grew by 12 percent and reached 28 billion dollars.",
    "The main items are grain, metals and machinery.",
    "When will the new border crossing in Petropavlovsk open?",
    "Construction will be completed in September.",
    "And what will happen to freight tariffs?",
    "They will be cut by 5 percent from January 1.",
]
_PREFIXES = {
    "labelled": ["Question:\t", "Answer:\t", "", "Question:\t", "Answer:\t", "– ", "– "],
    "q-and-a": ["Q: ", "A: ", "", "Q: ", "A: ", "– ", "– "],
    "bare": ["Question\t", "Answer\t", "", "Question\t", "Answer\t", "– ", "– "],
}


def _interview_english(tmp_path: Path, variant: str) -> Path:
    if variant == "bare":
        return INTERVIEWS / "interview-bare.en.txt"
    text = (INTERVIEWS / "interview.en.txt").read_text(encoding="utf-8")
    if variant == "q-and-a":
        text = text.replace("Question:\t", "Q: ").replace("Answer:\t", "A: ")
    path = tmp_path / f"interview-{variant}.en.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _ru_segs(path: Path) -> set[str]:
    """The text of every Russian <seg> of a TMX, as written in the file."""
    from lxml import etree

    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    return {tuv.findtext("seg") or "" for tuv in etree.parse(str(path)).iter("tuv") if tuv.get(lang, "").startswith("ru")}


def _built(tmp_path: Path, tiny_package, strip_labels: bool) -> Path:  # type: ignore[no-untyped-def]
    from tm.memory.build import BuildOptions, build_memory
    from tm.mt.cache import TranslationCache
    from tm.mt.translator import Translator

    out = tmp_path / f"built{'-bare' if strip_labels else ''}.tmx"
    translator = Translator(tiny_package, device="cpu")
    build_memory([str(INTERVIEW)], out, translator, TranslationCache(None), BuildOptions(strip_labels=strip_labels))
    return out


@pytest.mark.parametrize("strip_labels", [False, True], ids=["labels", "strip-labels"])
@pytest.mark.parametrize("variant", list(_PREFIXES))
def test_aligned_interview_sources_are_those_of_tm_build(
    tmp_path: Path,
    tiny_package,
    variant: str,
    strip_labels: bool,  # type: ignore[no-untyped-def]
) -> None:
    """Issue 16: the Russian side is written byte for byte as `tm build` writes it, with
    `x-speaker`; the English keeps its own label or dash, or mirrors the Russian's."""
    out = tmp_path / "aligned.tmx"
    flags = ["--strip-labels"] if strip_labels else []
    result = _tm(["align", str(INTERVIEW), str(_interview_english(tmp_path, variant)), "-o", str(out), *flags], tmp_path)
    assert result.returncode == 0, result.stderr
    built = _built(tmp_path, tiny_package, strip_labels)
    assert _ru_segs(out) == _ru_segs(built) and len(_ru_segs(out)) == 7
    aligned, reference = list(read_tmx(out)), list(read_tmx(built))
    assert [u.source for u in aligned] == [u.source for u in reference]
    assert [u.prop("x-speaker") for u in aligned] == [u.prop("x-speaker") for u in reference]
    assert [u.prop("x-speaker") for u in aligned][:5] == ["Вопрос", "Ответ", "Ответ", "Вопрос", "Ответ"]
    prefixes = [""] * 7 if strip_labels else _PREFIXES[variant]
    assert [u.target for u in aligned] == [p + e for p, e in zip(prefixes, _BARE_EN, strict=True)]


def test_labels_do_not_change_the_links(tmp_path: Path) -> None:
    """The aligner compares the bare sentences: a translation with labels and one without
    give the same links with the same scores."""
    scores = []
    for variant in _PREFIXES:
        out = tmp_path / f"{variant}.tmx"
        assert (
            _tm(["align", str(INTERVIEW), str(_interview_english(tmp_path, variant)), "-o", str(out)], tmp_path).returncode == 0
        )
        scores.append([(u.prop("x-align-type"), u.prop("x-align-score")) for u in read_tmx(out)])
    assert scores[0] == scores[1] == scores[2] and len(scores[0]) == 7


def test_presegmented_lines_are_aligned_as_given(tmp_path: Path) -> None:
    """`--presegmented`: a line is one sentence whatever its full stops (the normal path
    splits these lines in two); blank lines are left out; the report names line numbers;
    `--one-pass` aligns the same short pair alike."""
    ru = tmp_path / "a.ru.txt"
    en = tmp_path / "a.en.txt"
    ru.write_text(
        "Москва приняла делегацию. Переговоры шли два дня.\n\nСтороны подписали 12 соглашений.\nВ 2019 году делегация приедет снова, уже в Казань.\n",
        encoding="utf-8",
    )
    en.write_text(
        "Moscow received the delegation. The talks lasted two days.\nThe sides signed 12 agreements.\n", encoding="utf-8"
    )
    out, report = tmp_path / "out.tmx", tmp_path / "unaligned.tsv"
    for extra in ([], ["--one-pass"]):
        result = _tm(
            ["align", "--presegmented", *extra, str(ru), str(en), "-o", str(out), "--report", str(report), "--json"],
            tmp_path,
        )
        assert result.returncode == 0, result.stderr
        summary = json.loads(result.stdout)
        assert summary["kinds"] == {"1-1": 2} and (summary["unaligned_ru"], summary["unaligned_en"]) == (1, 0)
        assert [(u.source, u.target) for u in read_tmx(out)] == [
            ("Москва приняла делегацию. Переговоры шли два дня.", "Moscow received the delegation. The talks lasted two days."),
            ("Стороны подписали 12 соглашений.", "The sides signed 12 agreements."),
        ]
        assert (
            report.read_text(encoding="utf-8").splitlines()[1]
            == f"ru\t{ru}\t4\tВ 2019 году делегация приедет снова, уже в Казань."
        )
    swapped = _tm(["align", "--presegmented", str(en), str(ru), "-o", str(out)], tmp_path)
    assert swapped.returncode != 0 and swapped.stderr.count("\n") == 1 and "mostly Latin" in swapped.stderr
