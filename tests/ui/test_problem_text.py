"""Problem lines in the UI language: catalogue phrases of the readers and the known validation phrases."""

import pytest

from planner.io.projectfile import Problem, ProjectError, load_project
from ui.i18n import TranslationManager
from ui.widgets.labels import problem_text


@pytest.fixture
def chinese(qapp):
    TranslationManager(qapp).set_language("zh_CN", persist=False)
    yield
    TranslationManager(qapp).set_language("en", persist=False)


def test_a_missing_project_file_reads_in_chinese(tmp_path, chinese):
    with pytest.raises(ProjectError) as info:
        load_project(tmp_path / "none.json")
    text = problem_text(info.value.problems)
    assert "一个存在的项目文件" in text and "文件不存在" in text
    assert "file" not in text  # nothing left in English


def test_a_bound_phrase_reads_in_chinese(chinese):
    text = problem_text([Problem("finance.discount_rate_pct", "a number >= 0.0", "-3")])
    assert "a number" not in text and "0" in text and "-3" in text


def test_english_stays_as_the_reader_wrote_it(tmp_path):
    with pytest.raises(ProjectError) as info:
        load_project(tmp_path / "none.json")
    assert "an existing project file" in problem_text(info.value.problems)


def _missing_profile_doc(tmp_path):
    import json
    import shutil

    from tests.conftest import SEEDS
    from ui.document import ProjectDocument

    path = tmp_path / "factory.json"
    shutil.copy(SEEDS / "shandong-midsize-factory.json", path)
    d = json.loads(path.read_text(encoding="utf-8"))
    d["load"].pop("annual_kwh")
    d["load"]["profile_file"] = "nowhere.csv"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    doc = ProjectDocument()
    doc.open(path)
    return doc


def test_why_a_project_cannot_be_computed_reads_in_chinese(qtbot, tmp_path, chinese):
    from tests.ui.conftest import wait_results

    doc = _missing_profile_doc(tmp_path)
    assert wait_results(qtbot, doc, 20000) is None
    # the meter reader's own Chinese: the file, then "应为 ... 实际为 ..." with its phrases in Chinese
    assert doc.last_error.startswith("nowhere.csv：") and "一个存在且可读取的负荷曲线文件" in doc.last_error
    assert "文件不存在" in doc.last_error and "expected" not in doc.last_error and "No such" not in doc.last_error


def test_why_a_project_cannot_be_computed_in_english_is_the_readers_text(qtbot, tmp_path):
    from planner.engine.chain import run_project
    from tests.ui.conftest import wait_results

    doc = _missing_profile_doc(tmp_path)
    assert wait_results(qtbot, doc, 20000) is None
    with pytest.raises(ValueError) as info:
        run_project(doc.project, doc.base_dir)
    assert doc.last_error == str(info.value).splitlines()[0]
    assert doc.last_error.startswith("nowhere.csv: expected an existing, readable profile file (CSV or XLSX)")


def test_a_language_switch_right_before_the_editors_go_is_harmless(qtbot, qapp):
    """The editors rebuild one event-loop turn after a language change; a panel deleted in between
    (its window closed) must not be rebuilt (it raised "Internal C++ object already deleted")."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    from ui.document import ProjectDocument
    from ui.editors.panel import InputPanel

    doc = ProjectDocument()
    doc.hold_compute()  # no engine run: this is about the editors only
    panel = InputPanel(doc)
    QCoreApplication.sendEvent(panel, QEvent(QEvent.Type.LanguageChange))
    assert panel._rebuild_pending
    shiboken6.delete(panel)
    with qtbot.captureExceptions() as exceptions:
        qapp.processEvents()
    assert exceptions == []


def test_result_warnings_read_in_chinese(qtbot, tmp_path, chinese):
    from tests.ui.conftest import seed_panel

    _doc, panel, result = seed_panel(qtbot, tmp_path, "shandong-factory-storage.json")
    assert any("round-trip losses" in w for w in result.warnings)  # the results JSON keeps the English
    text = panel.message_text()
    assert "往返损耗" in text and "round-trip" not in text
