"""The project's segmentation as SRX rules, for CAT tools to cut segments as `tm build` does.

`tm segment` is razdel plus repairs (tm/text/sentences.py). SRX is an ordered list of regular
expression pairs: a break (or no-break) where the text before matches `before` and the text
after matches `after`; the first rule that matches a position decides. The rules below
reproduce, in that form, what razdel and the repairs decide on these texts:

- no break before a lower-case word (тыс. российских, т. д. и) or an acronym after a unit
  abbreviation (долл. США);
- the dateline «Москва. 11 ноября. KAZAKHSTAN TODAY - …» and a leading «В 2019–2020 гг.» are
  not sentences of their own;
- initials: «А.Г. Арутюнов» holds together, but «… Арутюнов А.Г. Он …» and «в 1992 г. Он»
  break;
- abbreviations that do not end a sentence before a capital (г. Астана, им. Абая);
- otherwise a break after . ! ? … (with closing quotes) before white space.

What SRX cannot say: razdel's own statistics-free heuristics for rarer cases (e.g. a period
after a one-letter word that is not an initial); the window split of paragraphs over 10,000
characters; furniture, which `tm build` leaves out and a CAT tool keeps as segments. A CAT
tool's text filter must also make each line a paragraph (OmegaT: Text files → "segment on
line breaks"; `--omegat` writes that setting too).

For documents (DOCX, ODT, HTML) `--omegat` also writes the options of OmegaT 3.6's filters
that decide which segments exist and which tags they carry, so that its segments are the
ones `tm build` writes as level-2 TMX (`DOCUMENT_FILTERS`, read in omegat-org/omegat at tag
v3.6.0_10: HTMLOptions, OpenXMLOptions, OpenDocOptions), and `omegat.prefs`, the two
preferences without which OmegaT reads a TMX from another tool at level 1 and drops its
codes (`OMEGAT_PREFERENCES`; tm/memory/inline_tmx.py says why).

Both Java (OmegaT, Okapi) and ICU/.NET (Trados, memoQ) read these patterns: no Python-only
syntax is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from tm.text.vocabulary import (
    CAPITALISED_WORD,
    CITY,
    SENTENCE_START,
    TITLES,
    UNITS,
    acronyms,
    alternatives,
    date,
    surname_initials,
    year_end,
    year_prefix,
)

SRX_NS = "http://www.lisa.org/srx20"
RUSSIAN = "Russian (diplotm)"
DEFAULT = "Default (diplotm)"

# Every pattern that spans white space takes it as \s: a CAT tool's text may hold any there.
_S = r"\s"


@dataclass(frozen=True)
class Rule:
    breaks: bool
    before: str
    after: str
    why: str


RUSSIAN_RULES: tuple[Rule, ...] = (
    Rule(False, rf"^{CITY}", rf"\s+{date(_S)}", "dateline: the city and the date are one segment with what follows"),
    Rule(False, rf"^{CITY}\s+{date(_S)}", r"\s", "dateline, after the date"),
    Rule(False, rf"^{year_prefix(_S)}", r"\s", "a leading «В 2019–2020 гг.»"),
    Rule(True, year_end(_S), rf"\s+{CAPITALISED_WORD}", "«в 1992 г. Он»: a year ends the sentence before a capital"),
    Rule(True, surname_initials(_S), rf"\s+{SENTENCE_START}", "«Арутюнов А.Г. Он»: initials after a surname"),
    Rule(False, r"\b[А-ЯЁA-Z]\.", r"\s?[А-ЯЁA-Z]", "initials: «А.Г. Арутюнов», «В. В. Путин»"),
    Rule(False, r"\.", r"\s+[а-яё]", "no sentence starts lower-case: «23 тыс. российских», «т. д. и»"),
    Rule(False, rf"\b(?:{alternatives(UNITS)})\.", rf"\s+{acronyms(_S)}(?:\s|$)", "«30 млрд долл. США.»"),
    Rule(False, rf"\b(?:{alternatives(TITLES)})\.", r"\s+[А-ЯЁ]", "«г. Астана», «им. Абая»"),
    Rule(True, r"[.!?…]+[»\"”)]*", r"\s+\S", "a sentence ends"),
)

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(False, r"\b[A-Z]\.", r"\s?[A-Z]", "initials"),
    Rule(True, r"[.!?…]+[»\"”)]*", r"\s+\S", "a sentence ends"),
)


def _rule_xml(rule: Rule, indent: str) -> str:
    return (
        f'{indent}<rule break="{"yes" if rule.breaks else "no"}">\n'
        f"{indent}  <!-- {escape(rule.why.replace('--', '–'))} -->\n"
        f"{indent}  <beforebreak>{escape(rule.before)}</beforebreak>\n"
        f"{indent}  <afterbreak>{escape(rule.after)}</afterbreak>\n"
        f"{indent}</rule>\n"
    )


def srx_document() -> str:
    """SRX 2.0: Russian rules for `ru*`, and a plain default for other languages."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<srx xmlns="{SRX_NS}" version="2.0">\n',
        '  <header segmentsubflows="yes" cascade="no">\n',
        '    <formathandle type="start" include="no"/>\n',
        '    <formathandle type="end" include="yes"/>\n',
        '    <formathandle type="isolated" include="yes"/>\n',
        "  </header>\n  <body>\n    <languagerules>\n",
    ]
    for name, rules in ((RUSSIAN, RUSSIAN_RULES), (DEFAULT, DEFAULT_RULES)):
        parts.append(f'      <languagerule languagerulename="{name}">\n')
        parts += [_rule_xml(rule, "        ") for rule in rules]
        parts.append("      </languagerule>\n")
    parts += [
        "    </languagerules>\n    <maprules>\n",
        f'      <languagemap languagepattern="[Rr][Uu].*" languagerulename="{RUSSIAN}"/>\n',
        f'      <languagemap languagepattern=".*" languagerulename="{DEFAULT}"/>\n',
        "    </maprules>\n  </body>\n</srx>\n",
    ]
    return "".join(parts)


