"""Which finds a web page's article better: our element rules (+ the line furniture rules of
tm/text/structure.py) or trafilatura?

Test pages are built here, from the seed articles (../shared/seeds) and runs of WMT newstest
2017/2018 Russian sentences (../shared/corpora) cut into paragraphs, each wrapped in one of
six site templates: semantic HTML5; div soup with telling class names; div soup with
meaningless class names (CSS-module hashes); an old table layout; a blog with breadcrumbs,
tags, share buttons and reader comments; a news page with a cookie banner and "Читайте
также" links inside the article. Navigation, headline lists, related-story cards, footers,
photo credits and dates are furniture; the article is its headline and paragraphs. The
judgement (article or not) is known by construction: a block is article if its text is one
of the paragraphs put in as article.

Every system is scored on the blocks our reader cuts (that is how the reader would use
trafilatura: to say which of its blocks, with their inline codes, are article): a block is
kept by trafilatura if its text is one of trafilatura's output lines, or a long (>= 40
characters) part of one. Precision and recall count characters of article text; the page's
<title> is left out of the count (metadata, neither article nor chrome).

Caveat: the templates and the element rules were written by the same person; the WMT
paragraphs and the seeds were not written against either system.

    .venv/bin/python bench/html_article.py
"""

from __future__ import annotations

import html as html_escape
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tm.documents.html as html_reader  # noqa: E402
from tm.documents.html import read, sibling_runs  # noqa: E402
from tm.documents.model import Block  # noqa: E402
from tm.text.structure import furniture_verdicts  # noqa: E402

SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpora" / "wmt-newstest-ru-en"
_SPACES = re.compile(r"\s+")

SECTIONS = ["Главная", "Политика", "Экономика", "Общество", "Происшествия", "Спорт", "Культура", "Регионы", "Мнения"]
FOOTER = [
    "© 2019 Информационное агентство «Вести дня». Все права защищены.",
    "При полном или частичном использовании материалов ссылка на сайт обязательна.",
    "Сетевое издание зарегистрировано Роскомнадзором, свидетельство Эл № ФС77-12345",
    "18+",
]
FOOTER_LINKS = ["О проекте", "Контакты", "Реклама на сайте", "Политика конфиденциальности", "Вакансии"]
COOKIE = "Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая пользоваться сайтом, вы соглашаетесь с этим."
SHARE = ["Поделиться", "ВКонтакте", "Одноклассники", "Telegram", "WhatsApp"]
COMMENTS = [
    "Давно пора было это сделать, молодцы!",
    "А что будет с ценами, никто так и не сказал.",
    "Спасибо за статью, очень интересно.",
]


@dataclass
class Page:
    name: str
    template: str
    html: str
    article: set[str]  # the article's paragraphs and headline, whitespace collapsed


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _esc(text: str) -> str:
    return html_escape.escape(text, quote=False)


