"""One Qt-free catalogue of the words the product shows: enum labels, field
labels, units and message phrases, in Chinese (``zh``) and English (``en``).

The app, the workbook and the error messages all read it; Qt's ``tr()``
stays for window chrome only (menus, dialog buttons).  The catalogue is the
JSON files in ``assets/terms/`` (one file per domain, merged; a key may
appear in one file only), each entry ``{"zh": "...", "en": "..."}`` with an
optional ``"unit"`` key naming a ``unit.*`` entry.

Also here: the one splitter of bilingual names (``"中文 / English"``), the
one CJK test, and :class:`Note`, a message of the engine as a catalogue key
plus parameters (its ``str`` value is the English text).
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


# --- messages as key + parameters (issue 9 item 16): the engine's notes in the UI language
_LIST_SEP = {"zh": "、", "en": ", "}


def _render(key: str, lang: str, params: dict[str, Any]) -> str:
    def one(v: Any) -> Any:
        if isinstance(v, Note):
            return v.text(lang)
        if isinstance(v, (list, tuple)):
            return _LIST_SEP[normalise_lang(lang)].join(str(one(x)) for x in v)
        return v

    return term(key, lang, **{k: one(v) for k, v in params.items()})


class Note(str):
    """One message of the engine: the catalogue phrase ``key`` with its parameters.

    A ``str`` whose value is the English text, so the command line, the
    results JSON and every reader of plain messages see exactly the text
    they saw before; :meth:`text` gives it in another language.  A parameter
    may itself be a :class:`Note` (rendered in the same language) or a list
    of values (joined with ``", "`` in English, ``"、"`` in Chinese).
    Numbers keep their format spec in the phrase (``{kwh:,.0f}``).
    """

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, **params: Any) -> Note:
        obj = super().__new__(cls, _render(key, "en", params))
        obj.key = key
        obj.params = params
        return obj

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``"zh"`` / ``"en"``)."""
        return _render(self.key, lang, self.params)

    def __reduce__(self) -> tuple[Any, ...]:  # pickle / copy rebuild it from the key, not from the English text
        return (_note, (self.key, self.params))


def _note(key: str, params: dict[str, Any]) -> Note:
    return Note(key, **params)


def message_text(message: object, lang: str) -> str:
    """A message in ``lang``: :meth:`Note.text` for a :class:`Note`, else the text as it is."""
    return message.text(lang) if isinstance(message, Note) else str(message)


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

    Applies only when the name splits at one `` / `` into two halves with CJK
    in one and none in the other (the convention of the seed projects).  A
    name with several `` / `` (``"储能 2 MWh / 1 MW / Battery 2 MWh / 1 MW"``)
    splits only at its middle one, and only when it has an odd number of
    them, so both halves have as many parts: the one split that is not a
    guess.  Anything else is returned unchanged.
    """
    parts = name.split(" / ")
    if len(parts) % 2 == 0:
        half = len(parts) // 2
        a, b = (" / ".join(side).strip() for side in (parts[:half], parts[half:]))
        if a and b and has_cjk(a) != has_cjk(b):
            zh, en = (a, b) if has_cjk(a) else (b, a)
            return zh if normalise_lang(lang) == "zh" else en
    return name