# --- OmegaT 3.x/4.x: omegat/segmentation.conf (a java.beans.XMLEncoder file) ---


# OmegaT segments a paragraph's text with its tag shortcuts in it (`<t0/>Москва. 11 ноября.`
# from a DOCX paragraph that opens with a run): a rule anchored at the paragraph's start
# lets such tags stand before what it matches, as our segmenter never sees codes.
_OMEGAT_LEADING_TAGS = r"^(?:</?[a-zA-Z]+\d+/?>)*"


def _omegat_pattern(pattern: str) -> str:
    return _OMEGAT_LEADING_TAGS + pattern[1:] if pattern.startswith("^") else pattern


def _omegat_rule(rule: Rule) -> str:
    breaking = '     <void property="breakRule">\n      <boolean>true</boolean>\n     </void>\n' if rule.breaks else ""
    return (
        '   <void method="add">\n    <object class="org.omegat.core.segmentation.Rule">\n'
        f'     <void property="afterbreak">\n      <string>{escape(rule.after)}</string>\n     </void>\n'
        f'     <void property="beforebreak">\n      <string>{escape(_omegat_pattern(rule.before))}</string>\n     </void>\n'
        f"{breaking}    </object>\n   </void>\n"
    )


def _omegat_map(name: str, pattern: str, rules: tuple[Rule, ...]) -> str:
    return (
        '   <void method="add">\n    <object class="org.omegat.core.segmentation.MapRule">\n'
        f'     <void property="language">\n      <string>{escape(name)}</string>\n     </void>\n'
        f'     <void property="pattern">\n      <string>{escape(pattern)}</string>\n     </void>\n'
        '     <void property="rules">\n      <object class="java.util.ArrayList">\n'
        + "".join(_omegat_rule(r) for r in rules)
        + "      </object>\n     </void>\n    </object>\n   </void>\n"
    )


def omegat_segmentation_conf() -> str:
    """The same rules as OmegaT 3.x/4.x read them from a project's omegat/ folder."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<java version="1.8.0" class="java.beans.XMLDecoder">\n'
        ' <object class="org.omegat.core.segmentation.SRX">\n  <void property="mappingRules">\n'
        + _omegat_map(RUSSIAN, "RU.*", RUSSIAN_RULES)
        + _omegat_map(DEFAULT, ".*", DEFAULT_RULES)
        + '  </void>\n  <void property="version">\n   <string>0.2.2</string>\n  </void>\n </object>\n</java>\n'
    )


@dataclass(frozen=True)
class FilterSpec:
    """One of OmegaT's file filters as filters.xml names it, with the options we set."""

    class_name: str
    masks: tuple[str, ...]
    options: tuple[tuple[str, str, str], ...]  # name, value, why

    def xml(self) -> str:
        files = "".join(f'        <files sourceFilenameMask="{m}" targetFilenamePattern="${{filename}}"/>\n' for m in self.masks)
        options = "".join(
            f'        <!-- {escape(why)} -->\n        <option name="{name}" value="{value}"/>\n'
            for name, value, why in self.options
        )
        return f'    <filter className="{self.class_name}" enabled="true">\n{files}{options}    </filter>\n'


