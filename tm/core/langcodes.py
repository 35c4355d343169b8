"""Language codes for TMX `xml:lang`: BCP 47 language[-Script][-REGION], case-normalised."""

from __future__ import annotations

import re

# The `xml:lang` codes the memories are written with unless --source-lang/--target-lang
# say otherwise (the defaults of `tm build` and `tm align`).
SOURCE_LANG, TARGET_LANG = "ru-RU", "en-US"
_CODE = re.compile(r"^(?P<lang>[A-Za-z]{2,3})(?:-(?P<script>[A-Za-z]{4}))?(?:-(?P<region>[A-Za-z]{2}|\d{3}))?$")


def normalize_code(code: str) -> str:
    """`ru-ru` → `ru-RU`; raises ValueError for anything that is not a language code."""
    match = _CODE.match(code.strip())
    if not match:
        hint = " (use a hyphen: ru-RU)" if "_" in code else ""
        raise ValueError(f"invalid language code {code!r}{hint}")
    parts = [match["lang"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    return "-".join(parts)


def primary(code: str) -> str:
    return code.split("-")[0].lower()


def check_pair(source: str, target: str, model_source: str, model_target: str) -> tuple[str, str]:
    """Normalised codes, or UsageError unless they name the model's languages.

    The primary subtag must be the model's language (so `de`, `zz`, identical or swapped
    codes are refused); the region stays free: `ru`, `ru-RU`, `ru-KZ`, `en-GB`.
    """
    from tm.core.errors import UsageError

    codes = []
    for option, code, expected in (("--source-lang", source, model_source), ("--target-lang", target, model_target)):
        try:
            code = normalize_code(code)
        except ValueError as exc:
            raise UsageError(f"{option}: {exc}") from None
        if primary(code) != expected:
            raise UsageError(
                f"{option} {code}: the model translates {model_source}→{model_target}; use {expected} or {expected}-REGION"
            )
        codes.append(code)
    return codes[0], codes[1]
