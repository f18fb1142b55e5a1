"""planner.model.edits: get/set one project value by path, measures by name."""

import json
from pathlib import Path

import pytest

from planner.io.projectfile import load_project
from planner.model.edits import get_value, with_value, with_values
from planner.model.errors import InputError

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
DEFAULT = SEEDS / "shandong-midsize-factory.json"
PV = "厂房屋顶光伏 2 MWp / Rooftop PV 2 MWp"  # a name with '/' in it


@pytest.fixture(scope="module")
def project():
    return load_project(DEFAULT)


def test_get_by_name_and_index(project):
    assert get_value(project, f"measures/{PV}/ownership") == "owned"
    assert get_value(project, f"measures/{PV}/capacity_kwp") == 2000
    assert get_value(project, "finance/discount_rate_pct") == 8
    assert get_value(project, "tariff/prices_yuan_per_kwh/peak") == 1.156
    assert get_value(project, "tariff/weekday_schedule/0/18") == "critical_peak"
    # a raw JSON dict works as well
    raw = json.loads(DEFAULT.read_text(encoding="utf-8"))
    assert get_value(raw, "load/annual_kwh") == 18000000


def test_with_value_returns_a_new_project_and_leaves_the_base(project):
    before = project.model_dump(mode="json")
    changed = with_value(project, f"measures/{PV}/capex_yuan", 5_000_000)
    assert changed is not project
    assert changed.measures[5].capex_yuan == 5_000_000
    assert project.model_dump(mode="json") == before


def test_with_value_emc_needs_terms_reported_with_path(project):
    # ownership emc without a discount or a price is rejected by the model, named by the path
    with pytest.raises(InputError) as e:
        with_value(project, f"measures/{PV}/ownership", "emc", context="scenario 'EMC'")
    assert e.value.where == f"scenario 'EMC': measures/{PV}/ownership"
    assert "emc_discount_pct" in e.value.expected


def test_with_values_several(project):
    p = with_values(project, [(f"measures/{PV}/ownership", "emc"), (f"measures/{PV}/emc_discount_pct", 15)])
    assert p.measures[5].ownership == "emc" and p.measures[5].emc_discount_pct == 15
    assert project.measures[5].ownership == "owned"


@pytest.mark.parametrize(
    "path, expected, found",
    [
        ("finance/discount_rate", "a field of finance", "'discount_rate'"),
        ("measures/no such measure/capex_yuan", "a measure name", "'no such measure'"),
        (f"measures/{PV}/colour", "a field of measures/", "'colour'"),
        ("tariff/weekday_schedule/12/0", "an index 0..11", "'12'"),
        ("finance/discount_rate_pct/x", "to be an object or a list", "the value 8.0"),
        ("", "a path to a project field", "''"),
    ],
)
def test_bad_paths(project, path, expected, found):
    with pytest.raises(InputError) as e:
        with_value(project, path, 1, context="scenario 'S'")
    assert e.value.where.startswith("scenario 'S': ")
    assert expected in e.value.expected
    assert e.value.found == found


def test_unknown_measure_lists_the_names(project):
    with pytest.raises(InputError) as e:
        get_value(project, "measures/PV/capex_yuan")
    assert PV in e.value.expected


@pytest.mark.parametrize(
    "path, value",
    [("finance/discount_rate_pct", "six"), ("finance/analysis_years", 2.5), (f"measures/{PV}/capacity_kwp", -1)],
)
def test_wrong_type_or_range_names_the_path(project, path, value):
    with pytest.raises(InputError) as e:
        with_value(project, path, value)
    assert e.value.where == path
    assert e.value.found == json.dumps(value)