# OmegaT's default list, and the meta tags that pages and LibreOffice's HTML export carry.
SKIP_META = ",".join(
    (
        "http-equiv=refresh",
        "name=robots",
        "name=revisit-after",
        "http-equiv=expires",
        "http-equiv=content-style-type",
        "http-equiv=content-script-type",
        "name=keywords",
        "name=description",
        "name=author",
        "name=generator",
        "name=created",
        "name=changed",
        "name=viewport",
    )
)

# The options that change which segments OmegaT makes of a document and which tags they
# carry; the others (encodings, whitespace of the written target) do not change a match.
DOCUMENT_FILTERS = (
    FilterSpec(
        "org.omegat.filters2.html2.HTMLFilter2",
        ("*.htm", "*.html", "*.xhtml", "*.xht"),
        (
            ("paragraphOnBr", "false", "<br> is a placeholder inside the sentence, as our HTML reader has it"),
            ("translateHref", "false", "link targets are not text: no segment of their own"),
            ("translateSrc", "false", "image sources are not text"),
            ("translateLang", "false", "lang attributes are not text"),
            ("translateHreflang", "false", "hreflang attributes are not text"),
            ("translateValue", "false", "form input values are not text of the page"),
            ("translateButtonValue", "false", "nor are button labels"),
            ("skipMeta", SKIP_META, "meta tags are never read as text: no segments of their own"),
        ),
    ),
    FilterSpec(
        "org.omegat.filters3.xml.openxml.OpenXMLFilter",
        ("*.doc?", "*.dotx", "*.dotm"),
        (
            ("translateHiddenText", "false", "hidden text is not read"),
            ("translateComments", "true", "comments are read"),
            ("translateFootnotes", "true", "footnotes are read"),
            ("translateEndnotes", "true", "endnotes are read"),
            ("translateHeaders", "true", "headers are read"),
            ("translateFooters", "true", "footers are read"),
            ("translateFallbackText", "false", "a text box's VML fallback copy is not read twice"),
            ("translateDiagrams", "false", "SmartArt is not read"),
            ("translateDrawings", "false", "drawings' own text is not read"),
            ("translateWordArt", "false", "WordArt is not read"),
            ("aggregateTags", "true", "adjacent run tags are one tag, as our reader merges run splits"),
            ("preserveSpaces", "true", "spaces are kept as written"),
            ("breakOnBr", "false", "<w:br/> is a placeholder inside the sentence, not a paragraph end"),
        ),
    ),
    FilterSpec(
        "org.omegat.filters3.xml.opendoc.OpenDocFilter",
        ("*.od?", "*.ot?"),
        (
            ("translateNotes", "true", "footnotes and endnotes are read"),
            ("translateComments", "true", "comments (annotations) are read"),
            ("translateIndexes", "false", "index entries are not text of the document"),
            ("translateBookmarks", "false", "bookmark names are not text"),
            ("translateBookmarkRefs", "false", "nor are references to them"),
            ("translateLinks", "false", "link targets are not text"),
            ("translatePresNotes", "false", "presentation notes are not read"),
            ("translateSheetNames", "false", "sheet names are not read"),
        ),
    ),
)

# OmegaT's preferences (~/.omegat/omegat.prefs) a level-2 TMX from another tool needs:
# without the first OmegaT reads its codes at level 1, dropping them with their content, so
# no unit with codes matches; the second writes a <ph> as <f0/>, as OmegaT's DOCX and ODT
# filters show their standalone tags.
OMEGAT_PREFERENCES = (("ext_tmx_show_level2", "true"), ("ext_tmx_use_slash", "true"))


PREFS_FILE = "omegat.prefs"


def omegat_prefs() -> str:
    """`omegat.prefs` with `OMEGAT_PREFERENCES`, in the form OmegaT writes it."""
    lines = "".join(f"    <{name}>{value}</{name}>\n" for name, value in OMEGAT_PREFERENCES)
    return f'<?xml version="1.0" encoding="UTF-8" ?>\n<omegat>\n  <preference version="1.0">\n{lines}  </preference>\n</omegat>\n'


