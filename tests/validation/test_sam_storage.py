"""Our battery (tou_rule) against NREL SAM's ``Battery`` with manual dispatch (issue 11).

The case is the SAM validation case of tests/validation/sam_chain.py (a
two-shift Monday-Friday factory of 12 GWh on SAM's calendar year 2018, the
Shandong-like TOU tariff with a 33 yuan/kW-month demand charge, a 2 MWp PV
system exporting at 0.3949) plus a 2 MWh / 1 MW battery, RTE 88 %, SOC
5..95 %, charging in the valley and deep valley, discharging in the peak and
critical peak.  In spring and autumn the midday deep valley gives two cycles
a day.  SAM is set to the same battery (tests/validation/sam_storage.py,
docs/validation-storage.md) and its ``Utilityrate5`` bills its own battery's
flows.

Required: year-1 bill with the battery within 1 %, charged and discharged
energy within 2 % (year and every month), and SAM's bill of *our* grid flows
equal to ours (within 0.1 %, the billing validation's tolerance).
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("PySAM")

from planner.engine.chain import run_project  # noqa: E402
from planner.model.project import BatteryMeasure  # noqa: E402
from tests.validation import sam_chain as sc  # noqa: E402
from tests.validation.sam_storage import battery_flows, battery_model  # noqa: E402

pytestmark = pytest.mark.slow

BATTERY = {"type": "battery", "name": "储能 2 MWh", "energy_kwh": 2000, "power_kw": 1000}
CASES = {
    "pv+battery": {"with_pv": True, "battery": {}},
    "battery only": {"with_pv": False, "battery": {}},
    "pv charging only": {"with_pv": True, "battery": {"charge_from_grid": False, "energy_kwh": 1000, "power_kw": 500}},
}


def _sam_bill(b, tariff) -> np.ndarray:
    import PySAM.Utilityrate5 as Utilityrate5

    ur = Utilityrate5.from_existing(b)
    ur.Lifetime.assign({"analysis_period": 1, "inflation_rate": 0.0, "system_use_lifetime_output": 0})
    ur.SystemOutput.degradation = [0.0]
    ur.ElectricityRates.assign(sc.sam_tariff(tariff).inputs)
    ur.ElectricityRates.rate_escalation = [0.0]
    ur.execute(0)
    return np.asarray(ur.Outputs.year1_monthly_utility_bill_w_sys, dtype=float)


@pytest.fixture(scope="module", params=list(CASES))
def case(request, tmp_path_factory):
    spec = CASES[request.param]
    directory = tmp_path_factory.mktemp("sam_storage")
    base = sc.validation_project(directory, with_pv=spec["with_pv"])
    bm = BatteryMeasure.model_validate({**BATTERY, **spec["battery"]})
    project = base.model_copy(update={"measures": [*base.measures, bm]})
    result = run_project(project, directory)
    pv = result.pv.hourly_generation_kw if result.pv is not None else np.zeros(8760)
    b = battery_model(result.baseline_kw, pv, project.tariff, bm)
    b.execute(0)
    return request.param, project, result, pv, b


def _monthly(x, cal) -> np.ndarray:
    return np.bincount(cal.month - 1, weights=np.asarray(x, dtype=float), minlength=12)


def test_year_one_bill_with_the_battery_within_1_pct(case):
    name, project, result, pv, b = case
    sam = _sam_bill(b, project.tariff)
    ours = result.bill_after.total
    sc.print_table(
        f"{name}: year-1 bill with the battery [yuan]",
        ["month", "ours", "SAM", "diff %"],
        [(m + 1, ours[m], sam[m], sc.rel_diff_pct(ours[m], sam[m])) for m in range(12)]
        + [("year", ours.sum(), sam.sum(), sc.rel_diff_pct(ours.sum(), sam.sum()))],
    )
    assert ours.sum() == pytest.approx(sam.sum(), rel=0.01)
    np.testing.assert_allclose(ours, sam, rtol=0.01)


def test_charged_and_discharged_energy_within_2_pct(case):
    name, project, result, pv, b = case
    s = result.storage[0]
    f = battery_flows(b)
    cal = result.calendar
    rows = []
    for label, ours, sam in (
        ("charged", s.charge_kw, f["charge_kw"]),
        ("discharged", s.discharge_kw, f["discharge_kw"]),
    ):
        rows.append((label, ours.sum(), sam.sum(), sc.rel_diff_pct(ours.sum(), sam.sum())))
        assert ours.sum() == pytest.approx(sam.sum(), rel=0.02)
        np.testing.assert_allclose(_monthly(ours, cal), _monthly(sam, cal), rtol=0.02)
    sc.print_table(f"{name}: year-1 battery energy [kWh AC]", ["", "ours", "SAM", "diff %"], rows)
    assert s.first_year_charged_kwh > 0 and s.first_year_discharged_kwh > 0


def test_sam_bills_our_grid_flows_as_we_do(case):
    name, project, result, pv, b = case
    s = result.storage[0]
    ur = sc.utilityrate(result.baseline_kw, project.tariff, gen_kw=pv + s.discharge_kw - s.charge_kw)
    ur.execute(0)
    sam = np.asarray(ur.Outputs.year1_monthly_utility_bill_w_sys, dtype=float)
    np.testing.assert_allclose(result.bill_after.total, sam, rtol=1e-3)
