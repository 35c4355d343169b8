"""Unicode clean-up applied to every document before it is split.

Each rule is a small function; `normalize_text` composes them in order. The aim is that
the same sentence typed in different editors becomes the same string, so it is translated
and cached once. `ё` is never folded to `е`: it is part of the spelling as written.
"""

from __future__ import annotations

import re
import unicodedata

# Spaces that word processors and web pages use instead of U+0020. The no-break spaces
# (U+00A0, U+202F) stay as written: Russian typography puts them on purpose («18,3 млрд»,
# «т. д.»), and a CAT tool's segment keeps them, so a TMX source must too to match exactly.
# Keys for de-duplication and the cache (`normalize_segment`) still fold them.
_ODD_SPACES = re.compile("[\u2000-\u200a\u205f\u3000]")
# Invisible characters that only get in the way of matching.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\u0085\x0b\x0c]")
# Characters XML 1.0 forbids (TMX is XML), besides tab and newline.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def unify_line_breaks(text: str) -> str:
    return _LINE_BREAKS.sub("\n", text)


def compose(text: str) -> str:
    """NFC, so that `й` typed as и + combining breve equals the precomposed letter."""
    return unicodedata.normalize("NFC", text)


def fold_spaces(text: str) -> str:
    return _ODD_SPACES.sub(" ", text)


def drop_invisible(text: str) -> str:
    """Soft hyphens, zero-width spaces and stray BOMs."""
    return _INVISIBLE.sub("", text)


def drop_xml_forbidden(text: str) -> str:
    return _XML_FORBIDDEN.sub("", text)


RULES = (unify_line_breaks, compose, fold_spaces, drop_invisible, drop_xml_forbidden)


# Anything any rule would change but NFC: one search tells that a text is already clean.
# One character class (much faster to search than an alternation): every character a rule
# above would change, \r included.
_ANY_RULE = re.compile(
    "[" + "".join(p.pattern[1:-1] for p in (_ODD_SPACES, _INVISIBLE, _XML_FORBIDDEN)) + "\r\u2028\u2029\u0085]"
)


def normalize_text(text: str) -> str:
    if not _ANY_RULE.search(text) and unicodedata.is_normalized("NFC", text):
        return text  # the common case, and a hot path of TMX writing
    for rule in RULES:
        text = rule(text)
    return text


def normalize_segment(text: str) -> str:
    """A segment's key for de-duplication and caching: normalised, single-spaced, stripped."""
    return " ".join(normalize_text(text).split())
