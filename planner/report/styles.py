"""Number formats, colours and the cell formats of the proposal (XlsxWriter).

Cell kinds: ``input`` (yellow, blue font, unlocked: a reader may change it),
``fact`` (grey: a result of the hourly simulation, fixed), ``formula``
(white, boxed), ``total``, ``header``, ``label``, ``title``, ``subtitle``,
``section``, ``note``, ``plain``, ``headline``.  Formats are created once per
(kind, number format, bold, wrap, quote prefix) and shared.
"""

from __future__ import annotations

from typing import Any

F_YUAN = "#,##0;[Red]-#,##0"
F_WAN = "#,##0.0;[Red]-#,##0.0"
F_PRICE = "0.0000"
F_PCT = "0.00%"
F_YEARS = "0.0"
F_INT = "0"
F_KWH = "#,##0"
F_T = "#,##0.0"
F_RATIO = "0.00"
F_SHARE = "0.0000"
F_NUM = "#,##0.####"

C_HEADER = "#1F4E78"
C_SECTION = "#DDEBF7"
C_INPUT = "#FFF2CC"
C_INPUT_FONT = "#0000CC"
C_FACT = "#EDEDED"
C_NOTE = "#595959"
C_TOTAL = "#F2F2F2"
C_BORDER = "#BFBFBF"


_BOX = {"border": 1, "border_color": C_BORDER}
KIND_FORMATS: dict[str, dict[str, Any]] = {
    "title": {"font_size": 16, "bold": True, "font_color": C_HEADER},
    "headline": {"font_size": 13, "bold": True, "font_color": C_HEADER, "text_wrap": True, "valign": "top"},
    "subtitle": {"font_size": 11, "bold": True, "font_color": C_HEADER},
    "section": {"font_size": 11, "bold": True, "font_color": C_HEADER, "bg_color": C_SECTION},
    "header": {
        "bold": True,
        "font_color": "#FFFFFF",
        "bg_color": C_HEADER,
        "align": "center",
        "text_wrap": True,
        **_BOX,
    },
    "input": {"font_color": C_INPUT_FONT, "bg_color": C_INPUT, "locked": False, **_BOX},
    "fact": {"font_color": "#404040", "bg_color": C_FACT, **_BOX},
    "formula": dict(_BOX),
    "label": dict(_BOX),
    "total": {"bold": True, "bg_color": C_TOTAL, **_BOX},
    "note": {"font_size": 9, "italic": True, "font_color": C_NOTE},
    "kpi": {"font_size": 12, "bold": True, **_BOX},
}
"""Cell format of each kind of cell (before the per-call options)."""


class Formats:
    """Cache of XlsxWriter formats of one workbook."""

    def __init__(self, workbook: Any, lang: str):
        self.wb = workbook
        self.font = "Microsoft YaHei" if lang == "zh" else "Calibri"
        self._cache: dict[tuple, Any] = {}

    def get(
        self,
        kind: str = "plain",
        num: str | None = None,
        *,
        bold: bool = False,
        wrap: bool = False,
        quote: bool = False,
        align: str | None = None,
    ) -> Any:
        key = (kind, num, bold, wrap, quote, align)
        if key in self._cache:
            return self._cache[key]
        p: dict[str, Any] = {"font_name": self.font, "font_size": 10, "valign": "vcenter"}
        p.update(KIND_FORMATS.get(kind, {}))
        extra = {
            "bold": True if bold else None,
            "quote_prefix": True if quote else None,
            "align": align,
            "num_format": num,
        }
        if wrap:
            p.update(text_wrap=True, valign="top")
        p.update({k: v for k, v in extra.items() if v})
        fmt = self.wb.add_format(p)
        self._cache[key] = fmt
        return fmt
