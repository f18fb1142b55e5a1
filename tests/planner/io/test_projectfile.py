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
    rebase_project_paths,
    save_project,
)
from planner.model.errors import InputError

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
DEFAULT = SEEDS / "shandong-midsize-factory.json"


def _seed_dict():
    return json.loads(DEFAULT.read_text(encoding="utf-8"))


def _seed_with(path: tuple, value):
    """The seed project as a dict with the field at ``path`` (keys and list indexes) set to ``value``."""
    d = _seed_dict()
    target = d
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return d


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


# ---- issue 9 item 4: strict types, duplicate keys ----


@pytest.mark.parametrize(
    "path, value, expected",
    [
        (("finance", "analysis_years"), True, "whole number"),  # true ran one year before
        (("measures", 0, "rated_power_kw"), "75", "number"),  # "75" was read as 75
        (("measures", 0, "enabled"), "yes", "true or false"),  # "yes" was read as true
        (("measures", 0, "enabled"), 1, "true or false"),
        (("site", "latitude_deg"), False, "number"),
        (("finance", "discount_rate_pct"), "6", "number"),
    ],
)
def test_strict_numbers_and_booleans(path, value, expected):
    (p,) = _problems(_seed_with(path, value))
    assert p.path == ".".join(str(k) for k in path).replace(".0.", "[0].")
    assert expected in p.expected and p.found == (json.dumps(value) if isinstance(value, bool) else repr(value))


def test_ints_accepted_for_floats_and_integral_floats_for_ints():
    d = _seed_dict()
    d["site"]["latitude_deg"] = 36  # an int where a float is expected
    d["finance"]["analysis_years"] = 20.0  # an integral float where a whole number is expected
    d["load"]["holidays"] = ["2025-01-01"]  # dates stay readable from text
    p = project_from_dict(d)
    assert p.site.latitude_deg == 36.0 and isinstance(p.site.latitude_deg, float)
    assert p.finance.analysis_years == 20 and isinstance(p.finance.analysis_years, int)
    d["finance"]["analysis_years"] = 20.5
    (prob,) = _problems(d)
    assert prob.path == "finance.analysis_years" and "whole number" in prob.expected


def test_duplicate_keys_refused_with_path():
    text = DEFAULT.read_text(encoding="utf-8")
    # a second "capex_yuan" in the first measure and a second "name" at the top
    text = text.replace('"capex_yuan": 180000', '"capex_yuan": 180000, "capex_yuan": 1', 1)
    text = text.replace('"format_version": 1', '"format_version": 1, "format_version": 1', 1)
    with pytest.raises(ProjectError) as exc:
        parse_project_text(text)
    paths = [p.path for p in exc.value.problems]
    assert paths == ["format_version", "measures[0].capex_yuan"]
    assert all("once" in p.expected for p in exc.value.problems)


# ---- issue 9 item 5: physical bounds ----


@pytest.mark.parametrize(
    "path, value, where",
    [
        (("tariff", "prices_yuan_per_kwh", "peak"), 1e30, "tariff.prices_yuan_per_kwh.peak"),
        (("tariff", "prices_yuan_per_kwh", "peak"), 100.5, "tariff.prices_yuan_per_kwh.peak"),
        (("tariff", "export_price_yuan_per_kwh"), 101, "tariff.export_price_yuan_per_kwh"),
        (("load", "annual_kwh"), 2e11, "load.annual_kwh"),
        (("measures", 5, "capacity_kwp"), 2e7, "measures[5].capacity_kwp"),
    ],
)
def test_absurd_magnitudes_refused(path, value, where):
    (p,) = _problems(_seed_with(path, value))
    assert p.path == where and "<=" in p.expected


def test_price_at_the_bound_accepted():
    d = _seed_dict()
    d["tariff"]["prices_yuan_per_kwh"]["peak"] = 100  # MAX_PRICE_YUAN_PER_KWH itself
    project_from_dict(d)


def test_total_motor_power_bounded():
    d = _seed_dict()
    d["measures"][0]["rated_power_kw"] = 1e6
    d["measures"][0]["quantity"] = 100  # 1e8 kW of motors > 1e7 kW
    (p,) = _problems(d)
    assert p.path == "measures[0]" and "rated_power_kw x quantity" in p.expected and "1e+08" in p.found


# ---- issue 9 item 10: saving through links, to devices, stale temporary files, directory fsync ----


