"""Validation of planner.engine.pv.weather_file_output against NREL SAM PVWatts v8 (issue #5).

Both models read the same synthetic hourly weather file (Jinan, 36.65 N
117.0 E, UTC+8; see ``weather.py``).  Acceptance: annual AC energy within
3 % and every month within 5 % of SAM's.  ``pytest -s`` prints the monthly
tables.

Regenerate ``docs/validation-pv.md`` with::

    python -m tests.validation.test_sam_pv
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pytest

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from planner.engine.pv import weather_file_output  # noqa: E402
from tests.validation.weather import JINAN, write_synthetic_weather  # noqa: E402

pytestmark = pytest.mark.slow

ANNUAL_TOLERANCE_PCT = 3.0
MONTHLY_TOLERANCE_PCT = 5.0
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HOURS_PER_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]) * 24


@dataclass(frozen=True)
class Case:
    name: str
    capacity_kwp: float
    tilt_deg: float
    azimuth_deg: float
    losses_pct: float = 14.08
    dc_ac_ratio: float = 1.2
    inverter_efficiency_pct: float = 96.0
    mounting: str = "roof"  # roof -> SAM array_type 1 (fixed roof mount), open_rack -> 0 (fixed open rack)
    gcr: float = 0.4  # SAM ground coverage ratio; only open rack uses it (row-to-row self-shading)


CASES = (
    Case("reference: 30 deg south, roof", 1000.0, 30.0, 180.0),
    Case(
        "10 deg east, DC/AC 1.35, inverter 97.5 %, losses 10 %",
        500.0,
        10.0,
        90.0,
        losses_pct=10.0,
        dc_ac_ratio=1.35,
        inverter_efficiency_pct=97.5,
    ),
    Case(
        "5 deg WSW (240), DC/AC 1.0, inverter 95 %, losses 20 %",
        200.0,
        5.0,
        240.0,
        losses_pct=20.0,
        dc_ac_ratio=1.0,
        inverter_efficiency_pct=95.0,
    ),
    Case("25 deg north (stress case)", 1000.0, 25.0, 0.0),
    Case("30 deg south, open rack, GCR 0.01", 1000.0, 30.0, 180.0, mounting="open_rack", gcr=0.01),
)


def sam_pvwatts_v8(weather_file: Path, case: Case) -> np.ndarray:
    """Hourly AC output [kW] of PySAM Pvwattsv8 for ``case`` on ``weather_file``."""
    import PySAM.Pvwattsv8 as pvwatts

    model = pvwatts.default("PVWattsNone")
    model.SolarResource.solar_resource_file = str(weather_file)
    sd = model.SystemDesign
    sd.system_capacity = case.capacity_kwp  # [kW DC]
    sd.tilt = case.tilt_deg
    sd.azimuth = case.azimuth_deg  # SAM: 180 = south, as pvlib
    sd.losses = case.losses_pct  # [%]
    sd.dc_ac_ratio = case.dc_ac_ratio
    sd.inv_eff = case.inverter_efficiency_pct  # [%]
    sd.array_type = 1 if case.mounting == "roof" else 0
    sd.module_type = 0  # standard
    sd.gcr = case.gcr
    sd.bifaciality = 0.0
    sd.en_snowloss = 0
    sd.soiling = (0.0,) * 12
    model.execute()
    ac_w = np.asarray(model.Outputs.ac, dtype=float)  # hourly AC power [W]
    assert ac_w.shape == (8760,)
    return ac_w / 1000.0


def ours(weather_file: Path, case: Case) -> np.ndarray:
    # the Case fields are weather_file_output's arguments by name, but for the label and SAM's gcr
    inputs = {k: v for k, v in asdict(case).items() if k not in ("name", "gcr")}
    return weather_file_output(weather_file, **inputs)


def monthly_kwh(hourly_kw: np.ndarray) -> np.ndarray:
    """Monthly energy [kWh] of an 8760-hour year starting 1 January."""
    edges = np.concatenate([[0], np.cumsum(HOURS_PER_MONTH)])
    return np.array([hourly_kw[a:b].sum() for a, b in zip(edges[:-1], edges[1:], strict=True)])


def comparison_table(case: Case, our_kw: np.ndarray, sam_kw: np.ndarray) -> tuple[str, float, float]:
    """Markdown table of monthly and annual energy; returns (table, annual diff %, worst month diff %)."""
    o, s = monthly_kwh(our_kw), monthly_kwh(sam_kw)
    diff = (o / s - 1.0) * 100.0
    annual = (our_kw.sum() / sam_kw.sum() - 1.0) * 100.0
    lines = [
        f"**{case.name}** ({case.capacity_kwp:g} kWp)",
        "",
        "| month | ours [kWh] | SAM PVWatts v8 [kWh] | difference [%] |",
        "| --- | ---: | ---: | ---: |",
    ]
    for m, a, b, d in zip(MONTHS, o, s, diff, strict=True):
        lines.append(f"| {m} | {a:,.0f} | {b:,.0f} | {d:+.2f} |")
    lines.append(f"| **year** | **{our_kw.sum():,.0f}** | **{sam_kw.sum():,.0f}** | **{annual:+.2f}** |")
    lines.append(f"| kWh/kWp | {our_kw.sum() / case.capacity_kwp:,.1f} | {sam_kw.sum() / case.capacity_kwp:,.1f} | |")
    worst = float(diff[np.argmax(np.abs(diff))])
    return "\n".join(lines), float(annual), worst


@pytest.fixture(scope="module")
def weather_file(tmp_path_factory) -> Path:
    pytest.importorskip("PySAM")
    path = tmp_path_factory.mktemp("weather") / "jinan_synthetic.csv"
    return write_synthetic_weather(path, JINAN["latitude_deg"], JINAN["longitude_deg"], year=2025, seed=20250601)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name.split(":")[0].replace(" ", "_"))
def test_weather_file_output_agrees_with_sam_pvwatts_v8(weather_file, case):
    pytest.importorskip("PySAM.Pvwattsv8")
    sam_kw = sam_pvwatts_v8(weather_file, case)
    our_kw = ours(weather_file, case)
    table, annual, worst = comparison_table(case, our_kw, sam_kw)
    print("\n" + table + f"\n\nannual {annual:+.2f} %, worst month {worst:+.2f} %")

    assert abs(annual) <= ANNUAL_TOLERANCE_PCT
    o, s = monthly_kwh(our_kw), monthly_kwh(sam_kw)
    np.testing.assert_array_less(np.abs(o / s - 1.0) * 100.0, MONTHLY_TOLERANCE_PCT)
    # both models leave the night dark and never exceed the inverter's AC rating
    ac_rating = case.capacity_kwp / case.dc_ac_ratio
    assert our_kw.max() <= ac_rating + 1e-9
    assert np.all(our_kw[sam_kw == 0.0] < 0.01 * ac_rating)


def test_epw_and_sam_csv_give_the_same_output_in_both_models(weather_file, tmp_path):
    """The same weather as EPW (hour-ending 1..24) and as SAM CSV (hour-beginning, minute 30)."""
    pytest.importorskip("PySAM.Pvwattsv8")
    epw = write_synthetic_weather(tmp_path / "jinan_synthetic.epw", file_format="epw")
    case = CASES[0]
    np.testing.assert_allclose(sam_pvwatts_v8(epw, case), sam_pvwatts_v8(weather_file, case), atol=1e-9)
    np.testing.assert_allclose(ours(epw, case), ours(weather_file, case), atol=1e-9)


def test_sam_reads_the_synthetic_header(weather_file):
    """SAM takes the location and time zone from the file header, as we do."""
    pvwatts = pytest.importorskip("PySAM.Pvwattsv8")
    model = pvwatts.default("PVWattsNone")
    model.SolarResource.solar_resource_file = str(weather_file)
    model.SystemDesign.system_capacity = 1.0
    model.execute()
    assert model.Outputs.lat == pytest.approx(JINAN["latitude_deg"], abs=1e-4)
    assert model.Outputs.lon == pytest.approx(JINAN["longitude_deg"], abs=1e-4)
    assert model.Outputs.tz == JINAN["utc_offset_h"]
    assert model.Outputs.elev == JINAN["elevation_m"]
    assert model.Outputs.ts_shift_hours == 0.5  # Minute = 30: sun at mid-hour, as planner.engine.pv


# ---------------------------------------------------------------------------
# docs/validation-pv.md generator
# ---------------------------------------------------------------------------

_DOC_HEAD = """# PV model validation against NREL SAM (PVWatts v8)

