"""Scenarios: a scenario's summary equals the hand-edited project's; the base never changes."""

import json

import numpy as np
import pytest

from planner.analysis.scenarios import apply_scenario, compare
from planner.cli import main
from planner.io.projectfile import project_from_dict
from planner.model.errors import InputError

from .support import DEFAULT, PV, SEEDS, compute, default_dict

SCENARIOS = [
    {
        "name": "EMC PV",
        "description": "investor-owned PV at 15 % off the grid price",
        "changes": [
            {"path": f"measures/{PV}/ownership", "value": "emc"},
            {"path": f"measures/{PV}/emc_discount_pct", "value": 15},
            {"path": "finance/discount_rate_pct", "value": 6},
        ],
    },
    {"name": "no VFD", "enabled_measures": [], "changes": []},
    {
        "name": "motors only",
        "enabled_measures": ["空压机电机更换 IE2→二级能效 / Compressor motors IE2 to grade 2"],
        "changes": [{"path": "tariff/prices_yuan_per_kwh/peak", "value": 1.2}],
    },
]


@pytest.fixture(scope="module")
def project_with_scenarios():
    d = default_dict()
    d["scenarios"] = SCENARIOS
    return project_from_dict(d)


def test_scenario_equals_hand_edited_project(project_with_scenarios):
    cmp = compare(project_with_scenarios, SEEDS)
    names = [s.name for s in cmp.scenarios]
    assert names == [project_with_scenarios.name, "EMC PV", "no VFD", "motors only"]

    # the base: the project itself
    base = compute(default_dict())
    assert cmp.scenarios[0].summary == base

    # EMC PV, edited by hand
    d = default_dict()
    d["measures"][5]["ownership"] = "emc"
    d["measures"][5]["emc_discount_pct"] = 15
    d["finance"]["discount_rate_pct"] = 6
    assert cmp.scenarios[1].summary == compute(d)
    assert cmp.scenarios[1].summary.capex_yuan == base.capex_yuan - 6_000_000  # the investor pays the PV

    # every measure disabled: nothing invested, nothing saved
    d = default_dict()
    for m in d["measures"]:
        m["enabled"] = False
    s = cmp.scenarios[2].summary
    assert s == compute(d)
    assert s.capex_yuan == 0 and s.first_year_savings_yuan == 0

    d = default_dict()
    for m in d["measures"][1:]:
        m["enabled"] = False
    d["tariff"]["prices_yuan_per_kwh"]["peak"] = 1.2
    assert cmp.scenarios[3].summary == compute(d)
    assert cmp.scenarios[3].summary.capex_yuan == 180000


def test_compare_json_and_best(project_with_scenarios, tmp_path, capsys):
    d = default_dict()
    d["scenarios"] = SCENARIOS
    f = tmp_path / "p.json"
    f.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    assert main(["compare", str(f), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = out["scenarios"]
    assert [r["name"] for r in rows][1:] == ["EMC PV", "no VFD", "motors only"]
    assert set(rows[0]["summary"]) >= {"npv_yuan", "irr_pct", "payback_years", "capex_yuan"}
    npvs = {r["name"]: r["summary"]["npv_yuan"] for r in rows}
    assert out["best"]["npv_yuan"] == max(npvs, key=npvs.get)
    # cumulative cash flow: year 0 is -capex (no subsidy)
    for r in rows:
        assert r["cumulative_cash_flow_yuan"][0] == pytest.approx(-r["summary"]["capex_yuan"])
        assert sum(m["first_year_savings_yuan"] for m in r["savings_by_measure"]) == pytest.approx(
            r["summary"]["first_year_savings_yuan"] - r["summary"]["demand_charge_savings_yuan"], rel=1e-9
        )


def test_base_is_never_changed(project_with_scenarios):
    before = project_with_scenarios.model_dump(mode="json")
    for sc in project_with_scenarios.scenarios:
        apply_scenario(project_with_scenarios, sc)
    compare(project_with_scenarios, SEEDS)
    assert project_with_scenarios.model_dump(mode="json") == before


@pytest.mark.parametrize(
    "change, where, expected_part",
    [
        ({"path": "finance/discount", "value": 6}, "scenario 'bad': finance/discount", "a field of finance"),
        ({"path": "measures/Solar/ownership", "value": "emc"}, "scenario 'bad': measures/Solar/ownership", "measure"),
        ({"path": "finance/discount_rate_pct", "value": "six"}, "scenario 'bad': finance/discount_rate_pct", "number"),
        ({"path": f"measures/{PV}/ownership", "value": "leased"}, f"scenario 'bad': measures/{PV}/ownership", "emc"),
    ],
)
def test_bad_scenario_messages(change, where, expected_part):
    d = default_dict()
    d["scenarios"] = [{"name": "bad", "changes": [change]}]
    p = project_from_dict(d)
    with pytest.raises(InputError) as e:
        compare(p, SEEDS)
    assert e.value.where == where
    assert expected_part in e.value.expected


def test_bad_enabled_measure_and_cli_exit_2(tmp_path, capsys):
    d = default_dict()
    d["scenarios"] = [{"name": "typo", "enabled_measures": ["PV"]}]
    f = tmp_path / "p.json"
    f.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    assert main(["compare", str(f), "--json"]) == 2
    err = capsys.readouterr().err
    assert "scenario 'typo': enabled_measures" in err and "'PV'" in err


def test_duplicate_scenario_names_rejected():
    d = default_dict()
    d["scenarios"] = [{"name": "A"}, {"name": "A"}]
    with pytest.raises(InputError) as e:
        project_from_dict(d)
    assert "unique scenario names" in str(e.value)


def test_file_without_scenarios_compares_the_base_only(capsys):
    assert main(["compare", str(DEFAULT), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["scenarios"]) == 1


def test_design_example_ownership_emc_alone():
    # DESIGN.md's example changes only the ownership: the default EMC discount is assumed and said
    d = default_dict()
    d["scenarios"] = [{"name": "EMC", "changes": [{"path": f"measures/{PV}/ownership", "value": "emc"}]}]
    cmp = compare(project_from_dict(d), SEEDS)
    ref = default_dict()
    ref["measures"][5].update(ownership="emc", emc_discount_pct=10.0)
    assert cmp.scenarios[1].summary == compute(ref)
    assert "emc_discount_pct not given" in cmp.scenarios[1].notes[0] and "10 % assumed" in cmp.scenarios[1].notes[0]
    assert cmp.scenarios[0].notes == []


def test_workbook_analysis_runs_what_the_keys_ask_for():
    from planner.analysis.bundle import workbook_analysis

    assert workbook_analysis(project_from_dict(default_dict()), SEEDS) == {}
    d = default_dict()
    d["scenarios"] = SCENARIOS[:1]
    d["sensitivity"] = {"drivers": [{"driver": "capex"}]}
    d["uncertainty"] = [{"driver": "energy_price", "distribution": "uniform", "low": -10, "high": 10}]
    out = workbook_analysis(project_from_dict(d), SEEDS, draws=500, seed=2)
    assert [s["name"] for s in out["scenarios"]["scenarios"]][1:] == ["EMC PV"]
    assert [r["driver"] for r in out["sensitivity"]["drivers"]] == ["capex"]
    assert out["montecarlo"]["draws"] == 500 and len(out["montecarlo"]["npv_samples_yuan"]) == 500
    assert out["montecarlo"]["npv_yuan"]["p50"] == pytest.approx(
        float(np.percentile(out["montecarlo"]["npv_samples_yuan"], 50))
    )