def test_save_through_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    project = load_project(DEFAULT)
    save_project(project, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load_project(real) == project


@pytest.mark.parametrize("kind", ["dev_null", "fifo", "directory"])
def test_save_refuses_non_regular_targets(tmp_path, kind):
    if kind == "dev_null":
        target = Path("/dev/null")
        if not target.exists():
            pytest.skip("no /dev/null")
        found = "character device"
    elif kind == "fifo":
        target = tmp_path / "pipe.json"
        os.mkfifo(target)
        found = "named pipe"
    else:
        target = tmp_path / "folder.json"
        target.mkdir()
        found = "directory"
    with pytest.raises(InputError) as exc:
        save_project(load_project(DEFAULT), target)
    assert exc.value.where == str(target) and found in exc.value.found
    if kind == "dev_null":
        assert Path("/dev/null").is_char_device()
    else:
        assert [f.name for f in tmp_path.iterdir()] == [target.name]  # nothing written beside it


def test_save_to_missing_folder_names_it(tmp_path):
    with pytest.raises(InputError) as exc:
        save_project(load_project(DEFAULT), tmp_path / "nope" / "p.json")
    assert exc.value.where == str(tmp_path / "nope") and "folder" in exc.value.expected


_KILLED_SAVE = """
import os, sys
sys.path.insert(0, {repo!r})
from planner.io import projectfile
real_fsync = os.fsync
def die(fd):
    real_fsync(fd)
    os._exit(9)  # killed between writing the temporary file and renaming it
os.fsync = die
projectfile.save_project(projectfile.load_project({seed!r}), {out!r})
"""


def test_stale_temp_file_of_a_killed_save_removed_next_time(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "p.json"
    repo = str(Path(__file__).resolve().parents[3])
    code = _KILLED_SAVE.format(repo=repo, seed=str(DEFAULT), out=str(out))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    left = [f.name for f in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith(".p.json.") and left[0].endswith(".rp-tmp")
    other = tmp_path / ".notes.txt.tmp"  # not ours: left alone
    other.write_text("x", encoding="utf-8")
    save_project(load_project(DEFAULT), tmp_path / "q.json")  # any save into that folder
    assert sorted(f.name for f in tmp_path.iterdir()) == [".notes.txt.tmp", "q.json"]


def test_temp_file_of_a_save_in_progress_is_kept(tmp_path):
    import fcntl

    from planner.io.projectfile import remove_stale_temp_files

    live = tmp_path / ".p.json.abcd1234.rp-tmp"
    live.write_text("partial", encoding="utf-8")
    with open(live, "rb") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)  # as a running save holds it
        assert remove_stale_temp_files(tmp_path) == []
        assert live.exists()
    assert remove_stale_temp_files(tmp_path) == [live.name]


def test_directory_fsynced_after_replace(tmp_path, monkeypatch):
    import stat as st

    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append("fsync dir" if st.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(a, b):
        events.append("replace")
        real_replace(a, b)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    save_project(load_project(DEFAULT), tmp_path / "p.json")
    assert events == ["fsync file", "replace", "fsync dir"]


# ---- issue 9 item 8: paths relative to the project file after Save As, on a copy ----


def _with_files(profile, weather=None, generation=None):
    d = _seed_dict()
    d["load"] = {"profile_file": profile, "calendar_year": 2025}
    pv = d["measures"][5]
    if weather:
        pv["weather_file"] = weather
    if generation:
        pv["generation_profile_file"] = generation
    return project_from_dict(d)


def test_rebase_relative_below_and_absolute_elsewhere(tmp_path):
    old = tmp_path / "old"
    project = _with_files("meter.csv", weather="../shared/tmy.csv", generation=str(tmp_path / "new" / "pv" / "g.csv"))
    before = project.model_dump()
    rebased = rebase_project_paths(project, old, tmp_path / "new" / "p.json")
    assert project.model_dump() == before  # never mutates the given project
    # old/meter.csv is not beside or below new/: absolute
    assert rebased.load.profile_file == str(old / "meter.csv")
    # shared/tmy.csv neither
    assert rebased.measures[5].weather_file == str(tmp_path / "shared" / "tmy.csv")
    # new/pv/g.csv sits below new/: relative, with '/'
    assert rebased.measures[5].generation_profile_file == "pv/g.csv"


def test_rebase_into_parent_folder_and_back(tmp_path):
    project = _with_files("meter.csv")
    up = rebase_project_paths(project, tmp_path / "a", tmp_path / "p.json")
    assert up.load.profile_file == "a/meter.csv"  # below the new file's folder: relative
    back = rebase_project_paths(up, tmp_path, tmp_path / "a" / "p.json")
    assert back.load.profile_file == "meter.csv"


def test_save_as_with_base_dir_writes_rebased_copy(tmp_path):
    (tmp_path / "data").mkdir()
    project = _with_files(str(tmp_path / "data" / "meter.csv"))
    saved = save_project(project, tmp_path / "p.json", base_dir=tmp_path / "elsewhere")
    assert saved.load.profile_file == "data/meter.csv"
    assert load_project(tmp_path / "p.json").load.profile_file == "data/meter.csv"
    assert project.load.profile_file == str(tmp_path / "data" / "meter.csv")


def test_failed_save_as_leaves_project_unchanged(tmp_path, monkeypatch):
    project = _with_files("meter.csv")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save_project(project, tmp_path / "sub" / ".." / "p.json", base_dir=tmp_path / "old")
    assert project.load.profile_file == "meter.csv"


def test_numpy_numbers_accepted_as_numbers():
    # scenario code may set values from numpy arrays: np.int64 and integral np.float64 are whole numbers
    import numpy as np

    d = _seed_dict()
    d["finance"]["analysis_years"] = np.int64(20)
    d["finance"]["discount_rate_pct"] = np.float64(6.5)
    d["measures"][0]["quantity"] = np.float64(4.0)
    p = project_from_dict(d)
    assert (p.finance.analysis_years, p.finance.discount_rate_pct, p.measures[0].quantity) == (20, 6.5, 4)
    assert type(p.finance.analysis_years) is int
