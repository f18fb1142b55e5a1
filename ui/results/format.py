"""Formatting of engine values for display, in the UI language.

Money is shown in yuan: in Chinese as 元 / 万元 / 亿元, in English as
¥ with M for millions.  ``None`` (a metric that does not exist) becomes
"n/a", or "not within N years" for a payback.  The words come from
:mod:`planner.terms` (``assets/terms/ui.json``).
"""

from __future__ import annotations

import math

from planner.terms import split_bilingual
from ui.i18n import is_chinese
from ui.widgets.labels import lang, measure_type_label, period_label, t


def na() -> str:
    return t("format.na")


def _bad(value) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def money(value: float | None) -> str:
    """A yuan amount, rounded for a card or a chart label."""
    if _bad(value):
        return na()
    v = float(value)
    a = abs(v)
    if is_chinese():
        if a >= 1e8:
            return f"{v / 1e8:,.2f} 亿元"
        if a >= 1e4:
            return f"{v / 1e4:,.1f} 万元"
        return f"{v:,.0f} 元"
    if a >= 1e6:
        return f"¥{v / 1e6:,.2f} M" if v >= 0 else f"−¥{-v / 1e6:,.2f} M"
    return f"¥{v:,.0f}" if v >= 0 else f"−¥{-v:,.0f}"


def yuan_exact(value: float | None) -> str:
    """A yuan amount to the yuan, with thousands separators (tables)."""
    if _bad(value):
        return na()
    v = round(float(value))
    if v == 0:
        v = 0  # no "-0"
    return f"{v:,.0f}"


def years(value: float | None, analysis_years: int | None = None) -> str:
    """A payback time; None -> "not within N years"."""
    if _bad(value):
        if analysis_years:
            return t("format.not_within_years", n=int(analysis_years))
        return na()
    return t("format.years", value=f"{float(value):.1f}")


def percent(value: float | None, digits: int = 1) -> str:
    if _bad(value):
        return na()
    return f"{float(value):.{digits}f} %"


def tonnes(value: float | None) -> str:
    if _bad(value):
        return na()
    return t("format.tonnes", value=f"{float(value):,.0f}")


def tce(value: float | None) -> str:
    if _bad(value):
        return na()
    return t("format.tce", value=f"{float(value):,.0f}")


def kwh(value: float | None) -> str:
    if _bad(value):
        return na()
    v = float(value)
    if abs(v) >= 1e6:
        return t("format.gwh", value=f"{v / 1e6:,.2f}") if abs(v) >= 1e9 else t("format.mwh", value=f"{v / 1e3:,.0f}")
    return t("format.kwh", value=f"{v:,.0f}")


def number(value: float | None, digits: int = 0) -> str:
    if _bad(value):
        return na()
    return f"{float(value):,.{digits}f}"


def money_scale() -> tuple[float, str]:
    """(divisor, axis unit) for chart axes in yuan."""
    if is_chinese():
        return 1e4, "万元"
    return 1e6, t("format.million_yuan")


def short_name(name: str) -> str:
    """The part of a bilingual name "中文 / English" in the UI language (:func:`planner.terms.split_bilingual`)."""
    return split_bilingual(name, lang())


def measure_type(mtype: str) -> str:
    return measure_type_label(mtype)


def period(name: str) -> str:
    return period_label(name)
