"""Importing meter data: preview chart and repair report before accepting; bad files explained."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from planner.engine.chain import run_project
from planner.io.projectfile import load_project, save_project
from tests.conftest import SEEDS
from tests.ui.conftest import settle
from ui.document import ProjectDocument
from ui.editors import InputPanel
from ui.editors.import_dialog import ImportProfileDialog, stored_profile_path

SEED = SEEDS / "shandong-midsize-factory.json"


def write_meter_csv(path: Path, drop: list[range] = (), duplicate: int | None = None) -> float:
    """One hourly year of 2025 with a daily shape; returns the kWh of the full year."""
    ts = pd.date_range("2025-01-01", periods=8760, freq="h")
    kw = 1500 + 800 * np.sin((ts.hour.to_numpy() - 6) / 24 * 2 * np.pi).clip(0) + 50 * (ts.day_of_week < 6)
    keep = np.ones(8760, dtype=bool)
    for r in drop:
        keep[list(r)] = False
    rows = [f"{t:%Y-%m-%d %H:%M},{v:.3f}" for t, v, k in zip(ts, kw, keep, strict=True) if k]
    if duplicate is not None:
        rows.insert(duplicate, rows[duplicate])
    path.write_text("timestamp,kw\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return float(kw.sum())


@pytest.fixture
def doc(qtbot, tmp_path):
    project = load_project(SEED)
    save_project(project, tmp_path / "factory.json")
    d = ProjectDocument(project, path=tmp_path / "factory.json")
    yield d
    settle(qtbot, d)


@pytest.fixture
def panel(qtbot, doc):
    p = InputPanel(doc)
    qtbot.addWidget(p)
    p.show()
    yield p


def ok_button(dlg: ImportProfileDialog):
    return dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_csv_with_gaps_shows_repair_report_and_chart(qtbot, tmp_path):
    csv = tmp_path / "meter.csv"
    write_meter_csv(csv, drop=[range(100, 104), range(2000, 2030)], duplicate=500)
    dlg = ImportProfileDialog(tmp_path, year=2025)
    qtbot.addWidget(dlg)
    assert not ok_button(dlg).isEnabled()
    assert dlg.load_file(csv)
    report = dlg.report_view.toPlainText()
    assert "Hours filled (gaps): 34" in report
    assert "Duplicates removed: 1" in report
    assert "interpolation" in report  # the 4-hour gap
    assert "week" in report  # the 30-hour gap
    assert dlg.chart.point_count() == 8760
    assert "8760 hours" in dlg.summary_label.text().replace(",", "")
    assert ok_button(dlg).isEnabled()
    assert dlg.error_label.isHidden()
    assert dlg.stored_path() == "meter.csv"


def test_clean_csv_says_nothing_was_repaired(qtbot, tmp_path):
    csv = tmp_path / "clean.csv"
    total = write_meter_csv(csv)
    dlg = ImportProfileDialog(tmp_path, year=2025)
    qtbot.addWidget(dlg)
    assert dlg.load_file(csv)
    assert "Nothing had to be repaired" in dlg.report_text()
    assert dlg.profile.kw.sum() == pytest.approx(total, rel=1e-6)


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", "expected"),
        ("timestamp,kw\n", "expected"),
        ("timestamp,kw\n2025-01-01 00:00,abc\n2025-01-01 01:00,12\n", "row"),
        ("just some text\nwith no numbers\n", "expected"),
        ("\x00\x01\x02binary", "expected"),
    ],
)
def test_bad_files_are_explained_and_cannot_be_accepted(qtbot, tmp_path, content, expected):
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    dlg = ImportProfileDialog(tmp_path, year=2025)
    qtbot.addWidget(dlg)
    assert not dlg.load_file(bad)
    assert not dlg.error_label.isHidden()
    assert expected in dlg.error_label.text()
    assert "bad.csv" in dlg.error_label.text()
    assert not ok_button(dlg).isEnabled()
    assert dlg.chart.point_count() == 0
    assert dlg.stored_path() == ""


def test_missing_file_and_empty_name(qtbot, tmp_path):
    dlg = ImportProfileDialog(tmp_path)
    qtbot.addWidget(dlg)
    assert not dlg.load_file(tmp_path / "nope.csv")
    assert dlg.error_label.text()
    assert not dlg.load_file("")
    assert "nothing" in dlg.error_label.text()


def test_a_good_file_after_a_bad_one(qtbot, tmp_path):
    (tmp_path / "bad.csv").write_text("", encoding="utf-8")
    write_meter_csv(tmp_path / "good.csv")
    dlg = ImportProfileDialog(tmp_path, year=2025)
    qtbot.addWidget(dlg)
    assert not dlg.load_file(tmp_path / "bad.csv")
    assert dlg.load_file(tmp_path / "good.csv")
    assert dlg.error_label.isHidden() and ok_button(dlg).isEnabled()


def test_stored_path_relative_inside_project_folder(tmp_path):
    (tmp_path / "data").mkdir()
    assert stored_profile_path(tmp_path / "data" / "m.csv", tmp_path) == "data/m.csv"
    outside = tmp_path.parent / "elsewhere.csv"
    assert stored_profile_path(outside, tmp_path) == str(outside.resolve())


def test_import_into_project_through_load_editor(qtbot, panel, doc, tmp_path, monkeypatch):
    csv = tmp_path / "meter.csv"
    total = write_meter_csv(csv, drop=[range(300, 302)])
    ed = panel.load_editor

    def fake_exec(dlg):
        assert dlg.load_file(csv)
        assert "Hours filled (gaps): 2" in dlg.report_view.toPlainText()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportProfileDialog, "exec", fake_exec)
    ed.profile_radio.click()
    load = doc.project.load
    assert load.profile_file == "meter.csv"  # relative to the project file's folder
    assert load.annual_kwh is None
    assert ed.profile_radio.isChecked()
    assert ed.profile_path.text() == "meter.csv"
    assert ed.annual_field.isHidden()
    assert doc.undo_stack.undoText() == "Import meter data 'meter.csv'"
    doc.recompute_now()
    assert doc.results is not None, doc.last_error
    assert doc.results.to_dict() == run_project(doc.project, doc.base_dir).to_dict()
    assert doc.results.baseline_kw.sum() == pytest.approx(total, rel=0.01)

    # back to the shift pattern: the measured consumption is offered
    ed.shift_radio.click()
    assert doc.project.load.profile_file is None
    assert doc.project.load.annual_kwh == pytest.approx(total, rel=0.01)
    doc.undo_stack.undo()
    assert doc.project.load.profile_file == "meter.csv"
    doc.undo_stack.undo()
    assert doc.project.load.annual_kwh == 18_000_000
    assert ed.shift_radio.isChecked() and not ed.annual_field.isHidden()


def test_cancelled_import_changes_nothing(qtbot, panel, doc, monkeypatch):
    monkeypatch.setattr(ImportProfileDialog, "exec", lambda dlg: QDialog.DialogCode.Rejected)
    panel.load_editor.profile_radio.click()
    assert doc.project.load.annual_kwh == 18_000_000
    assert doc.undo_stack.count() == 0
    assert panel.load_editor.shift_radio.isChecked()


def test_pv_generation_profile_import(qtbot, panel, doc, tmp_path, monkeypatch):
    csv = tmp_path / "pv.csv"
    ts = pd.date_range("2025-01-01", periods=8760, freq="h")
    kw = (1500 * np.sin((ts.hour.to_numpy() - 6) / 12 * np.pi)).clip(0)
    csv.write_text(
        "timestamp,kw\n" + "\n".join(f"{t:%Y-%m-%d %H:%M},{v:.2f}" for t, v in zip(ts, kw, strict=True)) + "\n"
    )

    def fake_exec(dlg):
        assert dlg.kind == "pv"
        assert dlg.load_file(csv)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportProfileDialog, "exec", fake_exec)
    ed = panel.measures_editor
    ed.select_row(5)
    form = ed.current_form()
    form.import_generation_profile()
    assert doc.project.measures[5].generation_profile_file == "pv.csv"
    assert form.profile_edit.text() == "pv.csv"
    doc.recompute_now()
    assert doc.results is not None, doc.last_error
    assert doc.results.pv.first_year_generation_kwh == pytest.approx(kw.sum(), rel=0.01)
    form.clear_file("generation_profile_file")
    assert doc.project.measures[5].generation_profile_file is None


def test_xlsx_15_minute_kwh(qtbot, tmp_path):
    """15-minute kWh readings in an Excel file: summed to hourly kW."""
    ts = pd.date_range("2025-01-01", periods=35040, freq="15min")
    kwh = np.full(len(ts), 250.0)  # 1000 kW
    df = pd.DataFrame({"timestamp": ts, "energy_kwh": kwh}).drop(index=range(4000, 4010))
    path = tmp_path / "meter.xlsx"
    df.to_excel(path, index=False)
    dlg = ImportProfileDialog(tmp_path, year=2025)
    qtbot.addWidget(dlg)
    assert dlg.load_file(path), dlg.error_label.text()
    assert dlg.profile.kw.mean() == pytest.approx(1000.0)
    assert "15-minute" in dlg.summary_label.text() and "kWh" in dlg.summary_label.text()
    assert "Hours filled (gaps): 3" in dlg.report_text()


def write_chinese_export(path: Path) -> np.ndarray:
    """A real-looking Chinese meter export: GBK, first column the meter's name, energy and power columns."""
    hours = pd.date_range("2025-01-01", periods=8760, freq="h")
    kw = 800 + 200 * np.sin(np.arange(8760) / 24 * 2 * np.pi)
    df = pd.DataFrame(
        {
            "表计名称": "1号进线",
            "数据时间": hours.strftime("%Y-%m-%d %H:%M:%S"),
            "正向有功总(kWh)": np.round(kw, 3),
            "有功功率(kW)": np.round(kw, 3),
            "无功功率(kvar)": np.round(kw * 0.4, 3),
        }
    )
    df.to_csv(path, index=False, encoding="gbk")
    return kw


