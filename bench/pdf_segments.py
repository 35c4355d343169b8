"""PDF sentences vs the text's: how many sentences of a document `tm segment` cuts the same
from the PDF that LibreOffice exports of it as from the text itself.

The documents are made from the seeds (a title, headings, paragraphs long enough to wrap
and break pages, a running header and page numbers; two of them set in two columns) as flat OpenDocument (.fodt), exported to
PDF by `soffice --headless --convert-to pdf` in a temporary profile and home. The text's
sentences are `split_sentences` of each paragraph written; the PDF's are the segments of
`tm.documents.pdf.read` through `tm.text.segment`. A sentence counts as identical when the
PDF gives it as often as the text (multiset intersection).

    .venv/bin/python bench/pdf_segments.py [--rss]   (--rss: peak RSS reading a 500-page PDF)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tm.documents import pdf  # noqa: E402
from tm.text.documents import Document  # noqa: E402
from tm.text.segment import segment_document  # noqa: E402
from tm.text.sentences import split_sentences  # noqa: E402
from tm.text.structure import split_paragraphs  # noqa: E402

SEEDS = ROOT / "seeds"
TWO_COLUMNS = {"002_tokayev-article-rg", "004_tokayev-article-izvestia"}

_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.2cm" fo:text-align="{align}"/>
  <style:text-properties fo:font-size="11pt" fo:language="ru" fo:country="RU"/></style:style>
 <style:style style:name="Heading" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm"/>
  <style:text-properties fo:font-size="15pt" fo:font-weight="bold"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="Page"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
  fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.4cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="Columns" style:family="section"><style:section-properties>
  <style:columns fo:column-count="2" fo:column-gap="0.8cm"/></style:section-properties></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="Page">
 <style:header><text:p>Казахстан и Россия: материалы прессы</text:p></style:header>
 <style:footer><text:p>Страница <text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>
<text:h text:style-name="Heading" text:outline-level="1">{title}</text:h>
{body}
</office:text></office:body></office:document>
"""


@dataclass(frozen=True)
class Made:
    name: str
    paragraphs: list[str]  # what was written, in order (the title first)
    pdf: Path


def seed_paragraphs(path: Path) -> list[str]:
    """The paragraphs of a seed as `tm segment` reads them, furniture left out."""
    text = path.read_text(encoding="utf-8")
    return [p.text for p in split_paragraphs(text) if not p.furniture and p.text.strip()]


def with_headings(paragraphs: list[str]) -> list[tuple[str, str]]:
    """The paragraphs as (style, text), a heading «Часть N» before every sixth."""
    parts = []
    for index, paragraph in enumerate(paragraphs):
        if index and index % 6 == 0:
            parts.append(("h", f"Часть {index // 6}"))
        parts.append(("p", paragraph))
    return parts


def fodt(title: str, paragraphs: list[str], two_columns: bool) -> str:
    """A flat OpenDocument text: the title, then the paragraphs with headings; in a
    two-column section when asked."""
    parts = []
    for style, text in with_headings(paragraphs):
        if style == "h":
            parts.append(f'<text:h text:style-name="Heading" text:outline-level="2">{escape(text)}</text:h>')
        else:
            parts.append(f'<text:p text:style-name="Standard">{escape(text)}</text:p>')
    body = "\n".join(parts)
    if two_columns:
        body = f'<text:section text:style-name="Columns" text:name="Columns">{body}</text:section>'
    return _FODT.format(title=escape(title), body=body, align="justify" if two_columns else "start")


def to_pdf(sources: list[Path], out: Path) -> None:
    """LibreOffice's PDF export of `sources` into `out`, never touching the real home."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("soffice (LibreOffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="lo-") as home:
        env = dict(os.environ, HOME=home)
        command = [soffice, f"-env:UserInstallation=file://{home}/lo", "--headless", "--convert-to", "pdf", "--outdir", str(out)]
        subprocess.run([*command, *map(str, sources)], env=env, check=True, capture_output=True, timeout=600)


def make_documents(folder: Path, names: list[str] | None = None) -> list[Made]:
    """The seeds (or those named) as PDFs in `folder`, with the paragraphs written."""
    made, sources = [], []
    for seed in sorted(SEEDS.glob("*.txt")):
        if names is not None and seed.stem not in names:
            continue
        paragraphs = seed_paragraphs(seed)
        title, rest = "Документ " + seed.stem.split("_", 1)[1], paragraphs
        source = folder / f"{seed.stem}.fodt"
        source.write_text(fodt(title, rest, seed.stem in TWO_COLUMNS), encoding="utf-8")
        sources.append(source)
        written = [text for _, text in with_headings(rest)]
        made.append(Made(seed.stem, [title, *written], folder / f"{seed.stem}.pdf"))
    to_pdf(sources, folder)
    return made


def compare(made: Made) -> tuple[int, int, int]:
    """(sentences of the text, of the PDF, identical in both)."""
    expected = Counter(s for p in made.paragraphs for s in split_sentences(p))
    document = pdf.read(made.pdf.read_bytes(), made.pdf.name)
    text = "\n".join(block.text for block in document.blocks)
    got = Counter(s.prefix + s.text for s in segment_document(Document(made.pdf.name, text, "utf-8"), keep_furniture=True))
    return sum(expected.values()), sum(got.values()), sum((expected & got).values())


def pages_of(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as document:
        return len(document.pages)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pdf-segments-") as tmp:
        made = make_documents(Path(tmp))
        print(f"{'document':34} {'pages':>5} {'columns':>7} {'text':>5} {'pdf':>5} {'same':>5} {'%':>6}")
        totals = [0, 0, 0]
        for item in made:
            counts = compare(item)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            columns = 2 if item.name in TWO_COLUMNS else 1
            print(
                f"{item.name:34} {pages_of(item.pdf):5} {columns:7} {counts[0]:5} {counts[1]:5} {counts[2]:5} {100 * counts[2] / counts[0]:6.1f}"
            )
        print(f"{'total':34} {'':5} {'':7} {totals[0]:5} {totals[1]:5} {totals[2]:5} {100 * totals[2] / totals[0]:6.1f}")
        if "--rss" in sys.argv:
            rss(Path(tmp))


def rss(folder: Path, pages: int = 500) -> None:
    """Peak RSS of reading a PDF of about `pages` pages in a fresh process."""
    paragraphs = [p for seed in sorted(SEEDS.glob("*.txt")) for p in seed_paragraphs(seed)]
    # the seeds make about 7 pages; repeat them to the page count asked
    source = folder / "long.fodt"
    source.write_text(fodt("Длинный документ", paragraphs * (pages // 7 + 1), False), encoding="utf-8")
    to_pdf([source], folder)
    long_pdf = folder / "long.pdf"
    code = (
        "import resource, sys, time; from tm.documents import pdf; t = time.time(); "
        "d = pdf.read(open(sys.argv[1], 'rb').read(), 'long.pdf'); "
        "print(len(d.blocks), round(time.time() - t, 1), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(long_pdf)], cwd=ROOT, capture_output=True, text=True, check=True)
    blocks, seconds, megabytes = result.stdout.split()
    size = long_pdf.stat().st_size / 2**20
    print(f"{pages_of(long_pdf)} pages, {size:.1f} MB: {blocks} paragraphs in {seconds} s, peak RSS {megabytes} MB")


if __name__ == "__main__":
    main()