def omegat_filters_xml() -> str:
    """OmegaT's file filters with plain text cut into paragraphs at every line break (its
    default, at empty lines, joins the lines of a block into one segment), and the
    document filters as `DOCUMENT_FILTERS` sets them. `removeTags="true"` (OmegaT's default,
    "remove leading and trailing tags"): the tags before a paragraph's text and after it
    that pair with nothing inside stay out of its segments, as out of our TMX sources
    (tm/documents/codes.py); with it off, every DOCX segment carries the run tags
    OmegaT's OpenXML filter sees at the paragraph's ends (`<t0/>…<t1/>`), and none
    matches a TMX."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<filters removeTags="true" removeSpacesNonseg="false" preserveSpaces="false" ignoreFileContext="false">\n'
        '    <filter className="org.omegat.filters2.text.TextFilter" enabled="true">\n'
        '        <files sourceFilenameMask="*.txt" targetFilenamePattern="${filename}"/>\n'
        '        <files sourceFilenameMask="*.txt1" targetFilenamePattern="${filename}"/>\n'
        '        <files sourceFilenameMask="*.utf8" targetFilenamePattern="${filename}" sourceEncoding="UTF-8"'
        ' targetEncoding="UTF-8"/>\n'
        '        <option name="segmentOn" value="BREAKS"/>\n'
        '        <option name="lineLength" value="0"/>\n'
        '        <option name="maxLineLength" value="0"/>\n'
        "    </filter>\n" + "".join(spec.xml() for spec in DOCUMENT_FILTERS) + "</filters>\n"
    )


# --- writing them into a project: merge filters.xml, replace segmentation.conf ---

TEXT_FILTER = "org.omegat.filters2.text.TextFilter"
# What `tm build` needs from OmegaT's text filter: a segment never spans a line break.
TEXT_OPTIONS = {"segmentOn": "BREAKS"}
_MAX_FILTERS_BYTES = 10 * 1024 * 1024  # OmegaT's own file is a few KB


@dataclass
class OmegatWrite:
    """What `write_srx` or `write_omegat` did: a summary for the user, and warnings (one line each)."""

    summary: str
    warnings: list[str]


def merged_filters_xml(existing: bytes) -> bytes | None:
    """Our filter options merged into an existing OmegaT filters.xml: the user's other
    filters, attributes, options and comments stay; the text filter's `segmentOn` becomes
    BREAKS and the document filters get the options of `DOCUMENT_FILTERS` (each filter is
    added if there is none; one there keeps its `enabled` and file masks). The same bytes
    when nothing had to change; None when the file is not OmegaT filters XML (then nothing
    can be merged)."""
    from lxml import etree

    from tm.core import xmlsafe

    try:
        root = etree.fromstring(existing, xmlsafe.parser())
    except etree.XMLSyntaxError:
        return None
    if root.tag != "filters" or xmlsafe.has_doctype(root):
        return None  # OmegaT writes no DOCTYPE; one with entities could not be written back as it was
    changed = False
    ours = {
        f.get("className"): f for f in etree.fromstring(omegat_filters_xml().encode("utf-8"), xmlsafe.parser()).iterfind("filter")
    }
    wanted = [(TEXT_FILTER, tuple(TEXT_OPTIONS.items()))]
    wanted += [(spec.class_name, tuple((n, v) for n, v, _ in spec.options)) for spec in DOCUMENT_FILTERS]
    for class_name, options in wanted:
        found = [f for f in root.iterfind("filter") if f.get("className") == class_name]
        if not found:
            _append(root, ours[class_name])
            changed = True
        for existing_filter in found:
            for name, value in options:
                changed |= _set_option(existing_filter, name, value)
    if not changed:
        return existing
    # Written as OmegaT writes it (UTF-8, whatever the file's encoding was), with the comments
    # and processing instructions around the root kept.
    standalone = root.getroottree().docinfo.standalone
    parts = ['<?xml version="1.0" encoding="UTF-8"' + (' standalone="yes"' if standalone else "") + "?>\n"]
    parts += [
        etree.tostring(n, encoding="unicode", with_tail=False) + "\n" for n in reversed(list(root.itersiblings(preceding=True)))
    ]
    parts.append(etree.tostring(root, encoding="unicode", with_tail=False) + "\n")
    parts += [etree.tostring(n, encoding="unicode", with_tail=False) + "\n" for n in root.itersiblings()]
    return "".join(parts).encode("utf-8")


def _set_option(text_filter: Any, name: str, value: str) -> bool:
    """Give the filter's option `name` this value (adding it if missing); whether it changed."""
    from lxml import etree

    options = [o for o in text_filter.iterfind("option") if o.get("name") == name]
    if not options:
        _append(text_filter, etree.Element("option", name=name, value=value))
        return True
    stale = [o for o in options if o.get("value") != value]
    for option in stale:
        option.set("value", value)
    return bool(stale)