def test_enter_in_the_path_field_previews_and_never_applies(qtbot, tmp_path):
    """Issue 9 item 14: Enter shows the preview and repair report; it does not accept the dialog."""
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_meter_csv(first)
    write_meter_csv(second, drop=[range(100, 103)])
    dlg = ImportProfileDialog(tmp_path, year=2025)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.load_file(first) and ok_button(dlg).isEnabled()  # OK is enabled: Enter must still not apply
    accepted = []
    dlg.accepted.connect(lambda: accepted.append(True))
    dlg.path_edit.setFocus()
    dlg.path_edit.setText(str(second))
    qtbot.keyClick(dlg.path_edit, Qt.Key.Key_Return)
    assert not accepted and dlg.isVisible() and dlg.result() == 0
    assert dlg.path == second
    assert "Hours filled (gaps): 3" in dlg.report_text()


def test_column_mapping_reads_a_chinese_meter_export(qtbot, tmp_path):
    export = tmp_path / "电表导出.csv"
    kw = write_chinese_export(export)
    dlg = ImportProfileDialog(tmp_path, year=2025)
    qtbot.addWidget(dlg)
    assert dlg.load_file(export) is False  # the first column is the meter's name, not a time
    assert dlg.columns_row.isVisibleTo(dlg)
    header = [dlg.value_combo.itemText(i) for i in range(dlg.value_combo.count())]
    assert header == ["表计名称", "数据时间", "正向有功总(kWh)", "有功功率(kW)", "无功功率(kvar)"]
    assert dlg.time_combo.currentText() == "数据时间"  # guessed from the name
    dlg.set_columns("数据时间", "正向有功总(kWh)", "kwh")
    assert dlg.apply_columns() is True
    assert dlg.profile.kw.sum() == pytest.approx(kw.sum(), rel=1e-6)
    assert ok_button(dlg).isEnabled()
    # what the project stores: an hourly copy the engine reads without a column choice
    stored = dlg.stored_path()
    assert stored == "电表导出.hourly.csv"
    from planner.engine.load import read_hourly_profile

    again = read_hourly_profile(tmp_path / stored, year=2025)
    assert again.kw == pytest.approx(dlg.profile.kw, rel=1e-6)


