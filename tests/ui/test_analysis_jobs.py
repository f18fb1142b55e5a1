"""The analysis runner's worker outlives neither its signals nor its view (issue 9 item 4).

At exit PySide deletes every parentless Python-owned QObject one by one, in
no set order; a view closed while its job still ran printed "Signal source has
been deleted" from the worker's ``emit``.  The test does the clean-up's worst
order by hand: first every parentless Python-owned QObject the view holds,
then the view, and captures what the worker printed.
"""

from __future__ import annotations

import threading
import time

import shiboken6
from PySide6.QtCore import QObject, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QWidget


def _python_owned_orphans(root: QObject) -> list[QObject]:
    """QObjects reachable from ``root`` (Qt children and Python attributes) without a Qt parent, owned by
    Python: what PySide's exit clean-up deletes one at a time."""
    seen: set[int] = set()
    out: list[QObject] = []
    stack: list[QObject] = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or not shiboken6.isValid(obj):
            continue
        seen.add(id(obj))
        stack.extend(v for v in vars(obj).values() if isinstance(v, QObject))
        stack.extend(obj.children())
        if obj is not root and obj.parent() is None and shiboken6.ownedByPython(obj):
            out.append(obj)
    return out


def test_closing_a_view_mid_job_prints_nothing(qtbot, capfd):
    from ui.results.analysis_jobs import AnalysisRunner

    qt_messages: list[str] = []

    def handler(kind, _context, text):
        if kind != QtMsgType.QtDebugMsg:
            qt_messages.append(text)

    started, calls = threading.Event(), []

    def job(progress):
        started.set()
        for i in range(40):  # about 2 s unless cancelled
            time.sleep(0.05)
            calls.append(i)
            if progress(i / 40) is False:
                break
        return "done"

    view = QWidget()
    view.runner = AnalysisRunner(view)
    view.runner.start(job)
    assert started.wait(10)
    previous = qInstallMessageHandler(handler)
    try:
        for obj in _python_owned_orphans(view):  # the exit clean-up's worst order
            shiboken6.delete(obj)
        t0 = time.perf_counter()
        shiboken6.delete(view)  # the view goes: the pool's destructor waits for the job
        waited = time.perf_counter() - t0
        time.sleep(0.2)  # a job that outlived the view would print now
    finally:
        qInstallMessageHandler(previous)
    err = capfd.readouterr().err
    assert "Signal source has been deleted" not in err
    assert "Error calling Python override" not in err
    assert not [m for m in qt_messages if "deleted" in m.lower()]
    # the destroyed runner cancelled its job: it stopped at its next progress call, not after 40 steps
    assert len(calls) < 40 and waited < 1.5


def test_job_controls_follow_the_job(qtbot):
    from ui.results.analysis_jobs import AnalysisRunner, job_controls

    parent = QWidget()
    qtbot.addWidget(parent)
    runner = AnalysisRunner(parent)
    run, cancel, bar = job_controls(parent, runner)
    assert run.isEnabled() and not cancel.isEnabled()
    halfway, go_on = threading.Event(), threading.Event()
    calls = []

    def job(progress):
        calls.append(progress(0.42))  # True: not cancelled yet
        halfway.set()
        go_on.wait(10)
        calls.append(progress(0.5))  # False once Cancel was clicked
        return "done"

    with qtbot.waitSignal(runner.finished, timeout=10000) as finished:
        runner.start(job)
        assert not run.isEnabled() and cancel.isEnabled()
        assert halfway.wait(10)
        qtbot.waitUntil(lambda: bar.value() == 420)  # 0.42 of 0..1000
        cancel.click()
        go_on.set()
    assert finished.args == [None, "cancelled"] and calls == [True, False]
    assert run.isEnabled() and not cancel.isEnabled()