def _append(parent: Any, child: Any) -> None:
    """Append `child` with the indentation its new siblings have."""
    if len(parent):
        last = parent[-1]
        child.tail = last.tail
        last.tail = (parent[-2].tail if len(parent) > 1 else parent.text) or "\n"
    else:
        child.tail = parent.text
    parent.append(child)


def write_srx(output: Path, omegat: bool = False, force: bool = False) -> OmegatWrite:
    """`tm srx`: the rules as one SRX 2.0 file at `output`, or with `omegat` as OmegaT's
    files in the folder `output` (`write_omegat`)."""
    if omegat:
        return write_omegat(output, force)
    from tm.core.atomic import check_outputs, require_suffix, write_bytes

    check_outputs({"-o": output})
    require_suffix(output, [".srx"])
    write_bytes(output, srx_document().encode("utf-8"))
    return OmegatWrite(f"{output}: SRX 2.0 segmentation rules", [])


def write_omegat(folder: Path, force: bool = False) -> OmegatWrite:
    """Write segmentation.conf, filters.xml and omegat.prefs into a project's omegat/ folder.

    omegat.prefs is a snippet, not read there: its two preferences go into the user's own
    ~/.omegat/omegat.prefs (or Options → External TMX; README), and it is rewritten each time.
    filters.xml is merged (`merged_filters_xml`): the user's filters and options stay. One
    that is not OmegaT filters XML is refused (OutputError) unless `force`, then replaced.
    segmentation.conf is replaced, which is what the command is for; a different one there
    before is named in a warning. Both are checked before either is written."""
    from tm.core.atomic import check_output, output_folder, write_bytes
    from tm.core.errors import OutputError

    output_folder(folder, "; --omegat needs a folder (a project's omegat/ folder)")
    conf_path, filters_path, prefs_path = folder / "segmentation.conf", folder / "filters.xml", folder / PREFS_FILE
    conf, prefs = omegat_segmentation_conf().encode("utf-8"), omegat_prefs().encode("utf-8")
    filters, merged = omegat_filters_xml().encode("utf-8"), False
    old_conf = _existing(check_output(conf_path), conf_path)
    old_filters = _existing(check_output(filters_path), filters_path)
    old_prefs = _existing(check_output(prefs_path), prefs_path)
    if old_filters is not None:
        result = merged_filters_xml(old_filters)
        if result is not None:
            filters, merged = result, True
        elif not force:
            raise OutputError(
                f"{filters_path}: exists and is not OmegaT filters XML, so our text filter options cannot "
                "be merged into it; it is left as it was (--force replaces it)"
            )
    warnings = []
    if old_conf is not None and old_conf != conf:
        warnings.append(f"{conf_path}: the project's segmentation rules were replaced by diplotm's")
    folder.mkdir(parents=True, exist_ok=True)
    if old_conf != conf:
        write_bytes(conf_path, conf)
    if old_filters != filters:
        write_bytes(filters_path, filters)
    if old_prefs != prefs:
        write_bytes(prefs_path, prefs)
    if not merged:
        note = "filters.xml"
    elif old_filters == filters:
        note = "filters.xml (already has our filter options: left as it was)"
    else:
        note = "filters.xml (our filter options merged into the existing file)"
    return OmegatWrite(
        f"{folder}: segmentation.conf, {note} and {PREFS_FILE} (two preferences for your ~/.omegat/{PREFS_FILE}) for OmegaT",
        warnings,
    )


def _existing(target: Path, shown: Path) -> bytes | None:
    """The bytes of an existing output, None if there is none (check_output has refused
    anything but a regular file). Past a sane size only the start is read: a truncated file
    never parses as filters XML, nor equals ours."""
    from tm.core.errors import OutputError

    try:
        with open(target, "rb") as handle:
            data = handle.read(_MAX_FILTERS_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"{shown}: cannot be read to merge into it ({exc.strerror or exc})") from None
    return data