def test_repair_notes_in_chinese(qtbot, tmp_path):
    """Issue 9 item 16: in Chinese the repair report (counts and notes) is Chinese; the engine's
    notes keep their English for the command line and the JSON."""
    from PySide6.QtCore import QCoreApplication

    from planner.terms import has_cjk
    from ui.i18n import TranslationManager

    p = tmp_path / "gaps.csv"
    write_meter_csv(p, drop=[range(100, 103)], duplicate=50)
    manager = TranslationManager(QCoreApplication.instance())
    assert manager.set_language("zh_CN", persist=False)
    try:
        dlg = ImportProfileDialog(tmp_path, year=2026)
        qtbot.addWidget(dlg)
        assert dlg.load_file(p)
        text = dlg.report_text()
        # hours 100..102 = 5 January 04:00..06:00 (100 = 4 x 24 + 4); 2025 data on the 2026 calendar
        assert "• 1 处不超过 6 小时的缺口共缺 3 小时（2025-01-05 04:00 至 2025-01-05 06:00），已线性插值补齐" in text
        assert "• 2025 年的数据已按日期映射到日历年 2026；星期未重新对齐" in text
        assert "• 1 行重复时间戳（2025-01-03 02:00）已合并为其平均值" in text  # hour 50 = 2 x 24 + 2 repeated
        for line in filter(None, text.splitlines()):
            assert has_cjk(line), line  # every line of the report is Chinese
        assert has_cjk(dlg.summary_label.text()) and has_cjk(dlg.windowTitle())
        # the engine's own text is still the English of the CLI / JSON
        assert "filled by linear interpolation" in dlg.profile.report.messages[1]
    finally:
        manager.set_language("en", persist=False)


