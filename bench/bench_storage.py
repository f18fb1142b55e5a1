"""Benchmark: battery storage (issue 11), measured side by side in one run.

Usage::

    python bench/bench_storage.py [--repeats 5]

Prints, each as a median over ``--repeats`` runs after a warm-up:

1. **25-year project, tou_rule vs SAM.**  The SAM validation case
   (tests/validation/sam_chain.py: 2 MWp PV from a weather file, two-shift
   factory, TOU tariff with export and demand charge) plus a 2 MWh / 1 MW
   battery, 25 years.  Ours: ``run_project`` (warm caches: the PV output of
   the weather file is cached after the first run, as in the app).  SAM:
   ``Battery`` with manual dispatch (the same periods, SAM's own capacity
   fade and replacement) over 25 hourly years
   (``system_use_lifetime_output = 1``) -> ``Utilityrate5`` billing all 25
   years, given our PV output as ``gen`` (so no ``Pvwattsv8`` step on SAM's
   side).  Target: ours / SAM <= 1/10.
2. **Year-1 optimal dispatch** (12 monthly programs): ``dispatch_optimal`` on
   the same meter, once where export pays more than the valley price (small
   MILPs with binaries in those surplus hours) and once for the battery
   alone (pure LPs).  Target: well under a second.
3. **10 x 10 sizing sweep with tou_rule**: ``size_battery`` on the same
   project, energy 500..5000 kWh x power 250..2500 kW, and the cost per
   point.  Target: <= 5 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.timing import median_time  # noqa: E402
from planner.analysis.sizing import size_battery  # noqa: E402
from planner.engine.chain import run_project  # noqa: E402
from planner.engine.storage import BatteryParams, dispatch_optimal  # noqa: E402
from planner.model.project import BatteryMeasure  # noqa: E402
from tests.validation import sam_chain as sc  # noqa: E402
from tests.validation.sam_storage import battery_model  # noqa: E402

BATTERY = {"type": "battery", "name": "储能 2 MWh", "energy_kwh": 2000, "power_kw": 1000}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    directory = Path(tempfile.mkdtemp(prefix="bench_storage_"))
    base = sc.validation_project(directory, analysis_years=25)
    bm = BatteryMeasure.model_validate(BATTERY)
    project = base.model_copy(update={"measures": [*base.measures, bm]})
    first = run_project(project, directory)
    pv = first.pv.hourly_generation_kw
    load = first.baseline_kw

    def ours():
        run_project(project, directory)

    def sam():
        import PySAM.Utilityrate5 as Utilityrate5

        b = battery_model(load, pv, project.tariff, bm, analysis_years=25, degradation=True)
        b.BatterySystem.assign({"batt_replacement_option": 1, "batt_replacement_capacity": 70.0})
        b.execute(0)
        ur = Utilityrate5.from_existing(b)
        ur.Lifetime.assign({"analysis_period": 25, "inflation_rate": 0.0, "system_use_lifetime_output": 1})
        ur.SystemOutput.degradation = [0.0]
        ur.ElectricityRates.assign(sc.sam_tariff(project.tariff).inputs)
        ur.ElectricityRates.rate_escalation = [0.0]
        ur.execute(0)

    t_ours = median_time(ours, args.repeats, warm=True)
    t_sam = median_time(sam, max(1, args.repeats // 2), warm=True)
    print("1. 25-year project with a 2 MWh / 1 MW battery (tou_rule) vs SAM Battery manual dispatch, 25 years")
    print(f"   ours run_project   {t_ours * 1000:9.1f} ms")
    print(f"   SAM Battery+UR5    {t_sam * 1000:9.1f} ms")
    print(f"   ratio ours/SAM     {t_ours / t_sam:9.3f}   (target <= 0.100)")

    meter = first.storage_base.state  # after the battery; rebuild the pre-battery meter
    net = meter.net_kw - first.storage[0].charge_kw + first.storage[0].discharge_kw
    lo, pvs = np.maximum(net, 0.0), np.maximum(-net, 0.0)
    cal, ht = first.calendar, first.storage_base.ht
    params = BatteryParams.from_measure(bm)
    rate = project.tariff.basic_charge.yuan_per_kw_month

    def opt_pv():
        dispatch_optimal(lo, pvs, ht.price, cal.month, params, ht.export_price, rate)

    def opt_alone():
        dispatch_optimal(load, np.zeros(8760), ht.price, cal.month, params, 0.0, rate)

    t_pv = median_time(opt_pv, args.repeats, warm=True)
    t_alone = median_time(opt_alone, args.repeats, warm=True)
    n_bin = int(np.sum((ht.export_price > ht.price) & (pvs > 0)))
    print("2. year-1 optimal dispatch, 12 monthly programs (HiGHS)")
    print(f"   with PV, export 0.3949 > valley: {t_pv * 1000:8.1f} ms  ({n_bin} binary hours in the year)")
    print(f"   battery alone (pure LPs):        {t_alone * 1000:8.1f} ms")
    print(f"   ratio to 1 s                     {t_pv:8.3f}")

    energies = np.linspace(500, 5000, 10)
    powers = np.linspace(250, 2500, 10)
    sized = project.model_copy(
        update={
            "measures": [*base.measures, bm.model_copy(update={"capex_yuan_per_kwh": 700, "capex_yuan_per_kw": 200})]
        }
    )

    def sweep():
        size_battery(sized, bm.name, energies, powers, "tou_rule", directory)

    t_sweep = median_time(sweep, max(1, args.repeats // 2), warm=True)
    print("3. 10 x 10 sizing sweep, tou_rule (one base run + 100 battery points)")
    print(f"   sweep              {t_sweep:9.3f} s   (target <= 5 s; ratio {t_sweep / 5.0:.3f})")
    print(f"   per point          {t_sweep / 100 * 1000:9.1f} ms   (a full run_project: {t_ours * 1000:.1f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
