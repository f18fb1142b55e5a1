"""Display names of the project's enumerations and units, translated.

Every text here goes through ``QCoreApplication.translate`` with a fixed
context (``Labels`` or ``Units``) so that one translation serves every
editor.  :func:`is_chinese` tells the editors which of a reference preset's
``label_en`` / ``label_zh`` to show: it is true when the installed
translator translates the marker ``Language/en`` to ``zh``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from planner.io.projectfile import Problem


def _labels(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def _units(text: str) -> str:
    return QCoreApplication.translate("Units", text)


def is_chinese() -> bool:
    """True when the Chinese translation is active."""
    return QCoreApplication.translate("Language", "en") == "zh"


def pick_label(item: dict) -> str:
    """``label_zh`` or ``label_en`` of a reference-data preset, by the active language."""
    if is_chinese():
        return item.get("label_zh") or item.get("label_en") or item.get("id", "")
    return item.get("label_en") or item.get("label_zh") or item.get("id", "")


def period_label(period: str) -> str:
    return {
        "critical_peak": QCoreApplication.translate("Labels", "Critical peak"),
        "peak": QCoreApplication.translate("Labels", "Peak"),
        "flat": QCoreApplication.translate("Labels", "Flat"),
        "valley": QCoreApplication.translate("Labels", "Valley"),
        "deep_valley": QCoreApplication.translate("Labels", "Deep valley"),
    }.get(period, period)


def period_short(period: str) -> str:
    """One or two characters drawn inside a TOU grid cell."""
    return {
        "critical_peak": QCoreApplication.translate("Labels", "CP"),
        "peak": QCoreApplication.translate("Labels", "P"),
        "flat": QCoreApplication.translate("Labels", "F"),
        "valley": QCoreApplication.translate("Labels", "V"),
        "deep_valley": QCoreApplication.translate("Labels", "DV"),
    }.get(period, period[:2])


def shift_label(pattern: str) -> str:
    return {
        "one_shift": QCoreApplication.translate("Labels", "One shift (08-16 h)"),
        "two_shift": QCoreApplication.translate("Labels", "Two shifts (08-24 h)"),
        "three_shift": QCoreApplication.translate("Labels", "Three shifts (24 h on working days)"),
        "continuous": QCoreApplication.translate("Labels", "Continuous (every hour of every day)"),
    }.get(pattern, pattern)


def schedule_label(schedule: str) -> str:
    return {
        "continuous": QCoreApplication.translate("Labels", "Continuous (all 8760 h)"),
        "one_shift": QCoreApplication.translate("Labels", "One shift (08-16 h, working days)"),
        "two_shift": QCoreApplication.translate("Labels", "Two shifts (08-24 h, working days)"),
        "three_shift": QCoreApplication.translate("Labels", "Three shifts (00-24 h, working days)"),
        "working_days": QCoreApplication.translate("Labels", "Working days, all hours"),
        "daytime": QCoreApplication.translate("Labels", "Daytime (08-18 h, every day)"),
        "follow_load": QCoreApplication.translate("Labels", "Follows the load"),
    }.get(schedule, schedule)


def working_days_label(value: str) -> str:
    return {
        "mon_fri": QCoreApplication.translate("Labels", "Monday to Friday"),
        "mon_sat": QCoreApplication.translate("Labels", "Monday to Saturday"),
        "all": QCoreApplication.translate("Labels", "Every day"),
    }.get(value, value)


def measure_type_label(mtype: str) -> str:
    return {
        "motor": QCoreApplication.translate("Labels", "Motor replacement"),
        "vfd": QCoreApplication.translate("Labels", "Variable-speed drive"),
        "specific_energy": QCoreApplication.translate("Labels", "Process upgrade (per unit of output)"),
        "annual_energy": QCoreApplication.translate("Labels", "Annual energy before/after"),
        "pv": QCoreApplication.translate("Labels", "Rooftop PV"),
        "battery": _storage_term("storage.measure"),
        "power_factor_correction": QCoreApplication.translate("Labels", "Power-factor correction (SVG)"),
    }.get(mtype, mtype)


def _storage_term(key: str) -> str:
    """Battery words come from the catalogue (assets/terms/storage.json), not from Qt's .ts."""
    from planner.terms import term
    from ui.i18n import current_language

    return term(key, "zh" if current_language().startswith("zh") else "en")


