"""One Qt-free catalogue of the words the product shows: enum labels, field
labels, units and message phrases, in Chinese (``zh``) and English (``en``).

The app, the workbook and the error messages all read it; Qt's ``tr()``
stays for window chrome only (menus, dialog buttons).  The catalogue is the
JSON files in ``assets/terms/`` (one file per domain, merged; a key may
appear in one file only), each entry ``{"zh": "...", "en": "..."}`` with an
optional ``"unit"`` key naming a ``unit.*`` entry.

Also here: the one splitter of bilingual names (``"中文 / English"``) and
the one CJK test.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from typing import Any

from planner.io.assets import asset_path

LANGS = ("zh", "en")


def normalise_lang(lang: str | None) -> str:
    """``"zh"`` for any Chinese locale name (``zh_CN``, ``zh-Hans``), else ``"en"``."""
    return "zh" if (lang or "zh").lower().startswith("zh") else "en"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, Any]]:
    """Every entry of ``assets/terms/*.json``, merged; a duplicate key is an error."""
    out: dict[str, dict[str, Any]] = {}
    folder = asset_path("terms")
    for path in sorted(folder.glob("*.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        for key, entry in entries.items():
            if key.startswith("_"):
                continue
            if key in out:
                raise ValueError(f"{path.name}: term {key!r} is defined twice")
            out[key] = entry
    return out


def term(key: str, lang: str, **fmt: object) -> str:
    """The text of ``key`` in ``lang``, with ``{name}`` placeholders filled from ``fmt``.

    A missing key raises ``KeyError`` (a test checks every key is in both languages).
    """
    entry = catalogue()[key]
    text = entry[normalise_lang(lang)]
    return text.format(**fmt) if fmt else text


def has_term(key: str) -> bool:
    return key in catalogue()


def unit(key: str, lang: str) -> str:
    """The unit label of a field term (its ``"unit"`` entry), or ``""``."""
    entry = catalogue()[key]
    u = entry.get("unit")
    return term(u, lang) if u else ""


def has_cjk(text: str) -> bool:
    """True when ``text`` holds a wide (CJK) character."""
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)


def split_bilingual(name: str, lang: str) -> str:
    """The part of a bilingual ``"中文 / English"`` name in ``lang``, else the name.

    Applies only when the name has exactly one `` / `` with CJK on one side
    and none on the other (the convention of the seed projects); anything
    else is returned unchanged.
    """
    parts = name.split(" / ")
    if len(parts) == 2:
        a, b = (p.strip() for p in parts)
        if a and b and has_cjk(a) != has_cjk(b):
            zh, en = (a, b) if has_cjk(a) else (b, a)
            return zh if normalise_lang(lang) == "zh" else en
    return name
