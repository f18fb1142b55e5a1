"""The repair notes of the meter reader and of the bill calibration as catalogue phrases (issue 9 item 16).

Each note is a :class:`planner.terms.Note`: its ``str`` is the English text the
command line and the results JSON print (unchanged, written out by hand below
from the reader's documented wording), its ``key`` a ``repair.*`` entry of
``assets/terms/repair.json``, and ``text("zh")`` the Chinese.
"""

from __future__ import annotations

import copy
import json
import pickle
import re
import string

import numpy as np
import pytest

from planner.engine.bill_check import calibrate_to_bills
from planner.io.assets import asset_path
from planner.io.meter import read_hourly_profile
from planner.terms import Note, catalogue, has_cjk, message_text
from tests.planner.profiles import hours, ts_text, write_csv


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_repair_phrases_are_bilingual_with_the_same_placeholders():
    entries = json.loads((asset_path("terms") / "repair.json").read_text(encoding="utf-8"))
    keys = [k for k in entries if not k.startswith("_")]
    assert keys and all(k.startswith("repair.") for k in keys)
    cat = catalogue()  # merging all files raises on a key defined twice
    for k in keys:
        zh, en = cat[k]["zh"], cat[k]["en"]
        assert _placeholders(zh) == _placeholders(en), k
        assert not has_cjk(en), k
        words = re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}", "", en))
        if words and not k.startswith("repair.period.") or k == "repair.period.other":
            assert has_cjk(zh), k  # a phrase with English words has a Chinese translation


def _messy_meter(tmp_path):
    """Two preamble lines, a negative value in file row 9, a 3-hour gap, a 10-hour gap, two duplicate rows."""
    ts = hours(2025)
    kw = 100.0 + (np.arange(8760) % 24)
    rows = [(t, v) for t, v in zip(ts_text(ts), kw, strict=True)]
    rows[5] = (rows[5][0], -3.5)  # data row 6 = file row 3 (preamble) + 6 = row 9
    drop = set(range(100, 103)) | set(range(2000, 2010))
    rows = [r for i, r in enumerate(rows) if i not in drop] + [rows[10], rows[20]]
    p = tmp_path / "meter.csv"
    write_csv(p, "timestamp,kw", rows)
    p.write_text("Meter: 1#变压器\nExported 2026-01-05\n" + p.read_text(encoding="utf-8"), encoding="utf-8")
    return p


def test_meter_notes_keep_their_english_and_read_in_chinese(tmp_path):
    r = read_hourly_profile(_messy_meter(tmp_path), year=2026).report
    # the English the CLI and the results JSON show, exactly as before the notes became phrases:
    # gap 1 = hours 100..102 = 5 January 04:00..06:00;
    # gap 2 = hours 2000..2009, 2000 = 83 x 24 + 8: day 84 = 25 March, 08:00..17:00
    assert r.messages == [
        "2 line(s) before the header row 3 skipped",
        "1 negative value(s) set to 0 (first: -3.5 kW in row 9)",
        "2 duplicate timestamp row(s) (2025-01-01 10:00, 2025-01-01 20:00) merged into the mean of their values",
        "3 missing hour(s) in 1 gap(s) of up to 6 h (2025-01-05 04:00 to 2025-01-05 06:00) filled by linear "
        "interpolation",
        "10 missing hour(s) in 1 gap(s) longer than 6 h (2025-03-25 08:00 to 2025-03-25 17:00) filled with the "
        "same time of the same weekday one week earlier or later (else the mean of that weekday and time)",
        "data of 2025 mapped onto calendar year 2026 by date; weekdays not realigned",
    ]
    assert all(isinstance(m, Note) and m.key.startswith("repair.") for m in r.messages)
    assert all(m.text("en") == str(m) for m in r.messages)
    zh = [m.text("zh") for m in r.messages]
    assert zh[0] == "表头（第 3 行）之前的 2 行已跳过"
    assert zh[1] == "1 个负值已置为 0（首个：第 9 行 -3.5 kW）"
    assert zh[2] == "2 行重复时间戳（2025-01-01 10:00、2025-01-01 20:00）已合并为其平均值"
    assert "2025-01-05 04:00 至 2025-01-05 06:00" in zh[3]
    assert zh[5] == "2025 年的数据已按日期映射到日历年 2026；星期未重新对齐"
    for text in zh:  # no English words left (names of columns, dates, units and numbers may stay)
        assert has_cjk(text)
        assert not {"missing", "filled", "data", "row", "rows", "and", "more"} & set(text.replace("(", " ").split())


def test_nested_lists_and_more_are_translated(tmp_path):
    ts = hours(2025)
    kw = 50.0 + (np.arange(8760) % 7)
    rows = [(t, v) for t, v in zip(ts_text(ts), kw, strict=True)]
    rows = [r for i, r in enumerate(rows) if i not in {10, 20, 30, 40, 50}]  # five 1-hour gaps
    r = read_hourly_profile(write_csv(tmp_path / "g.csv", "timestamp,kw", rows)).report
    (note,) = r.messages
    assert note == (
        "5 missing hour(s) in 5 gap(s) of up to 6 h (2025-01-01 10:00, 2025-01-01 20:00, 2025-01-02 06:00, "
        "and 2 more) filled by linear interpolation"
    )
    assert note.text("zh") == (
        "5 处不超过 6 小时的缺口共缺 5 小时（2025-01-01 10:00、2025-01-01 20:00、2025-01-02 06:00 及另外 2 处），"
        "已线性插值补齐"
    )