def motor_class_label(motor_class: str) -> str:
    return {
        "ie2": QCoreApplication.translate("Labels", "IE2 (below the legal minimum since 2021)"),
        "grade3": QCoreApplication.translate("Labels", "GB 18613 grade 3 = IE3"),
        "grade2": QCoreApplication.translate("Labels", "GB 18613 grade 2 = IE4"),
        "grade1": QCoreApplication.translate("Labels", "GB 18613 grade 1 (~IE5)"),
    }.get(motor_class, motor_class)


def month_label(month: int) -> str:
    """Short month name, 1..12."""
    names = [
        QCoreApplication.translate("Labels", "Jan"),
        QCoreApplication.translate("Labels", "Feb"),
        QCoreApplication.translate("Labels", "Mar"),
        QCoreApplication.translate("Labels", "Apr"),
        QCoreApplication.translate("Labels", "May"),
        QCoreApplication.translate("Labels", "Jun"),
        QCoreApplication.translate("Labels", "Jul"),
        QCoreApplication.translate("Labels", "Aug"),
        QCoreApplication.translate("Labels", "Sep"),
        QCoreApplication.translate("Labels", "Oct"),
        QCoreApplication.translate("Labels", "Nov"),
        QCoreApplication.translate("Labels", "Dec"),
    ]
    return names[month - 1]


# Units.  The leading space is part of the suffix (" kW").
def unit(key: str) -> str:
    """Translated unit suffix for ``key`` (without the leading space)."""
    table = {
        "kW": QCoreApplication.translate("Units", "kW"),
        "kWp": QCoreApplication.translate("Units", "kWp"),
        "kVA": QCoreApplication.translate("Units", "kVA"),
        "kWh": QCoreApplication.translate("Units", "kWh"),
        "kWh/a": QCoreApplication.translate("Units", "kWh/year"),
        "kWh/kWp": QCoreApplication.translate("Units", "kWh/kWp per year"),
        "yuan": QCoreApplication.translate("Units", "yuan"),
        "yuan/a": QCoreApplication.translate("Units", "yuan/year"),
        "yuan/kWh": QCoreApplication.translate("Units", "yuan/kWh"),
        "yuan/kVA-month": QCoreApplication.translate("Units", "yuan/kVA per month"),
        "yuan/kW-month": QCoreApplication.translate("Units", "yuan/kW per month"),
        "%": QCoreApplication.translate("Units", "%"),
        "%/a": QCoreApplication.translate("Units", "%/year"),
        "deg": QCoreApplication.translate("Units", "°"),
        "h/a": QCoreApplication.translate("Units", "h/year"),
        "a": QCoreApplication.translate("Units", "years"),
        "units/a": QCoreApplication.translate("Units", "units/year"),
        "pcs": QCoreApplication.translate("Units", "pcs"),
        "kg/kWh": QCoreApplication.translate("Units", "kg CO2/kWh"),
        "kgce/kWh": QCoreApplication.translate("Units", "kgce/kWh"),
        "-": "",
    }
    return table.get(key, key)


def problem_text(problems: list[Problem], own_path: str | None = None) -> str:
    """One line per problem: "Expected ..., found ..." (prefixed by its field when it is another field)."""
    lines = []
    for p in problems:
        line = QCoreApplication.translate("Labels", "Expected {expected}, found {found}").format(
            expected=p.expected, found=p.found
        )
        # name the field only when the problem is about another one (not this field, nor the
        # object it belongs to, e.g. "measures[0]" for a rule between two of its fields)
        if p.path and own_path is not None and not (own_path == p.path or own_path.startswith(p.path + ".")):
            line = f"{p.path}: {line}"
        lines.append(line)
    return "\n".join(lines)


def path_string(path: tuple) -> str:
    """``("measures", 2, "capex_yuan")`` -> ``"measures[2].capex_yuan"`` (as Problem.path writes it)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
