"""The Chinese bill (planner.engine.bill) against NREL SAM ``Utilityrate5``
for the part SAM can bill: energy by TOU period and the monthly demand
charge, on the same load (issue 10).

SAM has no power-factor adjustment, no kVA basis, no contract demand and no
holiday schedule; the lines our bill adds (PF adjustment, surcharges) are
computed on top and must leave the energy and demand lines exactly as SAM
bills them.  Required: within 0.1 % in every month.  Calendar as in
test_sam_billing.py (2018, Monday-Friday, no holidays).
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("PySAM")

from planner.engine import bill as billing  # noqa: E402
from planner.engine.calendar import hourly_calendar  # noqa: E402
from tests.validation import sam_chain as sc  # noqa: E402

pytestmark = pytest.mark.slow
RTOL = 1e-3


@pytest.fixture(scope="module")
def case():
    tariff = sc.validation_tariff()
    load = sc.validation_load_kw()
    cal = hourly_calendar(sc.SAM_CALENDAR_YEAR, "mon_fri", ())
    ur = sc.utilityrate(load, tariff, gen_kw=np.zeros(8760))
    ur.execute(0)
    return tariff, load, cal, ur


def _close(ours, sam):
    ours, sam = np.asarray(ours, float), np.asarray(sam, float)
    assert ours.shape == sam.shape == (12,)
    assert np.all(np.abs(ours - sam) <= RTOL * np.maximum(np.abs(sam), 1.0)), (ours, sam)


def test_energy_and_demand_lines_match_sam(case):
    tariff, load, cal, ur = case
    b = billing.monthly_bill(tariff, billing.billing_hourly_tariff(tariff, cal), cal, load)
    o = ur.Outputs
    _close(b.energy, o.year1_monthly_ec_charge_without_system)
    _close(b.basic, o.year1_monthly_dc_fixed_without_system)
    _close(b.total, o.year1_monthly_utility_bill_wo_sys)
    _close(b.max_demand_kw, o.year1_monthly_peak_wo_system)


def test_pf_and_surcharges_do_not_touch_the_sam_lines(case):
    tariff, load, cal, ur = case
    t = tariff.model_copy(
        update={
            "power_factor": billing.Tariff.model_validate(
                {**tariff.model_dump(), "power_factor": {"standard": 0.9, "reactive_kvarh_per_kwh": 0.6}}
            ).power_factor,
            "surcharges_yuan_per_kwh": 0.03,
        }
    )
    kwh = np.bincount(cal.month - 1, weights=load, minlength=12)
    kvarh = billing.baseline_kvarh(t, kwh)
    b = billing.monthly_bill(t, billing.billing_hourly_tariff(t, cal), cal, load, kvarh=kvarh)
    o = ur.Outputs
    _close(b.energy, o.year1_monthly_ec_charge_without_system)
    _close(b.basic, o.year1_monthly_dc_fixed_without_system)
    # PF = 1/sqrt(1 + 0.36) = 0.857 -> 0.86: +2 % of (energy + demand) on the SAM lines, + 0.03 x kWh
    sam_lines = np.asarray(o.year1_monthly_ec_charge_without_system) + np.asarray(
        o.year1_monthly_dc_fixed_without_system
    )
    _close(b.total, sam_lines * 1.02 + 0.03 * kwh)
