"""Reference data shipped in ``assets/``: emission-factor presets, tce
coefficients, motor efficiency classes and provincial tariff templates.

Every preset carries its source, year and confidence (see
``../shared/REFERENCE-DATA.md``); the app shows them next to the value.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

import numpy as np

from planner.io.assets import asset_path
from planner.model.errors import InputError
from planner.model.project import Tariff

TCE_HEAT_EQUIVALENT_KGCE_PER_KWH = 0.1229
"""Electricity, heat-equivalent value [kgce/kWh] (GB/T 2589-2020)."""

TCE_COAL_CONSUMPTION_KGCE_PER_KWH = 0.30
"""Electricity, coal-consumption ("equal value") basis, rounded [kgce/kWh]
(305.5 gce/kWh for 2020, NDRC/NEA 2021; 302.4 for 2024, CEC 2025)."""

NORTH_CHINA_OM_KG_PER_KWH = 0.9419
"""North China grid operating-margin factor [kg CO2/kWh] (MEE 2019 baseline factors)."""

MEE_NATIONAL_AVERAGE_2023_KG_PER_KWH = 0.5306
"""MEE/NBS national average electricity CO2 factor for 2023 data [kg/kWh] (2025 No. 47)."""


@cache
def _read_json(*parts: str) -> Any:
    with open(asset_path(*parts), encoding="utf-8") as fh:
        return json.load(fh)


def emission_presets() -> list[dict]:
    """All grid CO2 factor presets: id, label_en, label_zh, kg_per_kwh, year, source, confidence."""
    return list(_read_json("reference", "emission_factors.json")["presets"])


def emission_preset(preset_id: str) -> dict:
    for p in emission_presets():
        if p["id"] == preset_id:
            return p
    raise KeyError(f"emission factor preset: expected one of the shipped ids, found {preset_id!r}")


def tce_presets() -> list[dict]:
    return list(_read_json("reference", "tce_factors.json")["presets"])


MOTOR_CLASSES: tuple[str, ...] = ("ie2", "grade3", "grade2", "grade1")
_MOTOR_COLUMNS = {
    "ie2": "ie2_pct",
    "grade3": "grade3_ie3_pct",
    "grade2": "grade2_ie4_pct",
    "grade1": "grade1_pct",
}


def motor_table() -> dict:
    return _read_json("reference", "motor_efficiency.json")


def motor_efficiency_pct(rated_power_kw: float, motor_class: str) -> float:
    """Full-load efficiency [%] of a 4-pole 50 Hz motor of a GB 18613 grade / IE class.

    Parameters
    ----------
    rated_power_kw : float
        Rated output [kW], 0.75-375.
    motor_class : {"ie2", "grade3", "grade2", "grade1"}
        ``grade3`` = IE3, ``grade2`` = IE4, ``grade1`` ~ IE5 (GB 18613-2020).

    Notes
    -----
    Between tabulated ratings the efficiency is interpolated linearly in
    log(kW), as IEC 60034-30-1 (annex) does for intermediate ratings.
    """
    if motor_class not in _MOTOR_COLUMNS:
        raise KeyError(f"motor class: expected one of {', '.join(MOTOR_CLASSES)}, found {motor_class!r}")
    rows = motor_table()["rows"]
    kw = np.array([r["rated_power_kw"] for r in rows])
    eff = np.array([r[_MOTOR_COLUMNS[motor_class]] for r in rows])
    if not 0 < rated_power_kw:
        raise ValueError(f"rated_power_kw: expected a number > 0, found {rated_power_kw}")
    x = np.clip(np.log(rated_power_kw), np.log(kw[0]), np.log(kw[-1]))
    return float(np.round(np.interp(x, np.log(kw), eff), 1))


TARIFF_TEMPLATE_FILES: tuple[str, ...] = ("shandong", "jiangsu", "zhejiang", "guangdong", "henan", "flat")


def tariff_templates() -> list[dict]:
    """Shipped tariff templates (id, labels, source/notice, date, illustrative flag, vat_included, tariff dict)."""
    out = []
    for name in TARIFF_TEMPLATE_FILES:
        out.append(_read_json("tariffs", f"{name}.json"))
    return out


def tariff_template(template_id: str) -> Tariff:
    for t in tariff_templates():
        if t["id"] == template_id:
            return Tariff.model_validate(t["tariff"])
    raise KeyError(f"tariff template: expected one of the shipped ids, found {template_id!r}")


SITE_TARIFF_KEYS: tuple[str, ...] = ("basic_charge", "power_factor")
"""Tariff settings that belong to the site (its transformer, contract and
reactive load), never to a provincial template."""


def merge_tariff_template(tariff: Tariff | None, template_id: str) -> tuple[Tariff, list[str]]:
    """Load a template into a site's tariff without silently overwriting its
    basic-charge settings.

    Parameters
    ----------
    tariff : Tariff or None
        The site's current tariff (None: a new project).
    template_id : str
        Id of a shipped template (:func:`tariff_templates`).

    Returns
    -------
    (Tariff, list of str)
        The merged tariff: prices, schedules, export price, surcharges and
        VAT flag from the template; ``basic_charge`` and ``power_factor``
        kept from the site when it has them (the template's only when the
        site has none), escalation kept.  The messages say what was kept
        and what came from the template, so the app can show them.
    """
    data, messages = merge_tariff_template_dict(None if tariff is None else tariff.model_dump(), template_id)
    return Tariff.model_validate(data), messages


def merge_tariff_template_dict(tariff: dict | None, template_id: str) -> tuple[dict, list[str]]:
    """:func:`merge_tariff_template` on project-file dicts (the app edits dicts)."""
    tpl = next((t for t in tariff_templates() if t["id"] == template_id), None)
    if tpl is None:
        raise KeyError(f"tariff template: expected one of the shipped ids, found {template_id!r}")
    data = json.loads(json.dumps(tpl["tariff"]))
    data["template"] = template_id
    if tariff is None:
        return data, [f"tariff loaded from template {template_id}"]
    messages = [f"prices, schedules, export price, surcharges and VAT flag loaded from template {template_id}"]
    for key in SITE_TARIFF_KEYS:
        site_value = tariff.get(key)
        tpl_value = data.get(key)
        if site_value:
            data[key] = site_value
            if tpl_value and _strip(tpl_value) != _strip(site_value):
                messages.append(f"kept the site's {key} (the template's differs: {_brief(tpl_value)})")
            else:
                messages.append(f"kept the site's {key}")
        elif tpl_value:
            messages.append(f"{key} taken from the template (the site had none): check it against the bill")
    if "escalation_pct_per_year" in tariff:
        data["escalation_pct_per_year"] = tariff["escalation_pct_per_year"]
    return data, messages


def _strip(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, 0, 0.0, "")}


def _brief(d: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in d.items() if v not in (None, 0, 0.0, ""))


def cn_holiday_table() -> dict:
    """The shipped State Council holiday arrangements (``assets/reference/cn_holidays.json``)."""
    return _read_json("reference", "cn_holidays.json")


def cn_statutory_holidays(year: int, where: str = "load/holidays") -> tuple[tuple[date, ...], tuple[date, ...]]:
    """Holidays and make-up working days (调休) of ``year`` per the State
    Council notice (国办发明电) shipped as data.

    Returns
    -------
    (holidays, make_up_working_days) : two tuples of datetime.date

    Raises
    ------
    InputError
        For a year not shipped (2027 could not be sourced: enter its dates
        in ``load.holidays`` instead).
    """
    table = cn_holiday_table()
    entry = table["years"].get(str(int(year)))
    if entry is None:
        shipped = ", ".join(sorted(table["years"]))
        raise InputError(
            where,
            f'"cn_statutory" for a load.calendar_year with a shipped State Council holiday notice ({shipped}), '
            "or the holiday dates listed in load.holidays",
            f"calendar_year {int(year)}",
        )
    hol = tuple(date.fromisoformat(d) for d in entry["holidays"])
    work = tuple(date.fromisoformat(d) for d in entry["make_up_working_days"])
    return hol, work


def power_factor_table() -> dict:
    """The shipped (83) 水电财字第215号 adjustment tables (``assets/reference/power_factor_adjustment.json``)."""
    return _read_json("reference", "power_factor_adjustment.json")
