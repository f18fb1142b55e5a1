"""Formatting of engine values for display, in the UI language.

Money is shown in yuan: in Chinese as 元 / 万元 / 亿元, in English as
¥ with M for millions.  ``None`` (a metric that does not exist) becomes
"n/a", or "not within N years" for a payback.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ui.i18n import is_chinese


def na() -> str:
    return QCoreApplication.translate("Format", "n/a")


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
            n = int(analysis_years)  # a plain name: pyside6-lupdate 6.11 skips calls with an expression here
            return QCoreApplication.translate("Format", "not within %n years", "", n)
        return na()
    return QCoreApplication.translate("Format", "%1 years").replace("%1", f"{float(value):.1f}")


def percent(value: float | None, digits: int = 1) -> str:
    if _bad(value):
        return na()
    return f"{float(value):.{digits}f} %"


def tonnes(value: float | None) -> str:
    if _bad(value):
        return na()
    return QCoreApplication.translate("Format", "%1 t").replace("%1", f"{float(value):,.0f}")


def tce(value: float | None) -> str:
    if _bad(value):
        return na()
    return QCoreApplication.translate("Format", "%1 tce").replace("%1", f"{float(value):,.0f}")


def kwh(value: float | None) -> str:
    if _bad(value):
        return na()
    v = float(value)
    if abs(v) >= 1e6:
        return (
            QCoreApplication.translate("Format", "%1 GWh").replace("%1", f"{v / 1e6:,.2f}")
            if abs(v) >= 1e9
            else QCoreApplication.translate("Format", "%1 MWh").replace("%1", f"{v / 1e3:,.0f}")
        )
    return QCoreApplication.translate("Format", "%1 kWh").replace("%1", f"{v:,.0f}")


def number(value: float | None, digits: int = 0) -> str:
    if _bad(value):
        return na()
    return f"{float(value):,.{digits}f}"


def money_scale() -> tuple[float, str]:
    """(divisor, axis unit) for chart axes in yuan."""
    if is_chinese():
        return 1e4, "万元"
    return 1e6, QCoreApplication.translate("Format", "million yuan")


def short_name(name: str) -> str:
    """The part of a bilingual name "中文 / English" matching the UI language."""
    if " / " in name:
        zh, _, en = name.partition(" / ")
        zh, en = zh.strip(), en.strip()
        if zh and en:
            return zh if is_chinese() else en
    return name


MEASURE_TYPE_LABELS = {
    "motor": QT_TRANSLATE_NOOP("MeasureType", "Motor replacement"),
    "vfd": QT_TRANSLATE_NOOP("MeasureType", "Variable-speed drive"),
    "specific_energy": QT_TRANSLATE_NOOP("MeasureType", "Process upgrade (per unit)"),
    "annual_energy": QT_TRANSLATE_NOOP("MeasureType", "Annual energy"),
    "pv": QT_TRANSLATE_NOOP("MeasureType", "Rooftop PV"),
}


def measure_type(mtype: str) -> str:
    return QCoreApplication.translate("MeasureType", MEASURE_TYPE_LABELS.get(mtype, mtype))


PERIOD_LABELS = {
    "critical_peak": QT_TRANSLATE_NOOP("Period", "Critical peak"),
    "peak": QT_TRANSLATE_NOOP("Period", "Peak"),
    "flat": QT_TRANSLATE_NOOP("Period", "Flat"),
    "valley": QT_TRANSLATE_NOOP("Period", "Valley"),
    "deep_valley": QT_TRANSLATE_NOOP("Period", "Deep valley"),
}


def period(name: str) -> str:
    return QCoreApplication.translate("Period", PERIOD_LABELS.get(name, name))