def test_results_banner_tooltip_lists_the_repairs_in_chinese(qtbot, tmp_path):
    """The results panel's banner tooltip (the load report) shows the repair notes in the UI language."""
    import json

    from PySide6.QtCore import QCoreApplication

    from planner.io.projectfile import project_from_dict
    from tests.ui.conftest import wait_results
    from ui.i18n import TranslationManager
    from ui.results import ResultsPanel

    write_meter_csv(tmp_path / "meter.csv", drop=[range(100, 103)])
    d = json.loads(SEED.read_text(encoding="utf-8"))
    d["load"] = {"profile_file": str(tmp_path / "meter.csv"), "calendar_year": 2025}
    manager = TranslationManager(QCoreApplication.instance())
    assert manager.set_language("zh_CN", persist=False)
    try:
        doc = ProjectDocument(project_from_dict(d))
        panel = ResultsPanel(doc)
        qtbot.addWidget(panel)
        assert wait_results(qtbot, doc, 20000) is not None
        qtbot.waitUntil(lambda: "已线性插值补齐" in panel.message.toolTip(), timeout=5000)
        assert "filled by" not in panel.message.toolTip()
        settle(qtbot, doc)
    finally:
        manager.set_language("en", persist=False)


def test_column_mapping_reads_xlsx_headers_of_a_chinese_meter_export(qtbot, tmp_path):
    """Issue 9 item 14: the column-mapping step reads the header of an XLSX export too (two preamble rows,
    then 表计名称, 数据时间, 正向有功总(kWh), 有功功率(kW), 无功功率(kvar))."""
    import openpyxl

    hours = pd.date_range("2025-01-01", periods=8760, freq="h")
    kw = 800 + 200 * np.sin(np.arange(8760) / 24 * 2 * np.pi)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["电能数据导出"])
    ws.append(["导出时间", "2026-01-05 08:00"])
    header = ["表计名称", "数据时间", "正向有功总(kWh)", "有功功率(kW)", "无功功率(kvar)"]
    ws.append(header)
    for t, v in zip(hours, kw, strict=True):
        ws.append(["1号进线", t.to_pydatetime(), round(float(v), 3), round(float(v), 3), round(float(v) * 0.4, 3)])
    export = tmp_path / "电表导出.xlsx"
    wb.save(export)

    dlg = ImportProfileDialog(tmp_path, year=2025)
    qtbot.addWidget(dlg)
    assert dlg.load_file(export) is False  # two value columns: the reader asks which one
    assert dlg.columns_row.isVisibleTo(dlg)
    assert [dlg.value_combo.itemText(i) for i in range(dlg.value_combo.count())] == header
    assert dlg.time_combo.currentText() == "数据时间"  # guessed from the name
    assert dlg.value_combo.currentText() == "有功功率(kW)" and dlg.unit_combo.currentData() == "kw"
    assert dlg.apply_columns() is True, dlg.error_label.text()
    # hourly kW = the column's values (rounded to 3 decimals when written)
    assert dlg.profile.kw == pytest.approx(np.round(kw, 3), abs=1e-9)
    assert ok_button(dlg).isEnabled()
    dlg.set_columns("数据时间", "正向有功总(kWh)", "kwh")
    assert dlg.apply_columns() is True
    assert dlg.profile.report.unit == "kwh" and dlg.profile.kw.sum() == pytest.approx(np.round(kw, 3).sum())


def test_a_refused_file_is_explained_in_chinese(qtbot, tmp_path):
    """Issue 9 item 16: the reason a file cannot be used reads in Chinese (file, row, expected, found)."""
    from PySide6.QtCore import QCoreApplication

    from ui.i18n import TranslationManager

    p = tmp_path / "two.csv"
    ts = pd.date_range("2025-01-01", periods=8760, freq="h")
    p.write_text("timestamp,kw\n" + "\n".join(f"{t:%Y-%m-%d %H:%M},1" for t in ts[::2]) + "\n", encoding="utf-8")
    manager = TranslationManager(QCoreApplication.instance())
    assert manager.set_language("zh_CN", persist=False)
    try:
        dlg = ImportProfileDialog(tmp_path, year=2025)
        qtbot.addWidget(dlg)
        assert dlg.load_file(p) is False
        text = dlg.error_label.text()
        # every other hour: a typical step of 120 minutes
        assert "two.csv：应为逐时或 15 分钟数据（时间步长 5 到 60 分钟）,实际为时间戳之间的典型步长为 120 分钟" in text
        assert "expected" not in text and "found" not in text
    finally:
        manager.set_language("en", persist=False)
