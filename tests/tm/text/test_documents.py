from pathlib import Path

import pytest

from tests.support import SEEDS
from tm.core.errors import InputError
from tm.language.normalize import normalize_text
from tm.text.documents import collect_inputs, decode_bytes, read_document

_VALID = "Россия и Казахстан подписали договор о сотрудничестве".encode()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8-r", "utf-16"])
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_encoding_gives_the_same_text(tmp_path: Path, seed: str, encoding: str) -> None:
    original = read_document(str(SEEDS / seed)).text
    raw = (SEEDS / seed).read_text(encoding="utf-8")
    path = tmp_path / seed
    # CP1251 and KOI8-R cannot hold every character; the seeds use only ones they can (or NBSP/•).
    path.write_bytes(raw.encode(encoding, errors="strict" if encoding.startswith("utf") else "ignore"))
    decoded = read_document(str(path)).text
    if encoding.startswith("utf"):
        assert decoded == original
    else:
        expected = normalize_text(raw.encode(encoding, errors="ignore").decode(encoding))
        assert decoded == expected
        assert decoded.count("ё") == original.count("ё")


@pytest.mark.parametrize("text", ["Привет, мир.", "Отношения Казахстана и России развиваются."])
@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_short_snippets_are_detected(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding), "x")[0] == text


def test_normalisation_folds_spaces_soft_hyphens_and_composes_but_keeps_yo() -> None:
    text = "Объ\u00adём торговли\u2009вы\u0438\u0306гран\ufeff\r\nё"
    assert normalize_text(text) == "Объём торговли выйгран\nё"


def test_no_break_spaces_stay_as_written_but_keys_fold_them() -> None:
    from tm.language.normalize import normalize_segment

    text = "18,3\u00a0млрд и т.\u202fд."
    assert normalize_text(text) == text  # a CAT tool's segment keeps them: an exact match must too
    assert normalize_segment(text) == "18,3 млрд и т. д."


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        (_VALID + b"\xff\xfe", f"invalid UTF-8 at byte offset {len(_VALID)}"),
    ],
)
def test_bad_files_raise_one_line_errors_naming_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_document(str(path))
    assert str(caught.value) == f"{path}: {message}"


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        collect_inputs([str(tmp_path / "nope.txt")])
    (tmp_path / "notes.md").write_text("x")
    with pytest.raises(InputError, match="has no .txt files"):
        collect_inputs([str(tmp_path)])


def test_directories_are_searched_recursively_and_other_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("Текст.", encoding="utf-8")
    (tmp_path / "top.txt").write_text("Текст.", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    files, notices = collect_inputs([str(tmp_path)])
    assert [Path(f).name for f in files] == ["deep.txt", "top.txt"]
    assert notices == [f"{tmp_path / 'image.png'}: skipped (not a .txt file)"]
