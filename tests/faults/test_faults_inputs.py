"""The fault table, reading inputs (issue 14): every path a command reads goes through the one
input check (tm/core/inputs.py), one rule decides whether an argument is a file or text,
every document format with a reader is read by every command (issue 17), a document its
reader refuses is one line naming the file, and formats that are not read yet are refused
in one line.

Rows run the real command as a subprocess, as in tests/test_faults.py, with the same
promises (exit code, one line naming the culprit, no traceback, inputs byte-identical, no
`.part` files) and a short deadline: an input that makes a command wait (a FIFO) or read
for ever (`/dev/zero`) fails the row instead of hanging the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.test_faults import DOC, PROGRAMS, Fault, model_env  # noqa: F401  (model_env is a fixture)
from tests.support import DATA, SEEDS

DEADLINE = 20  # seconds; every row ends in about one
EN = "visit.en.txt"


@dataclass
class InputFault(Fault):
    stdout: str = ""  # must occur in standard output (rows that read a file the argument names)
    notice: str = ""  # for exit 0: a line of stderr that must be there (a folder's skipped file)
    in_workspace: bool = False  # run in the workspace, so that relative names can be given


SENTENCE = "Страны ЕАЭС подписали договор."
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NEEDS_LIBREOFFICE = "need LibreOffice (apt-get install libreoffice-writer-nogui), or save as .docx"


def _office(path: Path, members: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)


def _documents(w: Path) -> None:
    """One file of each document format: read (a sentence with «ЕАЭС»), broken in the way its
    reader names, or not read yet (Excel, PowerPoint, EPUB); some by content alone."""
    from tests.support.office import MINIMAL_DOCUMENT, word_zip
    from tests.support.pdfmake import text_pdf
    from tests.tm.documents.test_pdf import image_only_pdf

    word_zip(w / "report.docx", MINIMAL_DOCUMENT.replace("Привет.", SENTENCE))
    shutil.copy(w / "report.docx", w / "report.txt")  # a Word document whose name says text
    _office(w / "broken.docx", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document>Привет</w:document>"})
    _office(w / "sheet.xlsx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    shutil.copy(w / "sheet.xlsx", w / "sheet.txt")
    _office(w / "deck.pptx", {"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<presentation/>"})
    _office(w / "book.epub", {"mimetype": "application/epub+zip", "META-INF/container.xml": "<container/>"})
    _office(
        w / "letter.odt",
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
            f"<office:text><text:p>{SENTENCE}</text:p></office:text></office:body></office:document-content>",
        },
    )
    (w / "report.pdf").write_bytes(text_pdf([SENTENCE]))
    (w / "scan.pdf").write_bytes(image_only_pdf())
    (w / "scan.txt").write_bytes(image_only_pdf())  # a scan whose name says text
    (w / "stub.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (w / "news.html").write_text(f"<!DOCTYPE html>\n<html><body><p>{SENTENCE}</p></body></html>\n", encoding="utf-8")
    (w / "page.txt").write_bytes((w / "news.html").read_bytes())
    (w / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    rtf = "".join(f"\\u{ord(c)}?" if ord(c) > 127 else c for c in SENTENCE)
    (w / "memo.rtf").write_text("{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Arial;}}\\f0 " + rtf + "\\par}", encoding="ascii")
    (w / "job.xliff").write_text(
        '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        f'<file source-language="ru" datatype="plaintext" original="a.txt"><body><trans-unit id="1"><source>{SENTENCE}'
        "</source></trans-unit></body></file></xliff>\n",
        encoding="utf-8",
    )
    (w / "bare.xliff").write_text('<?xml version="1.0"?>\n<xliff version="1.2"><file/></xliff>\n', encoding="utf-8")
    (w / "mixed").mkdir()
    for name in ("report.docx", "news.html", "sheet.xlsx"):
        shutil.copy(w / name, w / "mixed" / name)
    shutil.copy(w / DOC, w / "mixed" / DOC)


def _glossary(w: Path) -> None:
    from glossary.entries import Entry, Glossary, Term
    from glossary.formats import write_glossary

    write_glossary(
        Glossary(
            [
                Entry(
                    "t1",
                    [
                        Term("ЕАЭС", "ru", "acronym", status="approved"),
                        Term("EAEU", "en", "acronym", status="approved", origin="reference"),
                    ],
                )
            ]
        ),
        w / "g.tbx",
    )
    write_glossary(Glossary([Entry("t1", [Term("ЕАЭС", "ru", "acronym"), Term("EAEU", "en", "acronym")])]), w / "terms.tsv")
    text = "Страны ЕАЭС подписали договор.\n"
    for name in ("./документ.txt", "with space.txt", "no-suffix"):
        (w / name).write_text(text, encoding="utf-8")


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    w = tmp_path / "w"
    w.mkdir()
    shutil.copy(SEEDS / DOC, w / DOC)
    shutil.copy(DATA / "align" / EN, w / EN)
    for name in ("fifo.txt", "fifo.tmx", "fifo.tsv", "fifo.csv", "fifo.tbx", "fifo.po"):
        os.mkfifo(w / name)
    (w / "pairs").mkdir()
    os.mkfifo(w / "pairs" / "visit.ru.txt")  # a folder pair whose Russian side is a FIFO
    shutil.copy(DATA / "align" / EN, w / "pairs" / EN)
    (w / "corpus").mkdir()
    os.mkfifo(w / "corpus" / "news.rus")
    (w / "zero.tmx").symlink_to("/dev/zero")
    (w / "manifest.tsv").write_text(f"{DOC}\tfifo.txt\n", encoding="utf-8")
    (w / "folder.tmx").mkdir()
    (w / "huge.txt").touch()
    os.truncate(w / "huge.txt", 300 * 2**20)  # sparse: no disk used
    _documents(w)
    _glossary(w)
    return w


def _doc(w: Path) -> list[Path]:
    return [w / DOC]


def _out(w: Path) -> str:
    return str(w / "o.tmx")


def _no_output(w: Path) -> bool:
    return not (w / "o.tmx").exists() and not (w / "x.tbx").exists()


def _fifo(name: str, program: str, args, inputs=_doc) -> InputFault:  # type: ignore[no-untyped-def]
    return InputFault(name, program, args, 3, "not a regular file", inputs, _no_output)


NOT_REGULAR = [
    # tm align: both sides, a folder pair, a manifest line, the manifest, the term pairs, the merged TMX
    _fifo("align: Russian side a FIFO", "tm", lambda w: ["align", str(w / "fifo.txt"), str(w / EN), "-o", _out(w)]),
    _fifo("align: English side a FIFO", "tm", lambda w: ["align", str(w / DOC), str(w / "fifo.txt"), "-o", _out(w)]),
    _fifo("align: English side /dev/zero", "tm", lambda w: ["align", str(w / DOC), "/dev/zero", "-o", _out(w)]),
    _fifo(
        "align: a folder pair's FIFO", "tm", lambda w: ["align", str(w / "pairs"), "-o", _out(w)], lambda w: [w / "pairs" / EN]
    ),
    _fifo(
        "align: a manifest line names a FIFO",
        "tm",
        lambda w: ["align", "--manifest", str(w / "manifest.tsv"), "-o", _out(w)],
        lambda w: [w / DOC, w / "manifest.tsv"],
    ),
    _fifo("align: --manifest a FIFO", "tm", lambda w: ["align", "--manifest", str(w / "fifo.tsv"), "-o", _out(w)]),
    _fifo("align: --manifest /dev/zero", "tm", lambda w: ["align", "--manifest", "/dev/zero", "-o", _out(w)]),
    _fifo(
        "align: --glossary a FIFO",
        "tm",
        lambda w: ["align", str(w / DOC), str(w / EN), "--glossary", str(w / "fifo.csv"), "-o", _out(w)],
    ),
    _fifo(
        "align: --glossary /dev/zero",
        "tm",
        lambda w: ["align", str(w / DOC), str(w / EN), "--glossary", "/dev/zero", "-o", _out(w)],
    ),
    _fifo(
        "align: --merge a FIFO",
        "tm",
        lambda w: ["align", str(w / DOC), str(w / EN), "--merge", str(w / "fifo.tmx"), "-o", _out(w)],
    ),
    # tm stats, tm build --merge, the documents of tm build, segment, translate
    _fifo("stats of a FIFO", "tm", lambda w: ["stats", str(w / "fifo.tmx")]),
    _fifo("stats of /dev/zero", "tm", lambda w: ["stats", "/dev/zero"]),
    _fifo("stats through a link to /dev/zero", "tm", lambda w: ["stats", str(w / "zero.tmx")]),
    _fifo("build --merge a FIFO", "tm", lambda w: ["build", str(w / DOC), "-o", _out(w), "--merge", str(w / "fifo.tmx")]),
    _fifo("build --merge /dev/zero", "tm", lambda w: ["build", str(w / DOC), "-o", _out(w), "--merge", "/dev/zero"]),
    _fifo("build of a FIFO", "tm", lambda w: ["build", str(w / "fifo.txt"), "-o", _out(w)]),
    _fifo("segment /dev/zero", "tm", lambda w: ["segment", "/dev/zero"]),
    _fifo("translate a FIFO", "tm", lambda w: ["translate", str(w / "fifo.txt")]),
    # glossary: scan FILE, lookup -g, build's TMX inputs and --reference-corpus, export's source
    _fifo("scan a FIFO", "glossary", lambda w: ["scan", str(w / "fifo.txt"), "-g", str(w / "g.tbx")], lambda w: [w / "g.tbx"]),
    _fifo("scan /dev/zero", "glossary", lambda w: ["scan", "/dev/zero", "-g", str(w / "g.tbx")], lambda w: [w / "g.tbx"]),
    _fifo(
        "glossary build of a FIFO memory",
        "glossary",
        lambda w: ["build", str(w / "fifo.tmx"), "-o", str(w / "x.tbx")],
        lambda w: [],
    ),
    _fifo("glossary build of /dev/zero", "glossary", lambda w: ["build", "/dev/zero", "-o", str(w / "x.tbx")], lambda w: []),
    _fifo(
        "reference corpus with a FIFO",
        "glossary",
        lambda w: ["build", str(w / DOC), "-o", str(w / "x.tbx"), "--reference-corpus", str(w / "corpus")],
    ),
    InputFault(
        "export of a FIFO glossary",
        "glossary",
        lambda w: ["export", str(w / "fifo.csv"), "-o", str(w / "x.tbx")],
        3,
        "fifo.csv",
        after=_no_output,
    ),
    InputFault("lookup -g a FIFO", "glossary", lambda w: ["lookup", "ЕАЭС", "-g", str(w / "fifo.tbx")], 3, "fifo.tbx"),
    InputFault("lookup -g /dev/zero", "glossary", lambda w: ["lookup", "ЕАЭС", "-g", "/dev/zero"], 3, "/dev/zero"),
    InputFault(
        "import-po of a FIFO",
        "glossary",
        lambda w: ["import-po", str(w / "fifo.po"), "-g", str(w / "g.tbx")],
        3,
        "fifo.po",
        lambda w: [w / "g.tbx"],
    ),
    # other inputs that are no file to read
    InputFault(
        "merge a folder",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", _out(w), "--merge", str(w / "folder.tmx")],
        3,
        "folder.tmx: is a folder",
        _doc,
        _no_output,
    ),
    InputFault("stats of a missing file", "tm", lambda w: ["stats", str(w / "missing.tmx")], 3, "missing.tmx: no such file"),
    InputFault("a document of 300 MB", "tm", lambda w: ["segment", str(w / "huge.txt")], 3, "huge.txt: 314,572,800 bytes"),
]

FILE_OR_TEXT = [
    # one rule for `glossary scan` and `tm translate`: an existing path is a file, - is stdin,
    # a path-looking argument that does not exist is an error, anything else is text
    InputFault(
        "scan ./документ.txt",
        "glossary",
        lambda w: ["scan", "./документ.txt", "-g", "g.tbx"],
        0,
        "",
        lambda w: [w / "документ.txt"],
        stdout="Страны [ЕАЭС] подписали договор.",
        in_workspace=True,
    ),
    InputFault(
        "scan a name with a space",
        "glossary",
        lambda w: ["scan", "with space.txt", "-g", "g.tbx"],
        0,
        "",
        lambda w: [w / "with space.txt"],
        stdout="Страны [ЕАЭС] подписали договор.",
        in_workspace=True,
    ),
    InputFault(
        "scan a name without a suffix",
        "glossary",
        lambda w: ["scan", "no-suffix", "-g", "g.tbx"],
        0,
        "",
        lambda w: [w / "no-suffix"],
        stdout="Страны [ЕАЭС] подписали договор.",
        in_workspace=True,
    ),
    InputFault("scan text", "glossary", lambda w: ["scan", "Саммит ЕАЭС", "-g", str(w / "g.tbx")], 0, "", stdout="Саммит [ЕАЭС]"),
    InputFault(
        "scan a mistyped path",
        "glossary",
        lambda w: ["scan", str(w / "missing.txt"), "-g", str(w / "g.tbx")],
        3,
        "missing.txt: no such file (to scan it as text",
    ),
    InputFault("scan a folder", "glossary", lambda w: ["scan", str(w), "-g", str(w / "g.tbx")], 3, "is a folder"),
    InputFault(
        "translate a name without a suffix",
        "tm",
        lambda w: ["translate", "no-suffix"],
        0,
        "",
        lambda w: [w / "no-suffix"],
        in_workspace=True,
    ),
    InputFault(
        "translate a name with a space",
        "tm",
        lambda w: ["translate", "with space.txt"],
        0,
        "",
        lambda w: [w / "with space.txt"],
        in_workspace=True,
    ),
    InputFault(
        "translate a mistyped path",
        "tm",
        lambda w: ["translate", str(w / "missing.txt")],
        3,
        "missing.txt: no such file (to translate it as text",
    ),
]


def _filled(template: list[str]) -> Callable[[Path], list[str]]:
    return lambda w: [a.format(w=w) for a in template]


def _kept(name: str) -> Callable[[Path], list[Path]]:
    return lambda w: [w / name]


def _written(name: str) -> Callable[[Path], bool]:
    return lambda w: (w / name).stat().st_size > 0


COMMANDS = {  # what each command is given, and what it shows or writes when it reads the file
    "tm build": ("tm", ["build", "{w}/{name}", "-o", "{w}/o.tmx"], "", _written("o.tmx")),
    "tm segment": ("tm", ["segment", "{w}/{name}"], SENTENCE, lambda w: True),
    "tm translate": ("tm", ["translate", "{w}/{name}"], "", lambda w: True),
    "tm align": ("tm", ["align", "{w}/{name}", "{w}/" + EN, "-o", "{w}/o.tmx"], "", _written("o.tmx")),
    "glossary build": ("glossary", ["build", "{w}/{name}", "-o", "{w}/x.tbx"], "", _written("x.tbx")),
    "glossary scan": ("glossary", ["scan", "{w}/{name}", "-g", "{w}/g.tbx"], "Страны [ЕАЭС] подписали договор.", lambda w: True),
}


def _row(command: str, name: str, code: int, message: str = "") -> InputFault:
    program, template, stdout, written = COMMANDS[command]
    return InputFault(
        f"{command} {name}",
        program,
        _filled([a.replace("{name}", name) for a in template]),
        code,
        message,
        _kept(name),
        written if code == 0 else _no_output,
        stdout=stdout if code == 0 else "",
    )


# Every format with a reader, read by every command (the file by content: a .txt that is a
# Word document or an HTML page is one), and the legacy formats where LibreOffice is installed.
READ = ["report.docx", "report.txt", "letter.odt", "report.pdf", "news.html", "page.txt", "job.xliff"] + (
    ["memo.rtf"] if SOFFICE else []
)
EVERY_COMMAND = ("report.docx", "report.pdf", "news.html", "page.txt")
DOCUMENTS_READ = [
    _row(command, name, 0)
    for name in READ
    for command in COMMANDS
    if name in EVERY_COMMAND or command in ("tm segment", "tm build", "glossary scan")
]

# A document its reader refuses: the reader's own one line, exit 3, nothing written.
REFUSED = [
    ("broken.docx", "broken.docx: word/document.xml is not well-formed XML"),
    ("stub.pdf", "stub.pdf: not a readable PDF file"),
    ("scan.pdf", "scan.pdf: no text layer (scanned: needs OCR)"),
    ("scan.txt", "scan.txt: no text layer (scanned: needs OCR)"),
    ("bare.xliff", "bare.xliff: not an XLIFF file"),
    (
        "old.doc",
        "old.doc: LibreOffice could not convert it" if SOFFICE else f"old.doc: Word 97–2003/RTF documents {NEEDS_LIBREOFFICE}",
    ),
] + ([] if SOFFICE else [("memo.rtf", f"memo.rtf: Word 97–2003/RTF documents {NEEDS_LIBREOFFICE}")])
DOCUMENTS_REFUSED = [
    _row(command, name, 3, message)
    for name, message in REFUSED
    for command in COMMANDS
    if command in ("tm segment", "tm build", "glossary scan") or name == "scan.pdf"
]

NOT_READ_YET = [
    _row(command, name, 3, f"{name}: {kind} are not read yet; save as plain text")
    for name, kind in [
        ("sheet.xlsx", "Excel workbooks"),
        ("sheet.txt", "Excel workbooks"),
        ("deck.pptx", "PowerPoint presentations"),
        ("book.epub", "EPUB books"),
    ]
    for command in COMMANDS
    if command in ("tm segment", "glossary scan") or name == "sheet.xlsx"
] + [
    InputFault(
        "a folder's documents are read, an Excel workbook passed over",
        "tm",
        lambda w: ["segment", str(w / "mixed")],
        0,
        "",
        lambda w: [w / "mixed" / "report.docx", w / "mixed" / "news.html", w / "mixed" / "sheet.xlsx"],
        stdout=SENTENCE,
        notice="sheet.xlsx: skipped (Excel workbooks are not read yet",
    ),
]


def check_input_fault(
    fault: InputFault, workspace: Path, env: dict[str, str], prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """tests/test_faults.check_fault's promises, with a deadline, the stdout and notice checks,
    and an optional command prefix (to run without the root's right to read anything)."""
    before = {p: p.read_bytes() for p in fault.inputs(workspace)}
    result = subprocess.run(
        (prefix or []) + PROGRAMS[fault.program] + fault.args(workspace),
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        stdin=subprocess.DEVNULL,
        cwd=workspace if fault.in_workspace else None,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == fault.code, result.stderr
    if fault.code == 0:
        assert not [line for line in result.stderr.splitlines() if ": error: " in line], result.stderr
        if fault.notice:
            assert any(fault.notice in line for line in result.stderr.splitlines()), result.stderr
    else:
        lines = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert len(lines) == 1 and lines[0].startswith(f"{fault.program}: error: "), result.stderr
        assert fault.message in lines[0], lines[0]
    assert fault.stdout in result.stdout, result.stdout
    assert not list(workspace.rglob("*.part")) and not list(workspace.rglob(".*.part"))
    assert {p: p.read_bytes() for p in before} == before
    assert fault.after(workspace)
    return result


ROWS = NOT_REGULAR + FILE_OR_TEXT + DOCUMENTS_READ + DOCUMENTS_REFUSED + NOT_READ_YET


@pytest.mark.parametrize("fault", ROWS, ids=[f.name for f in ROWS])
def test_input_fault(fault: InputFault, workspace: Path, model_env: dict[str, str]) -> None:  # noqa: F811
    check_input_fault(fault, workspace, model_env)


def _without_read_rights() -> list[str] | None:
    """A prefix that runs a command unable to read a mode-000 file: none needed for a normal
    user; for root, setpriv dropping the capabilities that let root read anything."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    probe = subprocess.run(["setpriv", "--bounding-set=-dac_override,-dac_read_search", "true"], capture_output=True)
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if probe.returncode == 0 else None


UNREADABLE = [
    InputFault(
        "build --merge unreadable",
        "tm",
        lambda w: ["build", str(w / DOC), "-o", _out(w), "--merge", str(w / "locked.tmx")],
        3,
        "locked.tmx: cannot read (permission denied)",
        _doc,
        _no_output,
    ),
    InputFault(
        "align --merge unreadable",
        "tm",
        lambda w: ["align", str(w / DOC), str(w / EN), "-o", _out(w), "--merge", str(w / "locked.tmx")],
        3,
        "locked.tmx: cannot read (permission denied)",
        _doc,
        _no_output,
    ),
    InputFault("stats of an unreadable file", "tm", lambda w: ["stats", str(w / "locked.tmx")], 3, "locked.tmx: cannot read"),
    InputFault(
        "align --manifest unreadable",
        "tm",
        lambda w: ["align", "--manifest", str(w / "locked.tsv"), "-o", _out(w)],
        3,
        "locked.tsv: cannot read",
    ),
    InputFault("lookup -g unreadable", "glossary", lambda w: ["lookup", "ЕАЭС", "-g", str(w / "locked.tbx")], 3, "locked.tbx"),
    InputFault(
        "scan an unreadable file",
        "glossary",
        lambda w: ["scan", str(w / "locked.txt"), "-g", str(w / "g.tbx")],
        3,
        "locked.txt: cannot read",
    ),
]


@pytest.mark.parametrize("fault", UNREADABLE, ids=[f.name for f in UNREADABLE])
def test_unreadable_input(fault: InputFault, workspace: Path, model_env: dict[str, str]) -> None:  # noqa: F811
    prefix = _without_read_rights()
    if prefix is None:
        pytest.skip("running as root without setpriv: a mode-000 file is readable")
    for name in ("locked.tmx", "locked.tsv", "locked.tbx", "locked.txt"):
        shutil.copy(workspace / ("g.tbx" if name.endswith(".tbx") else DOC), workspace / name)
        (workspace / name).chmod(0)
    # The environment's own files must stay readable for the restricted command.
    check_input_fault(fault, workspace, model_env, prefix)


@pytest.mark.parametrize(
    "text",
    [
        "<<Известия>> пишут, что переговоры прошли успешно.",
        "<b>Вопрос</b>: как обсуждали %PDF-1.4 и <html>?",
        "PK-отчёт за 2019 год.",
        "{Примечание} Текст статьи.",
    ],
)
def test_plain_texts_are_not_taken_for_other_formats(text: str) -> None:
    from tm.text.documents import sniff_format

    assert sniff_format(text.encode("utf-8")) is None
    assert sniff_format(text.encode("cp1251")) is None


def test_the_seeds_are_plain_text() -> None:
    from tm.text.documents import sniff_format

    assert [sniff_format(p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))] == [None] * 5
