"""The HTML reader: blocks and inline codes at the right offsets, what is never text, lang,
translate="no", furniture, entities and encodings (tm/documents/html.py)."""

from __future__ import annotations

import pytest

import tm.documents.html as html_reader
from tm.core.errors import InputError
from tm.documents.html import read
from tm.documents.model import Block, StructuredDocument, check_block


@pytest.fixture(autouse=True)
def _rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Element rules alone, unless a test asks for trafilatura: these pages are no articles."""
    monkeypatch.setattr(html_reader, "USE_TRAFILATURA", False)


def page(body: str, head: str = "", lang: str = "ru") -> bytes:
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'.encode()


def blocks(data: bytes) -> list[Block]:
    document = read(data, "page.html")
    for block in document.blocks:
        check_block(block)
    return list(document.blocks)


def spans(block: Block) -> list[tuple[str, str, str]]:
    """(kind, type, the text from the code on to the next code)."""
    codes = block.codes
    return [
        (c.kind, c.type, block.text[c.offset : codes[i + 1].offset if i + 1 < len(codes) else None]) for i, c in enumerate(codes)
    ]


def test_inline_codes_sit_at_their_offsets_and_nest() -> None:
    (block,) = blocks(
        page('<p>Президент <b>Касым-Жомарт <i>Токаев</i></b> прибыл в <a href="https://x.kz/a?b=1&amp;c=2">Москву</a>.</p>')
    )
    assert block.text == "Президент Касым-Жомарт Токаев прибыл в Москву."
    opened = {c.id: c for c in block.codes if c.kind == "open"}
    closed = {c.id: c for c in block.codes if c.kind == "close"}
    bold = next(c for c in opened.values() if c.type == "bold")
    assert block.text[bold.offset : closed[bold.id].offset] == "Касым-Жомарт Токаев"
    italic = next(c for c in opened.values() if c.type == "italic")
    assert block.text[italic.offset : closed[italic.id].offset] == "Токаев"
    link = next(c for c in opened.values() if c.type == "link")
    assert block.text[link.offset : closed[link.id].offset] == "Москву"
    assert 'href="https://x.kz/a?b=1&amp;c=2"' in link.data and closed[link.id].data == "</a>"
    # italic closes before bold: the spans nest as written
    assert [c.kind + c.type for c in block.codes if c.offset == closed[bold.id].offset] == ["closeitalic", "closebold"]


def test_breaks_images_and_formatting() -> None:
    (block,) = blocks(
        page('<p>Строка<br>вторая <img src="a.png" alt="герб"> x<sup>2</sup> и <span style="color:red">цвет</span></p>')
    )
    assert block.text == "Строкавторая x2 и цвет"
    kinds = [(c.kind, c.type, c.offset) for c in block.codes]
    assert ("placeholder", "break", 6) in kinds
    assert ("placeholder", "image", 13) in kinds
    assert ("open", "format", 14) in kinds and ("close", "format", 15) in kinds
    assert sum(1 for c in block.codes if c.type == "format") == 4


def test_block_elements_are_blocks_and_whitespace_collapses() -> None:
    found = blocks(
        page(
            "<h1>  Заголовок\n  статьи </h1><div>Текст   в\tдиве <p>абзац</p> хвост</div>"
            "<ul><li>один</li><li>два</li></ul><table><tr><td>ячейка</td><th>шапка</th></tr></table>"
            "<dl><dt>термин</dt><dd>значение</dd></dl><blockquote>цитата</blockquote>"
            "<figure><img src=x><figcaption>подпись</figcaption></figure><pre>\nстрока 1\n  строка 2</pre>",
            head="<title>Название</title>",
        )
    )
    assert [(b.text, b.part) for b in found] == [
        ("Название", "title"),
        ("Заголовок статьи", "body"),
        ("Текст в диве", "body"),
        ("абзац", "body"),
        ("хвост", "body"),
        ("один", "list"),
        ("два", "list"),
        ("ячейка", "table"),
        ("шапка", "table"),
        ("термин", "list"),
        ("значение", "list"),
        ("цитата", "body"),
        ("подпись", "body"),
        ("строка 1", "body"),
        ("  строка 2", "body"),
    ]


def test_a_span_across_a_block_is_closed_and_reopened() -> None:
    found = blocks(page('<a href="/s"><h3>Карточка</h3><p>подпись <b>жирно</b></p></a>'))
    assert [b.text for b in found] == ["Карточка", "подпись жирно"]
    for block in found:
        assert block.codes[0].kind == "open" and block.codes[0].type == "link"
        assert block.codes[-1].kind == "close" and block.codes[-1].offset == len(block.text)


def test_script_style_and_the_rest_are_never_text() -> None:
    found = blocks(
        page(
            "<script>var a = 'Скрипт';</script><style>p { color: red }</style><noscript>Включите JS</noscript>"
            "<template><p>Шаблон</p></template><svg><text>Рисунок</text></svg><!-- Комментарий -->"
            "<p>Текст<script>document.write('вставка')</script> дальше<!-- скрыто --></p>",
            head="<style>body{}</style><script>x()</script>",
        )
    )
    assert [b.text for b in found] == ["Текст дальше"]


def test_lang_is_inherited_and_the_root_lang_is_the_documents() -> None:
    document = read(page('<p>Русский</p><div lang="en"><p>English</p><p lang="kk">Қазақша</p></div>'), "page.html")
    assert document.source_lang == "ru"
    assert [(b.text, b.lang) for b in document.blocks] == [("Русский", "ru"), ("English", "en"), ("Қазақша", "kk")]


def test_translate_no_on_a_block_and_inside_one() -> None:
    # On a block: the block is kept, marked not to translate. Inside one: one placeholder
    # carrying the element, words included (as Okapi's HTML filter makes it), out of the text.
    found = blocks(
        page(
            '<p translate="no">Не переводить</p><div translate="no"><p>внутри</p><p translate="yes">снова да</p></div>'
            '<p>Девиз <i translate="no" lang="fr">Liberté</i> — свобода.</p>'
        )
    )
    assert [(b.text, b.translate) for b in found] == [
        ("Не переводить", False),
        ("внутри", False),
        ("снова да", True),
        ("Девиз — свобода.", True),
    ]
    (code,) = found[-1].codes
    assert (code.kind, code.type, code.offset) == ("placeholder", "other", 6)
    assert code.data == '<i translate="no" lang="fr">Liberté</i>'


def test_navigation_header_footer_and_asides_are_furniture() -> None:
    found = blocks(
        page(
            '<header><a href="/">Сайт</a><nav><a href="/p">Политика</a></nav></header>'
            '<div class="cookie-banner">Мы используем cookie</div>'
            "<main><article><header><h1>Заголовок</h1></header><p>Статья.</p><footer>Теги статьи</footer></article></main>"
            '<aside><ul><li>Другая новость</li></ul></aside><div class="related-news"><p>Ещё</p></div>'
            '<div role="navigation">Меню</div><footer>© 2019</footer>'
        )
    )
    assert {b.text: b.part for b in found} == {
        "Сайт": "furniture",
        "Политика": "furniture",
        "Мы используем cookie": "furniture",
        "Заголовок": "body",  # an article's own header is the article's
        "Статья.": "body",
        "Теги статьи": "body",
        "Другая новость": "furniture",
        "Ещё": "furniture",
        "Меню": "furniture",
        "© 2019": "furniture",
    }


def test_trafilatura_marks_what_is_not_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_reader, "USE_TRAFILATURA", True)
    article = [
        "Президент Казахстана Касым-Жомарт Токаев прибыл в Москву с официальным визитом, сообщает пресс-служба.",
        "В ходе визита стороны подпишут декларацию о всеобъемлющем стратегическом партнёрстве и союзничестве.",
        "Отношения двух стран, по словам политолога, находятся на очень высоком уровне уже много лет подряд.",
    ]
    body = "<div class='x1'>" + "".join(f"<div class='x2'>{p}</div>" for p in article) + "</div>"
    body += "<div class='x3'>" + "".join(f"<div><a href='/{i}'>Другая новость номер {i}</a></div>" for i in range(6)) + "</div>"
    found = blocks(page(f"<div class='x0'><h1>Токаев прибыл в Москву</h1>{body}</div>"))
    kept = [b.text for b in found if b.part != "furniture"]
    assert kept[-3:] == article
    assert not any(t.startswith("Другая новость") for t in kept)


def test_entities_are_htmls_own() -> None:
    (block,) = blocks(page("<p>&laquo;Цитата&raquo;&nbsp;&mdash; 18,3&#160;млрд &amp; &#x41;&copy;</p>"))
    assert block.text == "«Цитата»\xa0— 18,3\xa0млрд & A©"


def test_cp1251_page_with_meta_charset() -> None:
    text = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>Привет, мир «ёж»</p></body></html>'
    assert [b.text for b in blocks(text.encode("cp1251"))] == ["Привет, мир «ёж»"]
    text = text.replace('http-equiv="Content-Type" content="text/html; charset=windows-1251"', 'charset="koi8-r"')
    text = text.replace("«ёж»", "ёж")  # KOI8-R has no guillemets
    assert [b.text for b in blocks(text.encode("koi8_r"))] == ["Привет, мир ёж"]


def test_undeclared_legacy_page_is_detected() -> None:
    data = "<html><body><p>Отношения Казахстана и России переходят на уровень партнёрства.</p></body></html>".encode("cp1251")
    assert [b.text for b in blocks(data)] == ["Отношения Казахстана и России переходят на уровень партнёрства."]


def test_bom_wins_over_a_wrong_declaration() -> None:
    data = b"\xef\xbb\xbf" + page("<p>Текст</p>").replace(b"utf-8", b"windows-1251")
    assert [b.text for b in blocks(data)] == ["Текст"]


def test_utf8_under_a_stale_legacy_declaration_is_read_as_utf8_with_a_note() -> None:
    document = read(page("<p>Текст страницы</p>").replace(b"utf-8", b"windows-1251"), "page.html")
    assert [b.text for b in document.blocks] == ["Текст страницы"]
    assert document.notes == ("page.html: declares windows-1251, but is UTF-8; read as UTF-8",)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            page("<p>Текст новой страницы сайта</p>") + "<p>Вставка из старой CMS</p>".encode("cp1251"),
            "mixed encodings: UTF-8 text and a legacy",
        ),
        (page("<p>ok</p>") + b"\xff\xfe", "mixed encodings: declares UTF-8, but byte"),
        (page("<p>ok</p>").replace(b"utf-8", b"x-no-such"), "declares an unknown charset 'x-no-such'"),
    ],
)
def test_mixed_or_misdeclared_encodings_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as error:
        read(data, "news.html")
    message = str(error.value)
    assert message.startswith("news.html: ") and reason in message and "\n" not in message


def test_xhtml_with_an_entity_doctype_is_harmless(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT")
    data = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY lol "lol&lol;">]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ru"><body><p>До &xxe; после &lol;</p></body></html>'
    ).encode()
    document: StructuredDocument = read(data, "page.xhtml")
    texts = " ".join(b.text for b in document.blocks)
    assert "SECRET" not in texts and "lollol" not in texts
    assert "До" in texts and "после" in texts
    assert document.source_lang == "ru"


def test_empty_page_is_refused() -> None:
    with pytest.raises(InputError, match="page.html: empty file"):
        read(b"  \n", "page.html")


def test_a_document_saved_as_html_keeps_its_headings_and_table_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """No site around the text (no landmarks, no menus, no furniture the element rules find):
    trafilatura, made for news sites, is not asked, so no block of the document is dropped."""
    monkeypatch.setattr(html_reader, "USE_TRAFILATURA", True)
    page = (
        '<!DOCTYPE html><html lang="ru"><body><h1>Министерство иностранных дел</h1>'
        "<p>Казахстан и Россия подписали декларацию о сотрудничестве в Москве.</p>"
        "<p>Стороны обсудили торговлю, транспорт и энергетику на переговорах.</p>"
        "<table><tr><td><p>Визит прошёл в Москве.</p></td><td><p>Переговоры продлились два часа.</p></td></tr></table>"
        "</body></html>"
    )
    blocks = read(page.encode(), "doc.html").blocks
    assert [b.part for b in blocks] == ["body", "body", "body", "table", "table"]


def test_a_news_site_page_still_loses_its_menus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_reader, "USE_TRAFILATURA", True)
    links = "".join(f'<li><a href="/n{i}">Новость номер {i} о событиях дня</a></li>' for i in range(5))
    page = (
        f'<html lang="ru"><body><ul class="x1">{links}</ul>'
        + "".join(f"<p>Казахстан и Россия обсудили вопрос номер {i} на переговорах в Москве в среду.</p>" for i in range(6))
        + "</body></html>"
    )
    blocks = read(page.encode(), "news.html").blocks
    assert all(b.part == "furniture" for b in blocks if "Новость" in b.text)
    assert all(b.part != "furniture" for b in blocks if "обсудили" in b.text)
