"""Building Office test documents: Word files with python-docx (plus the parts it cannot
write, added with lxml: footnotes, endnotes, text boxes, tracked changes, fields), and
LibreOffice conversions from HTML when `soffice` is installed, so that the readers are
tested on files from two real writers.

LibreOffice always runs with its own profile in a temporary folder
(`-env:UserInstallation=file://…`) and HOME pointed there: it never writes the real home.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest

from tests.support import SEEDS

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NEEDS_SOFFICE = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: the second writer's documents cannot be made"
)

# What the feature document says, part by part: (visible text, text that must never be read).
HIDDEN = "СКРЫТЫЙ_ТЕКСТ"
DELETED = "УДАЛЁННЫЙ_ТЕКСТ"
INSTRUCTION = "PAGE"
FALLBACK = "КОПИЯ_VML"


def _xml(fragment: str) -> object:
    """A WordprocessingML fragment as an lxml element (namespaces declared for it)."""
    from lxml import etree

    return etree.fromstring(f"<w:wrap {NS}>{fragment}</w:wrap>")[0]


def _append(paragraph: object, fragment: str) -> None:
    for child in list(_xml(f"<w:p>{fragment}</w:p>")):  # type: ignore[call-overload]
        paragraph._p.append(child)  # type: ignore[attr-defined]


def _notes_part(document: object, kind: str, notes: dict[int, str]) -> None:
    """Add word/footnotes.xml or word/endnotes.xml (python-docx has no API for notes)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    tag = kind  # footnote / endnote
    body = "".join(
        f'<w:{tag} w:type="{t}" w:id="{i}"><w:p><w:r><w:{"separator" if i == -1 else "continuationSeparator"}/></w:r></w:p></w:{tag}>'
        for i, t in ((-1, "separator"), (0, "continuationSeparator"))
    )
    for note_id, text in notes.items():
        body += (
            f'<w:{tag} w:id="{note_id}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{tag}Ref/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{tag}>'
        )
    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{tag}s {NS}>{body}</w:{tag}s>'.encode()
    content_type = CT.WML_FOOTNOTES if kind == "footnote" else CT.WML_ENDNOTES
    relationship = RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES
    d = document.part  # type: ignore[attr-defined]
    part = Part(PackURI(f"/word/{tag}s.xml"), content_type, blob, d.package)
    d.relate_to(part, relationship)


def _hyperlink(paragraph: object, url: str, text: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)  # type: ignore[attr-defined]
    _append(
        paragraph,
        f'<w:hyperlink r:id="{rid}" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
        f"<w:t>{text}</w:t></w:r></w:hyperlink>",
    )


