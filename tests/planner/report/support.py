"""Helpers of the Excel-proposal tests: LibreOffice recalculation and an
oracle that says, from the engine's results alone, what each formula cell of
the workbook must show.

The exporter labels every formula cell with a key (``build_workbook`` returns
``{(sheet, cell): key}``); :func:`expected_value` resolves a key against the
:class:`planner.engine.chain.ProjectResult` (and the project), never against numbers
the exporter computed.  The key grammar is in :func:`expected_value`.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import numpy_financial as npf

from planner.engine.finance import PAYBACK_RTOL, loan_schedule, straight_line_depreciation

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SOFFICE_MISSING = "LibreOffice (soffice) is not installed: apt install libreoffice-calc-nogui"

REL_TOL = 1e-6
ABS_TOL = 1e-6
"""Relative 1e-6; the absolute floor only matters for values that are 0 up to
float rounding (e.g. a cumulative flow that crosses zero exactly)."""

UNDEFINED = object()
"""Expected for a metric the engine reports as None: the cell must hold text."""

NOT_CHECKED = object()
"""Helper cells (per-measure flows, PV kWh by period, the headline text): their
agreement shows in the metrics they feed (measure NPV/payback/IRR, PV savings),
which are checked."""


RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def recalculate(paths: list[Path], outdir: Path, workdir: Path, timeout: float = 600) -> dict[Path, Path]:
    """Open every workbook in one LibreOffice run (a private profile), recalculate
    and save it as .xlsx in ``outdir``; returns {input: output}."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = workdir / f"lo-profile-{uuid.uuid4().hex}"
    # The workbook carries cached results; LibreOffice keeps them unless told to
    # recalculate every .xlsx on load (Tools > Options > Calc > Formula: "Always").
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    env = dict(os.environ)
    env.setdefault("HOME", str(workdir))
    proc = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(outdir),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    out = {}
    for p in paths:
        target = outdir / p.name
        if not target.exists():
            raise AssertionError(
                f"LibreOffice did not convert {p.name} (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
            )
        out[p] = target
    shutil.rmtree(profile, ignore_errors=True)
    return out


def _crossings(flows: np.ndarray, scale: float) -> dict[int, float]:
    """Every year k where the running sum goes from < 0 to >= 0, with the
    linearly interpolated crossing time (the planner.engine.finance convention)."""
    tol = PAYBACK_RTOL * abs(scale)
    cum = np.cumsum(flows)
    out = {}
    for k in range(1, flows.size):
        if cum[k - 1] < -tol and cum[k] >= -tol:
            out[k] = (k - 1) + min(max(-cum[k - 1] / flows[k], 0.0), 1.0)
    return out


def _scaled_keys(key: str, parts: list[str], project, result) -> Any:
    """Keys of values in 万元 and the PV / storage / assumption keys with a rule of their own."""
    s = result.summary
    if parts[0] == "cfwan":
        return float(result.cash_flow[parts[1]].iloc[int(parts[2])]) / 1e4
    if parts[0] == "wanm":
        return result.measures[int(parts[1])].first_year_savings_yuan / 1e4
    if parts[0] == "monthlywan":
        return float(result.monthly[parts[1]].iloc[int(parts[2]) - 1]) / 1e4
    if key in ("chart.ymin_wan", "chart.ymax_wan"):
        return expected_value(key[: -len("_wan")], project, result) / 1e4
    if parts[0] == "wan":
        return getattr(s, parts[1]) / 1e4
    if parts[0] == "pvy":
        base = np.asarray(result.pv.savings_by_year_base_yuan, float)
        return float(base.sum()) if parts[1] == "total" else float(base[int(parts[2]) - 1])
    if parts[0] == "storage" and parts[1] == "year":  # all batteries at year-1 prices: savings_1 x capacity_k
        k = int(parts[2])
        rows = [mr for mr in result.measures if mr.type == "battery"]
        pairs = zip(rows, result.storage, strict=True)
        return float(sum(mr.first_year_savings_yuan * b.capacity_by_year[k - 1] for mr, b in pairs))
    if key == "assumptions.eff_pf":  # the PF adjustment the efficiency measures move
        return s.efficiency_pf_adjustment_savings_yuan
    if key == "assumptions.eff_savings":  # efficiency (+ power-factor correction, when the engine has it)
        return s.first_year_efficiency_savings_yuan + float(getattr(s, "first_year_pfc_savings_yuan", 0.0) or 0.0)
    if key == "assumptions.eff_kwh":  # the engine's efficiency kWh of year 1
        return float(result.emissions["efficiency_kwh"].iloc[0])
    if parts[0] == "measure" and parts[2] == "irr":
        v = result.measures[int(parts[1])].irr_pct
        return UNDEFINED if v is None else v / 100
    return None