Generated by `python -m tests.validation.test_sam_pv` ({pysam}, pvlib {pvlib});
checked by `pytest tests/validation/test_sam_pv.py` (acceptance: annual AC
energy within {annual_tol:g} %, every month within {monthly_tol:g} %).

## What is compared

`planner.engine.pv.weather_file_output` (our PVWatts v8 chain built from pvlib
functions) and PySAM `Pvwattsv8` read the same hourly weather file, a
synthetic year for Jinan (36.65 N, 117.0 E, 170 m, UTC+8) written by
`tests/validation/weather.py`: pvlib Ineichen clear sky with a seeded daily
cloud pattern (DNI cut more than GHI, DHI by closure), seasonal and diurnal
air temperature, wind about 2.5 m/s, in SAM's CSV weather format with
`Minute = 30`.  The same weather written as EPW gives identical hourly
output in both models (tested).

## Results

| case | annual difference [%] | worst month [%] |
| --- | ---: | ---: |
{summary}

Difference = ours / SAM - 1.

{tables}

## How the two models were aligned

PVWatts v8 as shipped in this SAM version (ssc `cmod_pvwattsv8.cpp`) is
not the PVWatts v5 chain (Fuentes thermal model, linear `pvwatts_dc`,
PVWatts inverter curve).  Reading SAM's source and comparing hourly
intermediate outputs (POA, cell temperature, DC, AC) showed what v8 does;
`planner.engine.pv.pvwatts_v8_output` reproduces each step with pvlib:

| step | SAM PVWatts v8 | planner.engine.pv |
| --- | --- | --- |
| sun position | SAM solarpos at the record's time; a `Minute` column makes it instantaneous at that minute (the file has 30) | pvlib SPA at mid-hour (timestamp + 30 min), apparent zenith; no output when the sun is below the horizon |
| transposition | Perez 1990, albedo 0.2, from DNI and DHI | `get_total_irradiance(model="perez", model_perez="allsitescomposite1990")`, albedo 0.2, GHI recomputed as DNI cos z + DHI |
| module cover | De Soto AR-glass model: beam through AR coating + glass, sky/ground diffuse at Brandemuehl-Beckman angles, each divided by a normal-incidence value and capped at 1 | same formulas in numpy (`_cover_iam`); the glass transmittance equals `pvlib.iam.physical` (tested) |
| spectrum | De Soto air-mass polynomial, zenith capped at 86 deg, elevation correction | `spectral_factor_sapm` with the same coefficients, Kasten-Young air mass, same caps |
| cell temperature | NOCT model, NOCT 49 C roof / 45 C rack, wind x 0.51, tau-alpha 0.9 | `pvlib.temperature.noct_sam(array_height=1, mount_standoff=4)`, NOCT 49 / 45 |
| DC | CEC single-diode model of the "standard" module (Canadian Solar CS1H-320MS parameters in the source), scaled to the nameplate, x (1 - losses) | `calcparams_cec` + `max_power_point` with the same parameters (EgRef 1.12 eV as SAM) |
| inverter | Sandia model, Paco = DC / ratio, Pdco = Paco / eta, C0..C3 = 0, Pso = 0.004931 Paco, clipped at Paco | `pvlib.inverter.sandia` with the same parameters, clipped to [0, Paco] |

Settings where the models differ by design, and what we did:

* **Mounting.** SAM array type 1 "fixed roof mount" (NOCT 49 C, no
  row-to-row shading) matches a factory roof and is our default
  (`mounting="roof"`).  SAM's "fixed open rack" (type 0) adds row-to-row
  self-shading from the ground coverage ratio, which we do not model; the
  open-rack case above uses GCR 0.01 so that SAM's self-shading vanishes.
