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