def _cash_flow(parts: list[str], project, result) -> Any:
    cf, s = result.cash_flow, result.summary
    n = project.finance.analysis_years
    what = parts[1]
    if what == "total":
        return float(cf[parts[2]].sum())
    k = int(parts[2])
    fin = project.finance
    if what in ("loan_interest", "loan_balance"):
        principal = float(cf["loan_yuan"].iloc[0])
        if what == "loan_balance" and k == 0:
            return principal
        sched = loan_schedule(principal, fin.loan.interest_pct / 100, fin.loan.term_years, n)
        return float((sched.interest if what == "loan_interest" else sched.balance)[k - 1])
    if what == "depreciation":
        base = max(s.net_investment_yuan, 0.0)
        return float(straight_line_depreciation(base, fin.depreciation_years, n)[k - 1])
    if what in ("pb_helper", "dpb_helper"):
        net = cf["net_yuan"].to_numpy(float)
        flows = net if what == "pb_helper" else net / (1 + fin.discount_rate_pct / 100) ** np.arange(n + 1)
        return _crossings(flows, net[0]).get(k, "")
    return float(cf[what].iloc[k])


def _summary(parts: list[str], project, result) -> Any:
    s, what = result.summary, parts[1]
    special = {
        "irr": lambda: UNDEFINED if s.irr_pct is None else s.irr_pct / 100,
        "subsidy_yuan": lambda: project.finance.subsidy_yuan,
        "discount_rate": lambda: project.finance.discount_rate_pct / 100,
        "analysis_years": lambda: project.finance.analysis_years,
    }
    if what in special:
        return special[what]()
    v = getattr(s, what)
    return UNDEFINED if v is None else v


def _table(parts: list[str], project, result) -> Any:
    if parts[0] == "measure":
        v = getattr(result.measures[int(parts[1])], parts[2])
        return UNDEFINED if v is None else v
    table = result.emissions if parts[0] == "emissions" else result.monthly
    if parts[1] == "total":
        return float(table[parts[2]].sum())
    return float(table[parts[1]].iloc[int(parts[2]) - 1])


def _assumptions(parts: list[str], project, result) -> Any:
    s, cf, what = result.summary, result.cash_flow, parts[1]
    if what == "total_capex":
        return s.capex_yuan
    if what == "net_investment":
        return s.net_investment_yuan
    if what == "om_y1":
        return s.first_year_om_yuan
    if what == "loan_principal":
        return float(cf["loan_yuan"].iloc[0])
    if what == "loan_instalment":
        loan = project.finance.loan
        principal = float(cf["loan_yuan"].iloc[0])
        return float(-npf.pmt(loan.interest_pct / 100, loan.term_years, principal)) if principal > 0 else 0.0
    if what == "pv_life":
        return result.measures[int(parts[2])].life_years
    raise KeyError(".".join(parts))


def _chart(parts: list[str], project, result) -> Any:
    cf, pb = result.cash_flow, result.summary.payback_years
    if parts[1] == "payback_x":
        return "#N/A" if pb is None else pb
    if parts[1] == "payback_label":
        return ("label", pb)
    curves = np.concatenate([cf["cumulative_yuan"].to_numpy(float), cf["discounted_cumulative_yuan"].to_numpy(float)])
    if parts[1] == "ymin":
        return float(curves.min())
    if parts[1] == "ymax":
        return float(curves.max())
    raise KeyError(".".join(parts))


_BY_PREFIX = {
    "cf": _cash_flow,
    "summary": _summary,
    "measure": _table,
    "emissions": _table,
    "monthly": _table,
    "assumptions": _assumptions,
    "chart": _chart,
}


def expected_value(key: str, project, result) -> Any:
    """What the formula cell labelled ``key`` must show after recalculation."""
    parts = key.split(".")
    if key in ("internal", "summary.headline") or parts[0] in ("bill_check", "sensitivity"):
        return NOT_CHECKED  # the analysis sheets are checked against their hand-made inputs
    v = _scaled_keys(key, parts, project, result)
    if v is not None:
        return v
    if parts[0] in _BY_PREFIX:
        return _BY_PREFIX[parts[0]](parts, project, result)
    raise KeyError(f"unknown check key {key!r}")


def mismatch(value: Any, expected: Any) -> str | None:
    """None if a recalculated cell ``value`` agrees with ``expected``, else why not."""
    if expected is NOT_CHECKED:
        return None
    if expected is UNDEFINED:
        if isinstance(value, str) and value and not value.startswith("#"):
            return None
        return f"expected text (undefined metric), found {value!r}"
    if isinstance(expected, tuple) and expected[0] == "label":
        pb = expected[1]
        if not isinstance(value, str):
            return f"expected a label, found {value!r}"
        if pb is None:
            return None if not any(ch.isdigit() for ch in value) else f"expected no number in {value!r}"
        return None if f"{pb:.1f}" in value else f"expected {pb:.1f} in {value!r}"
    if isinstance(expected, str):
        if expected == "":
            return None if value in (None, "") else f"expected empty, found {value!r}"
        return None if value == expected else f"expected {expected!r}, found {value!r}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"expected {expected!r}, found {value!r}"
    if math.isclose(float(value), float(expected), rel_tol=REL_TOL, abs_tol=ABS_TOL):
        return None
    return (
        f"expected {expected!r}, found {value!r} (rel. diff {abs(value - expected) / max(abs(expected), 1e-300):.2e})"
    )


def defined_cell(wb, name: str) -> tuple[str, str]:
    """(sheet title, coordinate) of a single-cell defined name."""
    dn = wb.defined_names[name]
    ((sheet, coord),) = list(dn.destinations)
    return sheet, coord.replace("$", "")