def _text_box(text: str) -> str:
    """A run with a text box as Word 2010+ writes it: DrawingML in the Choice, and the
    same box again as VML in the Fallback."""
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="Box"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f"<wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx>"
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{FALLBACK}</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def feature_docx(path: Path) -> Path:
    """A Word document with every feature the reader handles, each once.

    Body: "Президент <b>Токаев</b> подписал <i>указ</i>[footnote] о <link>ЕАЭС</link>."
    with the bold split in two runs by rsid and spell-check marks; a table; a header and
    footer; a text box; a tracked insertion and deletion; hidden text; a PAGE field; a
    comment; a footnote and an endnote."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Министерство иностранных дел"
    section.footer.paragraphs[0].text = "Москва, 2024"

    p = document.add_paragraph("Президент ")
    _append(
        p,
        '<w:r w:rsidR="00A1"><w:rPr><w:b/><w:lang w:val="ru-RU"/></w:rPr><w:t>Ток</w:t></w:r>'
        '<w:proofErr w:type="spellStart"/>'
        '<w:r w:rsidR="00B2"><w:rPr><w:b/><w:noProof/></w:rPr><w:t>аев</w:t></w:r>'
        '<w:proofErr w:type="spellEnd"/>'
        '<w:r><w:t xml:space="preserve"> подписал </w:t></w:r>'
        "<w:r><w:rPr><w:i/></w:rPr><w:t>указ</w:t></w:r>"
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
        '<w:r><w:t xml:space="preserve"> о </w:t></w:r>',
    )
    _hyperlink(p, "https://eaeunion.org/", "ЕАЭС")
    _append(p, "<w:r><w:t>.</w:t></w:r>")

    p = document.add_paragraph()
    _append(
        p,
        '<w:r><w:t xml:space="preserve">Договор вступил в силу </w:t></w:r>'
        '<w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:t xml:space="preserve">в январе </w:t></w:r></w:ins>'
        f'<w:del w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>{DELETED} </w:delText></w:r></w:del>'
        f"<w:r><w:rPr><w:vanish/></w:rPr><w:t>{HIDDEN}</w:t></w:r>"
        "<w:r><w:t>года</w:t></w:r>"
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteReference w:id="1"/></w:r>'
        "<w:r><w:t>.</w:t></w:r>",
    )

    p = document.add_paragraph()
    _append(
        p,
        '<w:r><w:t xml:space="preserve">Страница </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {INSTRUCTION} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> из </w:t></w:r>'
        '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>3</w:t></w:r></w:fldSimple>'
        "<w:r><w:br/><w:t>Стороны обменялись нотами.</w:t></w:r>" + _text_box("Текст во врезке."),
    )

    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate((("Страна", "Столица"), ("Казахстан", "Астана"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text

    commented = document.add_paragraph("Совещание прошло в Минске.")
    document.add_comment(commented.runs, text="Проверить дату совещания.", author="Редактор")

    _notes_part(document, "footnote", {1: "Указ № 123 от 1 марта."})
    _notes_part(document, "endnote", {1: "По данным МИД."})
    document.save(str(path))
    return path


def docx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def visible_runs(path: Path) -> list[str]:
    """Every visible `w:t` of a Word file, found independently of the reader: all XML parts
    under word/, leaving out deleted text, hidden runs and Fallback copies."""
    from lxml import etree

    w = "{" + W_NS + "}"
    mc = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
    texts: list[str] = []
    for name, data in docx_parts(path).items():
        if not (name.startswith("word/") and name.endswith(".xml")) or "/glossary/" in name:
            continue
        root = etree.fromstring(data)
        for t in root.iter(w + "t"):
            ancestors = {a.tag for a in t.iterancestors()}
            if {w + "del", w + "moveFrom", mc + "Fallback"} & ancestors:
                continue
            run = t.getparent()
            vanish = run.find(f"{w}rPr/{w}vanish") if run is not None else None
            if vanish is not None and vanish.get(w + "val", "true") not in ("0", "false", "off"):
                continue
            texts.append(t.text or "")
    return texts


def build_zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def long_docx(path: Path, pages: int, paragraphs_per_page: int = 12) -> Path:
    """A long Word document (about `pages` pages of Russian prose, with bold and italic runs
    and a table every ten pages), written fast as raw XML into python-docx's template."""
    import docx

    template = path.with_suffix(".template.docx")
    docx.Document().save(str(template))
    parts = docx_parts(template)
    template.unlink()
    sentence = "Стороны обсудили вопросы двустороннего сотрудничества в торгово-экономической сфере"
    paragraph = (
        '<w:p w:rsidR="00A1"><w:r><w:t xml:space="preserve">{n}. {s} и </w:t></w:r>'
        '<w:r><w:rPr><w:b/></w:rPr><w:t>энергетике</w:t></w:r><w:r><w:t xml:space="preserve">, а также </w:t></w:r>'
        "<w:r><w:rPr><w:i/></w:rPr><w:t>культуре</w:t></w:r><w:r><w:t>. {s}.</w:t></w:r></w:p>"
    )
    cell = "<w:tc><w:p><w:r><w:t>Ячейка {n}</w:t></w:r></w:p></w:tc>"
    body: list[str] = []
    n = 0
    for page in range(pages):
        for _ in range(paragraphs_per_page):
            n += 1
            body.append(paragraph.format(n=n, s=sentence))
        if page % 10 == 9:
            body.append(
                "<w:tbl>" + "".join(f"<w:tr>{cell.format(n=i)}{cell.format(n=i + 1)}</w:tr>" for i in range(5)) + "</w:tbl>"
            )
    parts["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}><w:body>{"".join(body)}'
        "<w:sectPr/></w:body></w:document>"
    ).encode()
    return build_zip(path, parts)