def test_day_first_decimal_comma_notes(tmp_path):
    ts = hours(2025)
    lines = ["Zeit;kW"] + [f"{t.strftime('%d.%m.%Y %H:%M')};1,25" for t in ts]
    p = tmp_path / "eu.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = read_hourly_profile(p).report
    # 13.01.2025 00:00 is the first date with a first field above 12: data row 12 x 24 + 1 = 289, file row 290
    assert r.messages == [
        "column 'Zeit': dates read as day.month.year (row 290 has a first field above 12)",
        "column 'kW': commas read as decimal commas (';'-separated file; e.g. row 2: 1,25 = 1.25)",
    ]
    assert [m.text("zh") for m in r.messages] == [
        "列“Zeit”：日期按“日.月.年”读取（第 290 行的第一个字段大于 12）",
        "列“kW”：逗号按小数点读取（以“;”分隔的文件；例如第 2 行：1,25 = 1.25）",
    ]


def test_notes_survive_json_pickle_copy_and_plain_strings():
    n = Note("repair.duplicates", n=4, shown=Note("repair.and_more", items=["a", "b", "c"], n=1))
    assert json.dumps([n]) == json.dumps(
        ["4 duplicate timestamp row(s) (a, b, c and 1 more) merged into the mean of their values"]
    )
    for twin in (pickle.loads(pickle.dumps(n)), copy.deepcopy(n), copy.copy(n)):
        assert isinstance(twin, Note) and twin == n and twin.key == n.key and twin.text("zh") == n.text("zh")
    assert message_text(n, "zh") == n.text("zh") and message_text("plain text", "zh") == "plain text"


def test_calibration_messages_are_phrases():
    from types import SimpleNamespace

    from planner.model.project import MonthlyBillInput

    # 2 months of 24 h of 10 kW on the same TOU period (index 2 = flat): 240 kWh a month in the model
    cal = SimpleNamespace(month=np.repeat([1, 2], 24))
    ht = SimpleNamespace(period=np.full(48, 2))
    bills = [
        MonthlyBillInput(month=1, kwh=300.0, total_yuan=200.0),
        MonthlyBillInput(month=2, kwh=480.0, kwh_by_period={"peak": 100.0}, total_yuan=300.0),
    ]
    kw, messages = calibrate_to_bills(np.full(48, 10.0), ht, cal, bills)
    # month 1: 300 / 240 = x1.2500; month 2: no peak hours; the rest (flat) to 480 - 100 = 380: x1.5833
    assert messages == [
        "month 1: baseline scaled x1.2500 to the bill (240 -> 300 kWh)",
        "month 2, peak: the model has no load in this period, cannot scale to 100 kWh (left as is)",
        "month 2: baseline scaled by period to the bill (240 -> 380 kWh; other periods x1.5833)",
    ]
    assert [m.text("zh") for m in messages] == [
        "1 月：基准负荷 ×1.2500 校准到账单（240 → 300 kWh）",
        "2 月高峰：模型在该时段没有负荷，无法校准到 100 kWh（保持不变）",
        "2 月：基准负荷按时段校准到账单（240 → 380 kWh；其他时段 ×1.5833）",
    ]
    assert kw[:24].sum() == pytest.approx(300.0) and kw[24:].sum() == pytest.approx(380.0)


def test_profile_errors_keep_their_english_and_read_in_chinese(tmp_path):
    """A ProfileError's expected / found are phrases: ``str(err)`` is the command line's English,
    ``err.text("zh")`` names the file, row and column in Chinese."""
    from planner.io.meter import ProfileError

    ts = ts_text(hours(2025))
    p = tmp_path / "export.csv"
    p.write_text(
        "数据时间,正向有功总(kWh),1号有功功率(kW)\n" + "\n".join(f"{a},{i},{i}" for i, a in enumerate(ts)) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError) as err:
        read_hourly_profile(p)
    assert str(err.value) == (
        "export.csv, row 1: expected one value column (kw or kwh) or one named 'kw', "
        "found several: '正向有功总(kWh)', '1号有功功率(kW)'"
    )
    assert err.value.text("en") == str(err.value)
    assert err.value.text("zh") == (
        "export.csv，第 1 行：应为一个数值列（kw 或 kwh），或一个名为“kw”的列,"
        "实际为有多个：'正向有功总(kWh)'、'1号有功功率(kW)'"
    )
    # the register column chosen by hand: cumulative readings 0, 1, 2 ... are refused
    with pytest.raises(ProfileError) as err:
        read_hourly_profile(p, time_column="数据时间", value_column="正向有功总(kWh)")
    assert str(err.value) == (
        "export.csv, column '正向有功总(kWh)': expected the energy of each interval in column '正向有功总(kWh)', "
        "found values that only ever increase (from 0 to 8759): cumulative meter register readings? "
        "Use the differences of consecutive readings"
    )
    zh = err.value.text("zh")
    assert zh.startswith("export.csv，列“正向有功总(kWh)”：应为列“正向有功总(kWh)”中每个时段的电量")
    assert "是电表的累计读数吗" in zh and "expected" not in zh
