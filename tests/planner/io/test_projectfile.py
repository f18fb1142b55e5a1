"""Project file: validation messages, migration, atomic save; fuzzing malformed files."""

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.io.projectfile import (
    ProjectError,
    load_project,
    parse_project_text,
    project_from_dict,
    save_project,
)

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
DEFAULT = SEEDS / "shandong-midsize-factory.json"


def _seed_dict():
    return json.loads(DEFAULT.read_text(encoding="utf-8"))


def _problems(data):
    with pytest.raises(ProjectError) as exc:
        project_from_dict(data)
    return exc.value.problems


def test_seeds_validate():
    for path in SEEDS.glob("*.json"):
        load_project(path)


def test_negative_capacity_names_field():
    d = _seed_dict()
    d["measures"][5]["capacity_kwp"] = -5
    (p,) = _problems(d)
    assert p.path == "measures[5].capacity_kwp"
    assert "> 0" in p.expected and p.found == "-5"


def test_wrong_type_names_field():
    d = _seed_dict()
    d["load"]["annual_kwh"] = "lots"
    (p,) = _problems(d)
    assert p.path == "load.annual_kwh" and "number" in p.expected and "'lots'" in p.found


def test_missing_key():
    d = _seed_dict()
    del d["site"]["latitude_deg"]
    (p,) = _problems(d)
    assert p.path == "site.latitude_deg" and p.found == "nothing"


def test_unknown_key_is_reported():
    d = _seed_dict()
    d["finance"]["discount_rate"] = 6
    (p,) = _problems(d)
    assert p.path == "finance.discount_rate" and "no such field" in p.expected


def test_efficiency_after_below_before():
    d = _seed_dict()
    d["measures"][0]["efficiency_after_pct"] = 90
    (p,) = _problems(d)
    assert p.path == "measures[0]" and "efficiency_after_pct" in p.expected and p.found == "90.0"


def test_schedule_shape():
    d = _seed_dict()
    d["tariff"]["weekday_schedule"] = d["tariff"]["weekday_schedule"][:11]
    (p,) = _problems(d)
    assert p.path == "tariff.weekday_schedule" and "12 rows" in p.expected and p.found == "11"


def test_nan_refused():
    text = DEFAULT.read_text(encoding="utf-8").replace('"capex_yuan": 180000', '"capex_yuan": NaN')
    with pytest.raises(ProjectError) as exc:
        parse_project_text(text)
    assert exc.value.problems[0].path == "measures[0].capex_yuan"


def test_not_json():
    with pytest.raises(ProjectError) as exc:
        parse_project_text("{not json")
    assert "valid JSON" in str(exc.value)


def test_newer_format_refused():
    d = _seed_dict()
    d["format_version"] = 99
    (p,) = _problems(d)
    assert p.path == "format_version" and "at most 1" in p.expected and p.found == "99"


def test_version_0_migrated():
    d = _seed_dict()
    fin = d.pop("finance")
    d["format_version"] = 0
    d["analysis_years"] = fin["analysis_years"]
    d["discount_rate_pct"] = fin["discount_rate_pct"]
    p = project_from_dict(d)
    assert p.finance.analysis_years == fin["analysis_years"]
    assert p.finance.discount_rate_pct == fin["discount_rate_pct"]


def test_round_trip(tmp_path):
    p = load_project(DEFAULT)
    out = tmp_path / "p.json"
    save_project(p, out)
    assert load_project(out) == p


def test_failed_save_keeps_previous_file(tmp_path, monkeypatch):
    p = load_project(DEFAULT)
    out = tmp_path / "p.json"
    out.write_text("previous", encoding="utf-8")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save_project(p, out)
    assert out.read_text(encoding="utf-8") == "previous"
    assert [f.name for f in tmp_path.iterdir()] == ["p.json"]  # no temp file left


# ---- fuzz: malformed project files always give ProjectError, never anything else ----

_BAD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _paths(obj, prefix=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield prefix + (k,)
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj[:3]):
            yield prefix + (i,)
            yield from _paths(v, prefix + (i,))


_ALL_PATHS = list(_paths(json.loads(DEFAULT.read_text(encoding="utf-8"))))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_ALL_PATHS), _BAD_VALUES, st.booleans())
def test_fuzz_single_field(path, value, delete):
    d = _seed_dict()
    target = d
    for key in path[:-1]:
        target = target[key]
    if delete and isinstance(target, dict):
        del target[path[-1]]
    else:
        target[path[-1]] = value
    try:
        project_from_dict(d)
    except ProjectError as err:
        assert err.problems and all(str(p) for p in err.problems)
        for p in err.problems:
            assert p.expected and p.found is not None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_fuzz_text(text):
    try:
        parse_project_text(text)
    except ProjectError:
        pass


def test_huge_numbers_refused():
    d = _seed_dict()
    d["measures"][0]["capex_yuan"] = 1e300
    (p,) = _problems(d)
    assert p.path == "measures[0].capex_yuan"


def test_new_file_gets_normal_permissions(tmp_path):
    out = tmp_path / "new.json"
    save_project(load_project(DEFAULT), out)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