FEATURE_HTML = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>Тест</title></head><body>
<p>Президент <b>Токаев</b> подписал <i>указ</i> о <a href="https://eaeunion.org/">ЕАЭС</a>.</p>
<p>Договор вступил в силу в январе года.</p>
<table border="1"><tr><td>Страна</td><td>Столица</td></tr><tr><td>Казахстан</td><td>Астана</td></tr></table>
<p>Совещание прошло в Минске.</p>
</body></html>
"""


def soffice_convert(source: Path, target_format: str, outdir: Path) -> Path:
    """`source` converted by LibreOffice (`docx` or `odt`), with a throwaway profile."""
    assert SOFFICE is not None
    filters = {"docx": 'docx:"MS Word 2007 XML"', "odt": "odt:writer8"}
    with tempfile.TemporaryDirectory(prefix="soffice-") as profile:
        env = dict(os.environ, HOME=profile)
        result = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                *([("--infilter=HTML (StarWriter)")] if source.suffix in (".html", ".htm") else []),
                "--convert-to",
                filters[target_format].replace('"', ""),
                "--outdir",
                str(outdir),
                str(source),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            stdin=subprocess.DEVNULL,
        )
    converted = outdir / f"{source.stem}.{target_format}"
    assert converted.exists(), result.stdout + result.stderr
    return converted


# --- hostile packages, for tests/tm/documents/test_packages.py and the fault table ---

MINIMAL_DOCUMENT = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<w:document {NS}><w:body><w:p><w:r><w:t>Привет.</w:t></w:r></w:p>'
    "</w:body></w:document>"
)


def word_zip(path: Path, document: str = MINIMAL_DOCUMENT, **extra: bytes) -> Path:
    """A minimal Word package with this word/document.xml."""
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": document.encode()}
    members.update({name.replace("__", "/"): data for name, data in extra.items()})
    return build_zip(path, members)


def corrupt_docx(path: Path) -> Path:
    """A Word file cut in half, as an interrupted download leaves it."""
    data = word_zip(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def bomb_docx(path: Path, megabytes: int = 40) -> Path:
    """A few tens of kilobytes that unpack to `megabytes` of zeros (a zip bomb)."""
    return word_zip(path, **{"word__media__zeros.bin": bytes(megabytes * 1024 * 1024)})


def encrypted_docx(path: Path) -> Path:
    """What Word writes for "Encrypt with password": an OLE2 compound file whose directory
    names the EncryptionInfo and EncryptedPackage streams (enough for the signature)."""
    sector = bytearray(512)
    for index, name in enumerate(("Root Entry", "EncryptionInfo", "EncryptedPackage")):
        encoded = name.encode("utf-16-le")
        sector[index * 128 : index * 128 + len(encoded)] = encoded
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path.write_bytes(header + bytes(sector) + bytes(4096))
    return path


XXE_DOCUMENT = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f"<w:document {NS}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)
LAUGHS_DOCUMENT = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY a "ааааааааааа">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + f"]>\n<w:document {NS}><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>"
)


# --- the seeds as Office documents and a web page, for the OmegaT target (issue 17) ---

SEED_FILES = ("002_tokayev-article-rg.txt", "003_talks-narrow-format.txt")
SEED_HEADER = "Министерство иностранных дел Республики Казахстан"
SEED_BOX = "Материал подготовлен пресс-службой министерства."
SEED_TABLE = (
    ("Казахстан и Россия подписали декларацию.", "Стороны обсудили торговлю."),
    ("Визит прошёл в Москве.", "Переговоры продлились два часа."),
)
SEED_NOTE = "Примечание редакции к тексту."
_MARKS = ("bold", "italic", "link", "note")
Piece = tuple[str, str]  # (kind: "text" or one of _MARKS, text)


def seed_paragraphs(paragraphs_per_seed: int = 2, sentences: int = 3) -> list[list[Piece]]:
    """The first paragraphs of the seeds (their first `sentences` sentences), with every
    seventh word made bold, italic, a hyperlink or followed by a footnote reference in turn,
    so that marks fall inside sentences, first and later ones."""
    import re

    from tm.text.sentences import split_sentences

    result: list[list[Piece]] = []
    mark = 0
    for name in SEED_FILES:
        lines = [line.strip() for line in (SEEDS / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        for line in lines[:paragraphs_per_seed]:
            text = " ".join(split_sentences(line)[:sentences])
            pieces: list[Piece] = []
            plain = ""
            for index, word in enumerate(re.split(r"( )", text)):
                if word != " " and index % 14 == 6 and re.fullmatch(r"[А-Яа-яЁё]+", word):
                    kind = _MARKS[mark % len(_MARKS)]
                    mark += 1
                    if kind == "note":
                        pieces += [("text", plain + word), ("note", "")]
                    else:
                        pieces += [("text", plain), (kind, word)]
                    plain = ""
                else:
                    plain += word
            pieces.append(("text", plain))
            result.append([p for p in pieces if p[1] or p[0] == "note"])
    return result


def seed_html(libreoffice: bool = True) -> str:
    """The seed paragraphs as a web page in the form LibreOffice's own HTML export has, so
    that its import makes real Word/ODF features of them: `<div title="header">` is the
    page header, `sdfootnote` anchors are footnotes, an absolutely placed `div` a frame.
    The page itself (`libreoffice=False`) has the header as a heading: a `title` attribute
    is a segment of its own for OmegaT's HTML filter."""
    from html import escape

    header = f'<div title="header"><p>{escape(SEED_HEADER)}</p></div>' if libreoffice else f"<h1>{escape(SEED_HEADER)}</h1>"
    body: list[str] = [header]
    notes = 0
    for pieces in seed_paragraphs():
        parts = []
        for kind, text in pieces:
            if kind == "bold":
                parts.append(f"<b>{escape(text)}</b>")
            elif kind == "italic":
                parts.append(f"<i>{escape(text)}</i>")
            elif kind == "link":
                parts.append(f'<a href="https://www.akorda.kz/">{escape(text)}</a>')
            elif kind == "note":
                notes += 1
                parts.append(
                    f'<a class="sdfootnoteanc" name="sdfootnote{notes}anc" href="#sdfootnote{notes}sym"><sup>{notes}</sup></a>'
                )
            else:
                parts.append(escape(text))
        body.append(f"<p>{''.join(parts)}</p>")
    rows = "".join("<tr>" + "".join(f"<td><p>{escape(c)}</p></td>" for c in row) + "</tr>" for row in SEED_TABLE)
    body.append(f'<table border="1">{rows}</table>')
    body.append(
        f'<div style="position: absolute; top: 20cm; left: 2cm; width: 8cm; border: 1px solid"><p>{escape(SEED_BOX)}</p></div>'
    )
    for n in range(1, notes + 1):
        body.append(
            f'<div id="sdfootnote{n}"><p><a class="sdfootnotesym" name="sdfootnote{n}sym" href="#sdfootnote{n}anc">{n}</a>'
            f"{escape(SEED_NOTE)}</p></div>"
        )
    return '<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8"></head><body>\n' + "\n".join(body) + "\n</body></html>\n"


def seed_docx(path: Path) -> Path:
    """The seed paragraphs as a Word document written by python-docx (notes, links and the
    text box added as XML): a header, the paragraphs, a table and a text box."""
    from xml.sax.saxutils import escape

    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = SEED_HEADER
    notes: dict[int, str] = {}
    for pieces in seed_paragraphs():
        paragraph = document.add_paragraph()
        for kind, text in pieces:
            if kind == "link":
                _hyperlink(paragraph, "https://www.akorda.kz/", escape(text))
            elif kind == "note":
                notes[len(notes) + 1] = SEED_NOTE
                _append(
                    paragraph,
                    f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{len(notes)}"/></w:r>',
                )
            else:
                run = paragraph.add_run(text)
                run.bold = kind == "bold" or None
                run.italic = kind == "italic" or None
    table = document.add_table(rows=len(SEED_TABLE), cols=2)
    for r, row in enumerate(SEED_TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    _append(document.add_paragraph(), _text_box(SEED_BOX).replace(FALLBACK, escape(SEED_BOX)))
    _notes_part(document, "footnote", notes)
    document.save(str(path))
    return path
