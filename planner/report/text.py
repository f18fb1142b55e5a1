"""Text rules of the proposal: user text made safe for a cell, sheet titles,
page header/footer text, display widths, and the report's words.

User text (project, site and measure names, notes, file names) is written
as a *string cell*, never as a formula:

* characters that XML 1.0 cannot hold (C0 controls other than tab/LF/CR,
  lone surrogates, U+FFFE/U+FFFF) and the C1 controls are removed; in
  one-line fields (names) tab, CR and LF become a space;
* text is cut at Excel's 32 767-character cell limit;
* text that starts with ``=``, ``+``, ``-`` or ``@`` is written with
  ``write_string`` and a cell format whose ``quotePrefix`` flag is set:
  what Excel itself writes when one types ``'=text``.  The text is stored
  exactly; Excel and LibreOffice load it as text.

Words: every label is the catalogue entry ``report.<key>`` of
``assets/terms/report.json`` (:func:`label`); shared terms (units, the
payback names) come from ``assets/terms/core.json`` through
:func:`planner.terms.term`.
"""

from __future__ import annotations

import re
import unicodedata

from planner.terms import has_cjk, split_bilingual, term

EXCEL_CELL_MAX = 32767
SHEET_NAME_MAX = 31

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\t\r\n\u2028\u2029]+")
_SHEET_ILLEGAL = re.compile(r"[\[\]:*?/\\]")
FORMULA_TRIGGERS = ("=", "+", "-", "@")


def clean_text(value: object, *, one_line: bool = False, max_len: int = EXCEL_CELL_MAX) -> str:
    """``value`` as text that an .xlsx cell can hold.

    Parameters
    ----------
    value : object
        Anything; ``None`` gives ``""``.
    one_line : bool
        Replace tabs and line breaks by a single space (names, titles).
    max_len : int
        Cut the text to this many characters (an ellipsis marks the cut).
    """
    if value is None:
        return ""
    text = str(value)
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _XML_ILLEGAL.sub("", text)
    if one_line:
        text = text.strip()
    if len(text) > max_len:
        text = text[: max_len - 1] + "\u2026"
    return text


def needs_quote_prefix(text: str) -> bool:
    """True if ``text`` could be taken for a formula (leading ``= + - @``)."""
    return text.startswith(FORMULA_TRIGGERS)


def sheet_title(name: str, taken: set[str] | None = None) -> str:
    """A valid, unique worksheet name from any text.

    Removes ``[ ] : * ? / \\`` and XML-illegal characters, leading/trailing
    apostrophes and spaces, cuts to 31 characters, and appends `` (2)``...
    if the name (case-insensitively) is taken.  "History" is reserved by
    Excel and gets a suffix too.
    """
    base = clean_text(name, one_line=True)
    base = _SHEET_ILLEGAL.sub(" ", base)
    base = re.sub(r"\s+", " ", base).strip().strip("'").strip() or "Sheet"
    base = base[:SHEET_NAME_MAX].rstrip("'").rstrip() or "Sheet"
    lowered = {t.lower() for t in (taken or set())} | {"history"}
    title, n = base, 1
    while title.lower() in lowered:
        n += 1
        suffix = f" ({n})"
        title = base[: SHEET_NAME_MAX - len(suffix)].rstrip("'").rstrip() + suffix
    return title


def header_footer_text(text: str, max_len: int = 80) -> str:
    """Text for a page header/footer section: one line, ``&`` escaped as ``&&``."""
    t = clean_text(text, one_line=True)
    if len(t) > max_len:
        t = t[: max_len - 1] + "\u2026"
    return t.replace("&", "&&")


def display_width(text: str) -> float:
    """Width of ``text`` in Excel column units: CJK (wide/fullwidth) characters count 2."""
    width = 0.0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 1.0
    return width


def truncate_width(text: str, max_width: float) -> str:
    """Cut ``text`` so that its :func:`display_width` is at most ``max_width``."""
    if display_width(text) <= max_width:
        return text
    out, w = "", 0.0
    for ch in text:
        cw = display_width(ch)
        if w + cw > max_width - 1:
            break
        out += ch
        w += cw
    return out.rstrip() + "\u2026"


def normalise_lang(lang: str | None) -> str:
    """``"zh"`` or ``"en"`` from ``zh``, ``zh_CN``, ``zh-Hans``, ``en_US`` ...; None gives ``"zh"``.

    Anything else raises ``ValueError`` (an export language must be one we have words for).
    """
    if lang is None:
        return "zh"
    code = str(lang).strip().lower().replace("-", "_")
    if code.startswith("zh"):
        return "zh"
    if code.startswith("en"):
        return "en"
    raise ValueError(f"lang: expected 'zh' or 'en', found {lang!r}")


def label(key: str, lang: str, **fmt: object) -> str:
    """The report word ``report.<key>`` in ``lang`` (placeholders filled from ``fmt``)."""
    return term(f"report.{key}", lang, **fmt)


def display_name(name: str, lang: str) -> str:
    """The part of a bilingual ``"中文 / English"`` name in ``lang`` (see :func:`planner.terms.split_bilingual`)."""
    return split_bilingual(name, lang)


__all__ = [
    "clean_text",
    "needs_quote_prefix",
    "sheet_title",
    "header_footer_text",
    "display_width",
    "display_name",
    "truncate_width",
    "normalise_lang",
    "label",
    "has_cjk",
]