* **Cover normalisation (a SAM quirk we copy).** SAM divides the AR-glass
  transmittances by a normal-incidence value computed with the glass layer
  entered *from air* (n = 1, not the coating's 1.3): 0.933 instead of the
  physical 0.969.  With the cap at 1, beam losses start only above about
  59 deg.  A physically normalised modifier costs about 2 % of annual
  energy (we measured -2.0 % against SAM on the reference case); we keep
  SAM's formula so that a project matches what a consultant gets in SAM.
* **Inverter self-consumption.** PVWatts v8 chooses Pso by system size
  (residential / commercial / utility) but compares the nameplate in watts
  with kW thresholds, so every system of 1 kW or more gets the utility
  value 0.004931 Paco.  We use that value for all sizes (SAM's hourly AC
  output is reproduced from its own DC output to 1e-10 W with it).
* **Time stamps.** Our engine's year is hour-beginning local standard time
  and we always put the sun at mid-hour.  SAM uses the `Minute` column
  literally (minute 0 would mean the top of the hour); the validation file
  has minute 30.  For NSRDB/SAM CSV files with `Minute = 0` or without a
  minute column SAM and we can differ in the sunrise and sunset hours.
* **Time zones.** Both take the rows in the file's own time zone (header
  `Time Zone`, EPW `TZ`).  Our engine then rotates the year into the
  site's local standard time if the two differ (e.g. an NSRDB file in
  UTC for a UTC+8 site); SAM reports the file's hours.
* **EPW files.** SAM and we both read EPW hour h as the hour ending at h:
  the same weather written as EPW gives the same hourly output as the SAM
  CSV in both models (tested).
* **Not modelled** (all off in the SAM runs): external shading, snow,
  monthly soiling, bifacial gain, transformer losses, lifetime
  degradation.  For degradation the engine uses (1 - d)^(k-1)
  (DESIGN.md); SAM's lifetime mode uses 1 - d (k - 1).
* **Remaining differences** (-0.01 to -0.11 % annual): pvlib's SPA and Perez
  against SAM's own solar position and Perez code near sunrise and sunset,
  and a handful of hours where SAM counts the sun as up and pvlib's
  apparent zenith does not.

Alternatives measured on the reference case before settling on the above:
the PVWatts v5-style chain (Fuentes NOCT 49 C, `pvwatts_dc` with gamma
-0.37 %/K, `inverter.pvwatts`) came within -0.03 % of SAM's annual energy,
but only by cancelling errors (cell temperature up to 6 C higher at noon,
DC 0.5 % lower, inverter curve 0.5 % higher), with monthly differences up
to 0.8 %; it was rejected for the chain above.

The clear-sky mode (`clearsky_shape` scaled to a specific yield) is not
compared with SAM: its annual energy is the user's yield by construction.
"""


def write_validation_doc(out: Path | None = None) -> Path:
    """Run all cases and write ``docs/validation-pv.md``."""
    import tempfile

    import pvlib
    import PySAM

    repo = Path(__file__).resolve().parents[2]
    out = out or repo / "docs" / "validation-pv.md"
    with tempfile.TemporaryDirectory() as tmp:
        wf = write_synthetic_weather(Path(tmp) / "jinan_synthetic.csv")
        summary, tables = [], []
        for case in CASES:
            table, annual, worst = comparison_table(case, ours(wf, case), sam_pvwatts_v8(wf, case))
            summary.append(f"| {case.name} | {annual:+.2f} | {worst:+.2f} |")
            tables.append(table)
    text = _DOC_HEAD.format(
        pysam=f"NREL-PySAM {PySAM.__version__}",
        pvlib=pvlib.__version__,
        annual_tol=ANNUAL_TOLERANCE_PCT,
        monthly_tol=MONTHLY_TOLERANCE_PCT,
        summary="\n".join(summary),
        tables="\n\n".join(tables),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


if __name__ == "__main__":
    print(f"wrote {write_validation_doc()}")
