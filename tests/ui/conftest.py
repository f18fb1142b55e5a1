"""Fixtures shared by the UI tests."""

import pytest
from PySide6.QtCore import QCoreApplication

from planner.io.projectfile import load_project
from tests.conftest import SEEDS

SEED = SEEDS / "shandong-midsize-factory.json"


def wait_results(qtbot, doc, timeout: int = 10000, raising: bool = True):
    """The results of ``doc``'s current project once delivered (``None`` if it could not be computed).

    Waits on ``ProjectDocument.computeFinished`` with ``qtbot.waitSignal``
    (no polling): the signal fires once the run for the current project
    delivered its result or its failure.
    """
    if not doc.results_current():
        with qtbot.waitSignal(doc.computeFinished, timeout=timeout, raising=raising):
            pass
    if not doc.results_current() or doc.last_error:
        return None
    return doc.results


def settle(qtbot, doc) -> None:
    """Let a background engine run of ``doc`` end before it goes away (fixture teardown).

    (Not ``QThreadPool.waitForDone``: with PySide6 6.11 it frees the
    auto-deleted Python runnables twice and a later timer crashes.)"""
    if doc.busy:
        with qtbot.waitSignal(doc.busyChanged, timeout=20000, raising=False, check_params_cb=lambda b: not b):
            pass
    QCoreApplication.processEvents()


@pytest.fixture
def doc(qtbot):
    """A document on the default seed project (test modules may override it)."""
    from ui.document import ProjectDocument

    d = ProjectDocument(load_project(SEED))
    yield d
    settle(qtbot, d)


@pytest.fixture
def quiet_window_env(qapp, tmp_path, monkeypatch):
    """Private settings, English UI, and no message box that could block a test.

    Yields the list of prompts the message boxes would have shown; their
    default answers are those of a cautious user (tests override them)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from ui.i18n import TranslationManager

    sb = QMessageBox.StandardButton
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    TranslationManager(qapp).set_language("en", persist=False)
    prompts = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: prompts.append(a) or sb.Cancel)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: prompts.append(a) or sb.No)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: prompts.append(a) or sb.Ok)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: prompts.append(self.text()) or 0)
    yield prompts
    TranslationManager(qapp).set_language("en", persist=False)


@pytest.fixture
def project_file(tmp_path):
    """A copy of the default seed project in the test's folder."""
    import shutil

    target = tmp_path / "factory.json"
    shutil.copy(SEED, target)
    return target


def open_window(qtbot, path, autosave_dir):
    """(document, main window) on the project file ``path``, autosaving into ``autosave_dir`` (not shown)."""
    from ui.document import ProjectDocument
    from ui.main_window import MainWindow

    doc = ProjectDocument()
    doc.open(path)
    w = MainWindow(doc, autosave_dir=autosave_dir)
    qtbot.addWidget(w)
    return doc, w


@pytest.fixture
def window(qtbot, project_file, tmp_path):
    """A shown main window on ``project_file`` with its first results."""
    doc, w = open_window(qtbot, project_file, tmp_path / "recovery")
    w.show()
    assert wait_results(qtbot, doc, 20000) is not None, doc.last_error
    yield w
    doc.undo_stack.setClean()  # let the teardown close without a prompt
    settle(qtbot, doc)


def type_into(qtbot, field, text: str, commit: bool = True) -> None:
    """Select the field's text and type over it, as a user does; Return commits (number fields commit
    when editing is finished)."""
    from PySide6.QtCore import Qt

    field.line_edit.setFocus()
    field.line_edit.selectAll()
    qtbot.keyClicks(field.line_edit, text)
    if commit:
        qtbot.keyClick(field.line_edit, Qt.Key.Key_Return)


def input_panel(qtbot, doc, size: int = 1000, tab: int | None = None):
    """A shown :class:`ui.editors.InputPanel` on ``doc``, ``size`` px square, on page ``tab``."""
    from ui.editors import InputPanel

    p = InputPanel(doc)
    qtbot.addWidget(p)
    p.resize(size, size)
    p.show()
    if tab is not None:
        p.tabs.setCurrentIndex(tab)
    return p


EXAMPLE_PV = "厂房屋顶光伏 2 MWp / Rooftop PV 2 MWp"
"""The PV measure of the default seed project."""


def seed_panel(qtbot, tmp_path, seed: str):
    """A results panel on a copy of ``seeds/<seed>`` and its first result (``None`` if it failed)."""
    import shutil

    from ui.document import ProjectDocument
    from ui.results import ResultsPanel

    path = tmp_path / seed
    shutil.copy(SEEDS / seed, path)
    doc = ProjectDocument()
    doc.open(path)
    panel = ResultsPanel(doc)
    qtbot.addWidget(panel)
    return doc, panel, wait_results(qtbot, doc, 20000)


def with_example_scenarios(d: dict, emc_name: str, no_pv_name: str) -> dict:
    """Give the default seed project's dict two scenarios: its PV under EMC (15 % discount) and without PV.

    (Also used by docs/make_analysis_screenshots.py.)"""
    d["scenarios"] = [
        {
            "name": emc_name,
            "changes": [
                {"path": f"measures/{EXAMPLE_PV}/ownership", "value": "emc"},
                {"path": f"measures/{EXAMPLE_PV}/emc_discount_pct", "value": 15},
            ],
        },
        {"name": no_pv_name, "enabled_measures": [m["name"] for m in d["measures"] if m["type"] != "pv"]},
    ]
    return d