def articles() -> list[tuple[str, str, list[str]]]:
    """(name, headline, paragraphs) from the seeds and from WMT newstest."""
    found: list[tuple[str, str, list[str]]] = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [_clean(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if path.name.startswith("001"):  # a scraped page: keep its prose lines as the article
            lines = [line for line in lines if len(line) >= 80]
        else:
            lines = [line.split("\t")[-1] for line in lines]
        headline, paragraphs = lines[0], lines[1:]
        found.append((path.stem, headline.rstrip("."), paragraphs))
    for year in ("2017", "2018"):
        path = CORPUS / f"newstest{year}.rus"
        if not path.exists():
            continue
        sentences = [_clean(s) for s in path.read_text(encoding="utf-8").splitlines() if s.strip()]
        for k in range(8):
            start = 100 + k * 300
            chunk = sentences[start : start + 24]
            paragraphs = [" ".join(chunk[i : i + 3]) for i in range(0, 24, 3)]
            found.append((f"wmt{year}-{k}", chunk[0].rstrip("."), paragraphs[1:] if len(paragraphs) > 1 else paragraphs))
    return found


def headlines(rng: random.Random, pool: list[str], n: int) -> list[str]:
    return [h.rstrip(".") for h in rng.sample(pool, n)]


def _para(rng: random.Random, text: str) -> str:
    """An article paragraph with some inline markup, as sites have it."""
    words = text.split(" ")
    if len(words) > 6 and rng.random() < 0.4:
        k = rng.randint(1, 3)
        text = f"<b>{_esc(' '.join(words[:k]))}</b> {_esc(' '.join(words[k:]))}"
    elif len(words) > 8 and rng.random() < 0.3:
        k = rng.randint(2, len(words) - 3)
        text = f'{_esc(" ".join(words[:k]))} <a href="/news/{k}.html">{_esc(words[k])}</a> {_esc(" ".join(words[k + 1 :]))}'
    else:
        text = _esc(text)
    return f"<p>{text}</p>"


def _links(items: list[str], wrap: str = "li") -> str:
    return "".join(f'<{wrap}><a href="/{i}.html">{_esc(t)}</a></{wrap}>' for i, t in enumerate(items))


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} ноября 2019, {rng.randint(7, 23):02d}:{rng.randint(0, 59):02d}"


def t_semantic(rng: random.Random, head: str, paras: list[str], pool: list[str]) -> str:
    body = "".join(_para(rng, p) for p in paras)
    related = _links(headlines(rng, pool, 5))
    return (
        f'<header><div class="logo">Вести дня</div><nav><ul>{_links(SECTIONS)}</ul></nav></header>'
        f"<main><article><header><h1>{_esc(head)}</h1><time>{_date(rng)}</time></header>{body}"
        f"<footer><p>Теги: Казахстан, Россия, политика</p></footer></article></main>"
        f"<aside><h2>Популярное</h2><ul>{related}</ul></aside>"
        f"<footer>{''.join(f'<p>{_esc(x)}</p>' for x in FOOTER)}<ul>{_links(FOOTER_LINKS)}</ul></footer>"
    )


def t_classes(rng: random.Random, head: str, paras: list[str], pool: list[str]) -> str:
    body = "".join(_para(rng, p) for p in paras)
    cards = "".join(
        f'<div class="card"><a href="/r{i}.html"><div class="card-title">{_esc(h)}</div></a><div class="card-date">{_date(rng)}</div></div>'
        for i, h in enumerate(headlines(rng, pool, 4))
    )
    return (
        f'<div class="top-menu">{_links(SECTIONS, "span")}</div>'
        f'<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/politics">Политика</a></div>'
        f'<div class="content"><h1 class="title">{_esc(head)}</h1><div class="date">{_date(rng)}</div>'
        f'<div class="article-text">{body}</div>'
        f'<div class="share-buttons">{"".join(f"<a href=#>{s}</a>" for s in SHARE)}</div></div>'
        f'<div class="related-news"><div class="block-title">Читайте также</div>{cards}</div>'
        f'<div class="footer">{"".join(f"<div>{_esc(x)}</div>" for x in FOOTER)}</div>'
    )


def t_hashed(rng: random.Random, head: str, paras: list[str], pool: list[str]) -> str:
    """Class names that say nothing (CSS modules): only structure and text are left."""
    cut = rng.randint(2, max(2, len(paras) - 2))
    also = headlines(rng, pool, 1)[0]
    body = "".join(f'<div class="x7f3a">{_esc(p)}</div>' for p in paras[:cut])
    body += f'<div class="q9b1"><b>Читайте также:</b> <a href="/x.html">{_esc(also)}</a></div>'
    body += "".join(f'<div class="x7f3a">{_esc(p)}</div>' for p in paras[cut:])
    more = "".join(f'<div class="k2m"><a href="/m{i}">{_esc(h)}</a></div>' for i, h in enumerate(headlines(rng, pool, 6)))
    return (
        f'<div class="a1b2">{"".join(f"<a class=z1 href=/{s}>{s}</a>" for s in SECTIONS)}</div>'
        f'<div class="c3d4"><div class="e5f6"><span class="g7">{_date(rng)}</span><h1 class="h8">{_esc(head)}</h1>'
        f'<div class="i9">Фото: пресс-служба Акорды</div>{body}</div>'
        f'<div class="j0">{more}</div></div>'
        f'<div class="l1m2"><span>{_esc(FOOTER[0])}</span> <span>{_esc(FOOTER[1])}</span></div>'
    )


def t_table(rng: random.Random, head: str, paras: list[str], pool: list[str]) -> str:
    body = "".join(_para(rng, p) for p in paras)
    menu = "<br>".join(f'<a href="/{s}">{s}</a>' for s in SECTIONS)
    news = "".join(f"<p><small>{_date(rng)}</small><br><a href=/n>{_esc(h)}</a></p>" for h in headlines(rng, pool, 5))
    return (
        '<table width="100%"><tr><td colspan="2"><img src="/logo.gif" alt="Вести дня"> '
        f"<font size=1>Новости Казахстана и мира</font></td></tr>"
        f'<tr><td width="180" valign="top">{menu}<hr><b>Последние новости</b>{news}</td>'
        f'<td valign="top"><h2>{_esc(head)}</h2>{body}<p align="right"><i>{_date(rng)}</i></p></td></tr>'
        f'<tr><td colspan="2"><center>{_esc(FOOTER[0])}<br>{_esc(FOOTER[2])}</center></td></tr></table>'
    )


def t_blog(rng: random.Random, head: str, paras: list[str], pool: list[str]) -> str:
    body = "".join(_para(rng, p) for p in paras)
    comments = "".join(f'<div class="comment"><b>user{i}</b><p>{_esc(c)}</p></div>' for i, c in enumerate(COMMENTS))
    popular = _links(headlines(rng, pool, 5))
    return (
        f'<div id="header"><a href="/">Блог о политике</a><ul id="menu">{_links(SECTIONS[:5])}</ul></div>'
        f'<div id="main"><div class="post"><h1>{_esc(head)}</h1><div class="meta">Опубликовано {_date(rng)} | Автор: admin</div>'
        f'<div class="entry">{body}</div><div class="tags">Метки: <a href=/t1>Казахстан</a>, <a href=/t2>Россия</a></div>'
        f'<div class="social">{"".join(f"<a href=#>{s}</a> " for s in SHARE)}</div></div>'
        f'<div id="comments"><h3>Комментарии (3)</h3>{comments}</div></div>'
        f'<div id="sidebar"><h3>Популярные записи</h3><ul>{popular}</ul><h3>Рубрики</h3><ul>{_links(SECTIONS[1:6])}</ul></div>'
        f'<div id="footer"><p>{_esc(FOOTER[0])}</p></div>'
    )


def t_news(rng: random.Random, head: str, paras: list[str], pool: list[str]) -> str:
    cut = rng.randint(1, max(1, len(paras) - 1))
    inner = "".join(_para(rng, p) for p in paras[:cut])
    inner += f'<div class="inline-links"><p>Читайте также</p><ul>{_links(headlines(rng, pool, 3))}</ul></div>'
    inner += "".join(_para(rng, p) for p in paras[cut:])
    more = "".join(f"<li><span>{_date(rng)}</span> <a href=/z>{_esc(h)}</a></li>" for h in headlines(rng, pool, 7))
    return (
        f'<div class="cookie-banner"><p>{_esc(COOKIE)}</p><a href="#">Принять</a></div>'
        f'<div class="site-header"><a href="/">ВЕСТИ ДНЯ</a> <span>{_date(rng)}</span> <span>Курс: 63,80 ₽</span></div>'
        f'<div class="menu">{_links(SECTIONS, "span")}</div>'
        f'<div class="layout"><div class="story"><h1>{_esc(head)}</h1><div class="lead-photo"><img src=/p.jpg>'
        f"<div>Фото: РИА Новости</div></div>{inner}<div>Просмотров: {rng.randint(100, 9999)}</div></div>"
        f'<div class="col-right"><div>Лента новостей</div><ul>{more}</ul></div></div>'
        f'<div class="bottom">{"".join(f"<p>{_esc(x)}</p>" for x in FOOTER)}</div>'
    )


TEMPLATES: dict[str, Callable[[random.Random, str, list[str], list[str]], str]] = {
    "semantic": t_semantic,
    "classes": t_classes,
    "hashed": t_hashed,
    "table": t_table,
    "blog": t_blog,
    "news": t_news,
}


def pages() -> list[Page]:
    """One page per article, the templates in turn (each template used 3 times or more)."""
    rng = random.Random(17)
    found = articles()
    pool = [_clean(s) for _, head, paras in found for s in [head] + [p.split(". ")[0] for p in paras] if 30 <= len(s) <= 110]
    built = []
    names = list(TEMPLATES)
    for i, (name, head, paras) in enumerate(found):
        template = names[i % len(names)]
        others = [h for h in pool if h not in paras and h != head]
        body = TEMPLATES[template](rng, head, paras, others)
        page = (
            f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{_esc(head)} — Вести дня</title>'
            f"<script>window.dataLayer=[];</script><style>.x{{}}</style></head><body>{body}"
            f"<script>counter('ya')</script></body></html>"
        )
        built.append(Page(name, template, page, {_clean(p) for p in [head, *paras]}))
    return built


# --- the systems: each says which blocks are article ---


def by_elements(blocks: list[Block], _: str) -> list[bool]:
    return [b.part != "furniture" for b in blocks]


def by_rules(blocks: list[Block], page: str) -> list[bool]:
    keep = by_elements(blocks, page)
    for run in sibling_runs(blocks):
        for i, verdict in zip(run, furniture_verdicts([blocks[i].text for i in run]), strict=True):
            if verdict:
                keep[i] = False
    return keep


def trafilatura_system(**options: Any) -> Callable[[list[Block], str], list[bool]]:
    def system(blocks: list[Block], page: str) -> list[bool]:
        import trafilatura

        text = trafilatura.extract(page, output_format="txt", include_comments=False, include_tables=True, **options)
        return matches(blocks, text or "")

    return system


def matches(blocks: list[Block], extracted: str) -> list[bool]:
    """Which of our blocks trafilatura's text holds: a line of it, or a long part of one."""
    lines = [_clean(line) for line in extracted.splitlines() if line.strip()]
    exact = set(lines)
    return [(t := _clean(b.text)) in exact or (len(t) >= 40 and any(t in line for line in lines)) for b in blocks]


def both(*systems: Callable[[list[Block], str], list[bool]]) -> Callable[[list[Block], str], list[bool]]:
    def system(blocks: list[Block], page: str) -> list[bool]:
        verdicts = [s(blocks, page) for s in systems]
        return [all(v[i] for v in verdicts) for i in range(len(blocks))]

    return system


SYSTEMS = {
    "(a) element rules": by_elements,
    "(a) element + structure.py rules": by_rules,
    "(b) trafilatura.extract": trafilatura_system(),
    "(b) trafilatura favor_precision": trafilatura_system(favor_precision=True),
    "(b) trafilatura favor_recall": trafilatura_system(favor_recall=True),
    "(a) ∧ (b) rules and trafilatura": both(by_rules, trafilatura_system()),
    "(c) the reader as shipped (a ∧ b, unless b keeps < 50%)": by_rules,
}
SHIPPED = "(c) the reader as shipped (a ∧ b, unless b keeps < 50%)"


def score(
    system: Callable[[list[Block], str], list[bool]], built: list[Page], shipped: bool = False
) -> tuple[float, float, float, dict[str, float]]:
    """Character precision, recall, seconds, and F1 per template. The reader runs without its
    trafilatura step, so each system is judged alone, except the reader as `shipped`."""
    html_reader.USE_TRAFILATURA = shipped
    tp = fp = fn = 0
    per: dict[str, list[int]] = {}
    start = time.perf_counter()
    for page in built:
        blocks = [b for b in read(page.html.encode(), page.name).blocks if b.part != "title"]
        for block, kept in zip(blocks, system(blocks, page.html), strict=True):
            truth = _clean(block.text) in page.article
            n = len(block.text)
            counts = per.setdefault(page.template, [0, 0, 0])
            if kept and truth:
                tp += n
                counts[0] += n
            elif kept:
                fp += n
                counts[1] += n
            elif truth:
                fn += n
                counts[2] += n
    seconds = time.perf_counter() - start
    f1s = {t: 2 * c[0] / max(2 * c[0] + c[1] + c[2], 1) for t, c in per.items()}
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), seconds, f1s


def main() -> None:
    built = pages()
    truth_chars = sum(len(p) for page in built for p in page.article)
    print(f"{len(built)} pages, {len(TEMPLATES)} templates, {truth_chars:,} characters of article text\n")
    names = list(TEMPLATES)
    print(f"| system | precision | recall | F1 | {' | '.join(names)} | seconds |")
    print("|---" * (5 + len(names)) + "|")
    for name, system in SYSTEMS.items():
        p, r, seconds, f1s = score(system, built, shipped=name == SHIPPED)
        f1 = 2 * p * r / max(p + r, 1e-9)
        cells = " | ".join(f"{f1s.get(t, 0):.3f}" for t in names)
        print(f"| {name} | {p:.3f} | {r:.3f} | {f1:.3f} | {cells} | {seconds:.1f} |")
    print("\n(per-template columns: F1; characters of article text, blocks our reader cuts)")


if __name__ == "__main__":
    main()
