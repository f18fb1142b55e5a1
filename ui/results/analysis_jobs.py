"""Run an analysis (scenarios, sensitivity, Monte Carlo) off the GUI thread, with progress and cancel.

A :class:`AnalysisRunner` owns at most one job at a time.  The job is a
plain function ``fn(progress) -> result`` where ``progress(share)`` reports
0..1 and returns False once the user cancelled (the analysis then raises
``planner.analysis.montecarlo.Cancelled``, or the job ends early).  Results
come back on the GUI thread through Qt signals; a result of a job started
before the latest one is dropped.

Lifetime (issue 9 item 4): the signal object the worker emits on is a Qt child
of the runner, created after the runner's thread pool, so Qt deletes it only
after the pool's destructor has waited for the job to end.  (As a parentless
Python-owned object, PySide's clean-up at exit could delete it first, and the
still-running job's next ``emit`` printed "Signal source has been deleted".)
When the runner is destroyed (its view closed), the running job is cancelled
so that wait is short.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QPushButton, QWidget


class _Signals(QObject):
    progress = Signal(int, float)  # generation, share done
    done = Signal(int, object, str)  # generation, result or None, error text ("" = ok, "cancelled")


def _cancel_all(events: list[threading.Event], *_args) -> None:
    """Set every cancel flag (the runner is being destroyed: holds no reference to it)."""
    for e in events:
        e.set()


class _Job(QRunnable):
    def __init__(self, fn, generation: int, signals: _Signals, cancel: threading.Event):
        super().__init__()
        self.fn, self.generation, self.signals, self.cancel = fn, generation, signals, cancel
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread
        from planner.analysis.montecarlo import Cancelled
        from planner.model.errors import InputError

        def progress(share: float) -> bool:
            self.signals.progress.emit(self.generation, float(share))
            return not self.cancel.is_set()

        try:
            result = self.fn(progress)
        except Cancelled:
            self.signals.done.emit(self.generation, None, "cancelled")
            return
        except InputError as err:
            self.signals.done.emit(self.generation, None, str(err))
            return
        except Exception as err:  # a bug: shown as such, never as "bad input"
            self.signals.done.emit(self.generation, None, f"internal error: {type(err).__name__}: {err}")
            return
        if self.cancel.is_set():
            self.signals.done.emit(self.generation, None, "cancelled")
        else:
            self.signals.done.emit(self.generation, result, "")


class AnalysisRunner(QObject):
    """Starts jobs on a private thread pool; ``progress(share)`` and ``finished(result, error)`` signals."""

    progress = Signal(float)
    finished = Signal(object, str)
    busyChanged = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)  # a child created after the pool: outlives the pool's wait (module notes)
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)
        self._generation = 0
        self._cancel: threading.Event | None = None
        self._cancels: list[threading.Event] = []  # of the job that may still run
        self.destroyed.connect(partial(_cancel_all, self._cancels))
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self, fn: Callable[[Callable[[float], bool]], Any]) -> None:
        """Run ``fn(progress)``; a job still running is cancelled first."""
        self.cancel()
        self._generation += 1
        self._cancel = threading.Event()
        self._cancels[:] = [self._cancel]
        self._set_busy(True)
        self._pool.start(_Job(fn, self._generation, self._signals, self._cancel))

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def wait(self, timeout_ms: int = 30000) -> bool:
        return self._pool.waitForDone(timeout_ms)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    @Slot(int, float)
    def _on_progress(self, generation: int, share: float) -> None:
        if generation == self._generation:
            self.progress.emit(share)

    @Slot(int, object, str)
    def _on_done(self, generation: int, result: Any, error: str) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        self.finished.emit(result, error)


class ShareBar(QProgressBar):
    """A progress bar over 0..1000 that shows a job's share done (``set_share(0.42)`` -> 42 %)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(0, 1000)
        self.setFormat("%p%")
        self.setMaximumHeight(16)

    @Slot(float)
    def set_share(self, share: float) -> None:
        self.setValue(int(round(share * 1000)))


def job_controls(parent: QWidget, runner: AnalysisRunner) -> tuple[QPushButton, QPushButton, ShareBar]:
    """A Run button, a Cancel button and a :class:`ShareBar` wired to ``runner``.

    Cancel cancels the job; the bar follows its progress; while a job runs,
    Run is disabled and Cancel enabled, and the other way round once it ends
    (a view that also needs a selection to run re-sets Run in its
    ``_on_finished``, which comes after).  The caller connects Run and sets
    the buttons' texts.
    """
    run, cancel, bar = QPushButton(parent), QPushButton(parent), ShareBar(parent)
    cancel.setEnabled(False)
    cancel.clicked.connect(runner.cancel)
    runner.progress.connect(bar.set_share)
    runner.busyChanged.connect(cancel.setEnabled)
    runner.busyChanged.connect(lambda busy: run.setEnabled(not busy))
    return run, cancel, bar
