"""The open project: one :class:`ProjectDocument` owns the current
:class:`~planner.model.project.Project`, its file path, a ``QUndoStack`` and the
latest engine results.

* Editors never mutate the project.  They call :meth:`ProjectDocument.edit`
  (or :meth:`set_value`), which builds a new validated project from a copy of
  the project dict and pushes a ``QUndoCommand`` that swaps the old and the
  new project.  An edit that does not validate returns its problems and
  pushes nothing, so nothing already entered is lost.
* Consecutive edits with the same ``merge_key`` merge into one undo step
  (typing into one field is one step).
* "Modified" is ``not undo_stack.isClean()``.
* After every change the engine re-runs, debounced (:data:`DEBOUNCE_MS`),
  in a worker thread; results arrive through a queued signal and stale ones
  (for a project that has changed since) are dropped by a generation counter.
* When the project cannot be computed (a missing meter file, an engine
  error) ``results`` becomes ``None`` and :attr:`ProjectDocument.computeFailed`
  says why: no view may keep showing another project's figures.  Opening or
  starting a project clears the results at once (:attr:`resultsCleared`).
* Every delivery, result or failure, ends with :attr:`computeFinished`
  (tests wait on it with ``qtbot.waitSignal``).
"""

from __future__ import annotations

import json
import logging
import marshal
import os
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QUndoStack

from planner.io.assets import asset_path
from planner.io.projectfile import (
    FORMAT_VERSION,
    Problem,
    ProjectError,
    load_project,
    problems_from_validation_error,
    project_from_dict,
    project_to_dict,
    save_project,
)
from planner.model.project import Project
from ui.commands import SwapProjectCommand
from ui.filerefs import FileRef, missing_files, rebase_project_dict

log = logging.getLogger(__name__)

DEBOUNCE_MS = 30
"""Delay between the last edit and the engine run (an edit reaches the KPI cards
in about this plus the compute time, ~6 ms on the example project)."""


QUICK_COMPUTE_S = 0.060
"""When the previous engine run took less than this [s] and none is running or waiting, an edit
starts the engine at once instead of after :data:`DEBOUNCE_MS`; a burst of edits during a run
is still coalesced into one run after it.  Twice the debounce: a run this short that a burst
makes useless delays the last result by less than the debounce would on every edit (the example
project computes in 6-20 ms depending on the machine's load)."""


def blank_project_dict() -> dict:
    """The project a File > New starts from: a flat tariff, a two-shift load, no measures."""
    import json

    with open(asset_path("tariffs", "flat.json"), encoding="utf-8") as fh:
        tariff = json.load(fh)["tariff"]
    return {
        "format_version": 1,
        "name": QCoreApplication.translate("ProjectDocument", "Untitled project"),
        "site": {"name": "", "latitude_deg": 36.65, "longitude_deg": 117.0},
        "load": {"annual_kwh": 1_000_000, "shift_pattern": "two_shift"},
        "tariff": tariff,
        "measures": [],
        "finance": {"analysis_years": 15, "discount_rate_pct": 8, "subsidy_yuan": 0},
        "emissions": {"grid_factor_kg_per_kwh": 0.5306, "factor_preset": "mee_avg_national_2023"},
    }


class _RunSignals(QObject):
    done = Signal(int, object, str, float)  # generation, result or None, error message, seconds


class _EngineRun(QRunnable):
    def __init__(self, project: Project, base_dir: Path, generation: int, signals: _RunSignals):
        super().__init__()
        self.project = project
        self.base_dir = base_dir
        self.generation = generation
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread
        t0 = time.perf_counter()
        result, message = compute(self.project, self.base_dir)
        try:
            self.signals.done.emit(self.generation, result, message, time.perf_counter() - t0)
        except RuntimeError:  # the document went (window closed, app quitting) while the engine ran: no one waits
            pass


def compute(project: Project, base_dir: Path) -> tuple[Any, str]:
    """Run the engine; return ``(result, "")`` or ``(None, one-line message)``."""
    try:
        from planner.engine.chain import run_project

        return run_project(project, base_dir), ""
    except (ProjectError, ValueError, OSError) as err:  # the project file, profile / weather files
        from ui.widgets.labels import error_text

        return None, error_text(err)
    except Exception as err:  # an engine bug: report it, keep the app alive
        log.error("engine failed:\n%s", traceback.format_exc())
        return None, f"internal error: {type(err).__name__}: {err}"


def validate_edit(d: dict) -> Project:
    """:func:`project_from_dict` for an edited project, with the NaN scan done in C.

    ``json.dumps(allow_nan=False)`` refuses exactly what the planner's
    Python NaN scan refuses (a non-finite float anywhere), in a fraction of
    the time on a large project; any refusal, and any other format version,
    goes through :func:`project_from_dict` for its exact problems.
    """
    try:
        json.dumps(d, allow_nan=False, default=str)
    except (ValueError, TypeError, RecursionError):
        return project_from_dict(d)
    if d.get("format_version") != FORMAT_VERSION:
        return project_from_dict(d)
    try:
        return Project.model_validate(d)
    except ValidationError as err:
        raise ProjectError(problems_from_validation_error(err)) from None


def _set_in(d: Any, path: tuple, value: Any) -> None:
    if not path:
        raise ValueError("empty path")
    target = d
    for key in path[:-1]:
        target = target[key]
    last = path[-1]
    if value is None and isinstance(target, dict):
        target.pop(last, None)  # project files omit unset optional fields
    else:
        target[last] = value


def _copy_along(d: dict, path: tuple) -> dict:
    """A copy of ``d`` sharing everything except the dicts and lists on ``path`` (copied, so the
    last key can be set without touching ``d``)."""
    top = dict(d)
    target = top
    for key in path[:-1]:
        child = target[key]
        child = list(child) if isinstance(child, list) else dict(child)
        target[key] = child
        target = child
    return top


def _measure_key(m: Any) -> Any:
    return m.get("name") if isinstance(m, dict) else None


def validate_changed(old: Project, old_dict: dict, d: dict) -> tuple[Project, dict]:
    """Validate the edited dict ``d`` of ``old`` (whose dict is ``old_dict``), re-validating only what changed.

    Returns ``(project, its project_to_dict)``; ``(old, old_dict)`` when nothing changed.
    The project's sections (and measures) that equal the old ones are passed to pydantic as
    the old, already validated model instances, which it takes as they are; the changed ones
    as dicts.  The project-level validators (unique names, kvarh source) run as on a full
    validation, and a refusal names the same paths.  Any change of ``format_version``, or a
    top level that is not a dict, goes through :func:`validate_edit` (the full path).
    On a 5,000-measure project this takes a few milliseconds instead of a full
    validation plus ``model_dump`` (issue 9, item 12).  A refusal (the rare case) is
    re-validated in full, so its problems read exactly as on opening the file.
    """
    if not isinstance(d, dict) or d.get("format_version") != old_dict.get("format_version"):
        new = validate_edit(d)
        return new, project_to_dict(new)
    changed = [k for k in d.keys() | old_dict.keys() if d.get(k, _ABSENT) != old_dict.get(k, _ABSENT)]
    if not changed:
        return old, old_dict
    try:  # non-finite floats are refused as in project_from_dict
        json.dumps({k: d.get(k) for k in changed}, allow_nan=False, default=str)
    except (ValueError, TypeError, RecursionError):
        new = project_from_dict(d)
        return new, project_to_dict(new)
    fields = type(old).model_fields
    data: dict[str, Any] = {}
    for k, v in d.items():
        if k in changed or k not in fields or k == "measures":
            data[k] = v
        else:
            data[k] = getattr(old, k)
    reused: dict[int, int] = {}  # index in the new list -> index in the old one
    if "measures" in d and isinstance(d["measures"], list) and "measures" in changed:
        data["measures"], reused = _reuse_measures(old, old_dict, d["measures"])
    elif "measures" in d and "measures" not in changed:
        data["measures"] = list(old.measures)
    try:
        new = type(old).model_validate(data)
    except ValidationError:  # refused: the full validation names the problems exactly as on opening a file
        new = validate_edit(d)  # raises ProjectError
        return new, project_to_dict(new)
    return new, _dump_changed(new, old_dict, changed, reused)


def _reuse_measures(old: Project, old_dict: dict, measures: list) -> tuple[list, dict[int, int]]:
    """The new measure list with every unchanged measure as its old model instance, and
    the map (index in the new list -> index in the old one) of those reused."""
    old_ms = old_dict.get("measures", [])
    by_name = {_measure_key(m): i for i, m in enumerate(old_ms)}
    reused: dict[int, int] = {}
    items = []
    for j, m in enumerate(measures):
        i = j if j < len(old_ms) and old_ms[j] == m else by_name.get(_measure_key(m))
        if i is not None and old_ms[i] == m:
            reused[j] = i
            items.append(old.measures[i])
        else:
            items.append(m)
    return items, reused


def _dump_changed(new: Project, old_dict: dict, changed: list, reused: dict[int, int]) -> dict[str, Any]:
    """``project_to_dict(new)``, dumping only the changed sections (the rest from ``old_dict``)."""
    new_dict: dict[str, Any] = {}
    for k in type(new).model_fields:
        value = getattr(new, k)
        if k not in changed:
            if k in old_dict:
                new_dict[k] = old_dict[k]
        elif value is None:
            continue
        elif k == "measures":
            old_ms = old_dict.get("measures", [])
            new_dict[k] = [
                old_ms[reused[j]] if j in reused else m.model_dump(mode="json", exclude_none=True)
                for j, m in enumerate(new.measures)
            ]
        elif hasattr(value, "model_dump"):
            new_dict[k] = value.model_dump(mode="json", exclude_none=True)
        else:
            new_dict[k] = _dump_field(new, k)
    return new_dict


def _dump_field(project: Project, key: str) -> Any:
    return project.model_dump(mode="json", exclude_none=True, include={key}).get(key)


_ABSENT = object()


class ProjectDocument(QObject):
    """The open project, its undo stack and its latest results."""

    projectChanged = Signal()
    resultsReady = Signal(object)
    computeFailed = Signal(str)
    pathChanged = Signal(object)
    modifiedChanged = Signal(bool)
    busyChanged = Signal(bool)
    resultsCleared = Signal()
    """The results no longer belong to the project (another project was opened)."""
    computeFinished = Signal()
    """The results (or the failure) for the current project were delivered."""
    inputProblemsChanged = Signal(int)
    """How many fields hold text that is not in the project (invalid, being fixed)."""

    def __init__(self, project: Project | None = None, path: Path | None = None, parent=None):
        super().__init__(parent)
        self._project: Project = project if project is not None else project_from_dict(blank_project_dict())
        self._dict: tuple[Project, dict] | None = None  # (project, its project_to_dict)
        self._path: Path | None = Path(path) if path is not None else None
        self._template_dir: Path | None = None
        self.template_source: Path | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.results = None
        self.last_error: str = ""
        self.missing: list[FileRef] = []
        """The project's file references whose file is missing (set with a failure)."""
        self._input_problems: set = set()
        self.capex_unset: set[str] = set()
        self._commands: list = []  # pushed commands whose label follows the language
        """Names of measures added in this session whose investment the user has not entered yet."""
        self._disk_stamp: tuple | None = None
        self.last_compute_seconds: float | None = None
        self._generation = 0  # bumped on every project change
        self._done_generation = -1  # generation of the latest delivered result / failure
        self._running = False
        self._pending = False
        self._held = False
        self._busy = False
        self._signals = _RunSignals()
        self._signals.done.connect(self._on_run_done)
        self._pool = QThreadPool.globalInstance()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start_run)
        self.schedule_recompute()

    @Slot(bool)
    def _on_clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)

    # -- properties ------------------------------------------------------------------
    @property
    def project(self) -> Project:
        return self._project

    def project_dict(self) -> dict:
        """``project_to_dict(project)``, computed once per project and then kept up to date by the
        edits (only the changed sections are dumped again).  Shared: read it, never change it."""
        cached = self._dict
        if cached is None or cached[0] is not self._project:
            cached = self._dict = (self._project, project_to_dict(self._project))
        return cached[1]

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def base_dir(self) -> Path:
        """Directory that relative profile / weather file paths resolve against."""
        if self._path is not None:
            return self._path.resolve().parent
        if self._template_dir is not None:
            return self._template_dir
        return Path.cwd()

    @property
    def template_dir(self) -> Path | None:
        """Directory of the example project this untitled project was opened from, if any."""
        return self._template_dir

    @property
    def busy(self) -> bool:
        return self._busy

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def display_name(self) -> str:
        if self._path is not None:
            return self._path.name
        return QCoreApplication.translate("ProjectDocument", "Untitled")

    # -- edits -----------------------------------------------------------------------
    def edit(
        self, label: str, mutate: Callable[[dict], None], merge_key: str | None = None, label_fn=None
    ) -> list[Problem]:
        """Apply ``mutate`` to a copy of the project dict and push it as one undo command.

        Returns the problems (and pushes nothing) if the result does not validate.
        """
        d = marshal.loads(marshal.dumps(self.project_dict()))  # a deep copy of a JSON-ready dict, fast
        return self._apply(d, label, mutate, merge_key, label_fn)

    def _apply(self, d: dict, label: str, mutate: Callable[[dict], None], merge_key, label_fn) -> list[Problem]:
        try:
            mutate(d)
        except (KeyError, IndexError, TypeError, ValueError) as err:
            return [Problem("", "a valid edit", f"{type(err).__name__}: {err}")]
        try:
            new, new_dict = validate_changed(self._project, self.project_dict(), d)
        except ProjectError as err:
            return list(err.problems)
        if new is self._project:
            return []
        command = SwapProjectCommand(self, self._project, new, label, merge_key, label_fn)
        command.old_dict, command.new_dict = self.project_dict(), new_dict
        self._push(command)
        return []

    def _push(self, command: SwapProjectCommand) -> None:
        if command.label_fn is not None:
            self._commands = [c for c in self._commands if _alive(c)] + [command]
        self.undo_stack.push(command)

    def retranslate_labels(self) -> None:
        """Re-set the undo labels that can follow a language switch (built from planner.terms)."""
        for c in list(self._commands):
            try:
                c.retranslate()
            except RuntimeError:  # merged away or cleared
                self._commands.remove(c)

    def set_value(
        self, path: tuple, value: Any, label: str, merge_key: str | None = None, label_fn=None
    ) -> list[Problem]:
        """Set one value, e.g. ``("measures", 2, "capex_yuan")``; ``None`` removes an optional key."""
        path = tuple(path)
        try:
            d = _copy_along(self.project_dict(), path)
        except (KeyError, IndexError, TypeError) as err:
            return [Problem("", "a valid edit", f"{type(err).__name__}: {err}")]
        return self._apply(d, label, lambda d: _set_in(d, path, value), merge_key, label_fn)

    def replace_project(self, project: Project, label: str) -> None:
        if project == self._project:
            return
        self.undo_stack.push(SwapProjectCommand(self, self._project, project, label))

    def _set_project(self, project: Project, data: dict | None = None) -> None:
        self._project = project
        self._dict = (project, data) if data is not None else None
        self.projectChanged.emit()
        self.schedule_recompute()

    # -- files -----------------------------------------------------------------------
    def _reset(self, project: Project, path: Path | None, template_dir: Path | None = None) -> None:
        old_path = self._path
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._template_dir = template_dir
        self.template_source = None
        self._path = path
        self.results = None
        self.last_error = ""
        self.missing = []
        self._commands = []
        self._input_problems.clear()
        self._project = project
        self._disk_stamp = _stamp(path)
        self.resultsCleared.emit()
        self.inputProblemsChanged.emit(0)
        self.projectChanged.emit()
        self.schedule_recompute(immediate=True)
        if path != old_path:
            self.pathChanged.emit(path)
        # (clearing a modified stack already emitted cleanChanged -> modifiedChanged(False))

    def new(self) -> None:
        self._reset(project_from_dict(blank_project_dict()), None)

    def open(self, path: str | os.PathLike) -> None:
        """Open a project file; raises ProjectError (with ``.problems``) and keeps the current project."""
        p = Path(path)
        project = load_project(p)
        self._reset(project, p.resolve())

    def open_template(self, path: str | os.PathLike) -> None:
        """Open a project as an untitled copy (the example projects: Save asks for a new file)."""
        p = Path(path)
        project = load_project(p)
        self._reset(project, None, p.resolve().parent)
        self.template_source = p.resolve()

    def open_recovered(self, project: Project, path: Path | None) -> None:
        """Put a recovered project in place of the current one, marked modified (undo: the file on disk)."""
        old = self._project
        if path is not None:
            path = Path(path).resolve()
            try:
                old = load_project(path)
            except ProjectError:
                pass
        self._reset(old, path, self._template_dir if path is None else None)
        self.replace_project(project, QCoreApplication.translate("ProjectDocument", "Restore autosaved changes"))

    def save(self, path: str | os.PathLike | None = None) -> None:
        """Save atomically to ``path`` (default: the current path) and mark the stack clean.

        Saving elsewhere rebases relative file references on a *copy* of the
        project; the open project takes the rebased paths only after the
        write succeeded, so a failed Save As changes nothing (issue 9, item 8).
        """
        target = Path(path) if path is not None else self._path
        if target is None:
            raise ValueError("no file name: use save(path)")
        target = target.resolve()
        old_base = self.base_dir
        project = self._project
        if target.parent != old_base:
            d = project_to_dict(project)
            rebased = rebase_project_dict(d, old_base, target.parent)
            if rebased != d:
                project = project_from_dict(rebased)
        save_project(project, target)  # raises OSError: nothing below happens
        changed = target != self._path
        self._path = target
        self._template_dir = None
        if project is not self._project:
            label = QCoreApplication.translate("ProjectDocument", "Update file references")
            self.undo_stack.push(SwapProjectCommand(self, self._project, project, label))
        self.undo_stack.setClean()
        self._disk_stamp = _stamp(target)
        if changed:
            self.pathChanged.emit(target)

    def changed_on_disk(self) -> bool:
        """True when the project file was changed (or removed) by someone else since it was opened or saved."""
        if self._path is None or self._disk_stamp is None:
            return False
        return _stamp(self._path) != self._disk_stamp

    # -- fields being fixed --------------------------------------------------------------
    def note_input_problem(self, key: object, has_problem: bool) -> None:
        """A field reports that it holds (or no longer holds) text the project did not take."""
        before = len(self._input_problems)
        if has_problem:
            self._input_problems.add(key)
        else:
            self._input_problems.discard(key)
        if len(self._input_problems) != before:
            self.inputProblemsChanged.emit(len(self._input_problems))

    def input_problem_count(self) -> int:
        return len(self._input_problems)

    # -- computation -------------------------------------------------------------------
    def schedule_recompute(self, immediate: bool = False) -> None:
        """Re-run the engine after :data:`DEBOUNCE_MS` (or at once: after opening a file, or when the
        previous run took under :data:`QUICK_COMPUTE_S` and nothing is running or waiting)."""
        self._generation += 1
        quick = (
            self.last_compute_seconds is not None
            and self.last_compute_seconds < QUICK_COMPUTE_S
            and not self._running
            and not self._timer.isActive()
        )
        if immediate or quick:  # a quick engine with nothing queued: no debounce (issue 9, item 17)
            self._timer.stop()
            self._start_run()
        else:
            self._timer.start()
        self._update_busy()

    def hold_compute(self) -> None:
        """Start no engine run until :meth:`release_compute` (start-up: show the window first)."""
        self._held = True

    @Slot()
    def release_compute(self) -> None:
        if self._held:
            self._held = False
            if not self.results_current() and not self._timer.isActive():
                self._start_run()

    @Slot()
    def _start_run(self) -> None:
        if self._held:
            return
        if self._running:
            self._pending = True
            return
        self._running = True
        self._pending = False
        run = _EngineRun(self._project, self.base_dir, self._generation, self._signals)
        self._pool.start(run)
        self._update_busy()

    @Slot(int, object, str, float)
    def _on_run_done(self, generation: int, result: Any, message: str, seconds: float) -> None:
        self._running = False
        self.last_compute_seconds = seconds
        if generation == self._generation and self._done_generation != generation:
            self._deliver(generation, result, message)
        elif generation != self._generation and not self._timer.isActive():
            self._pending = True
        if self._pending:
            self._pending = False
            self._start_run()
        self._update_busy()

    def _deliver(self, generation: int, result: Any, message: str) -> None:
        self._done_generation = generation
        if result is not None:
            self.results = result
            self.last_error = ""
            self.missing = []
            self.resultsReady.emit(result)
        else:
            self.results = None  # never leave another project's (or an older) figures in place
            self.last_error = message
            try:
                self.missing = missing_files(self.project_dict(), self.base_dir)
            except Exception:  # noqa: BLE001 - a report, never a crash
                self.missing = []
            self.computeFailed.emit(message)
        self.computeFinished.emit()

    def recompute_now(self) -> None:
        """Run the engine synchronously in this thread (tests, benchmarks)."""
        self._timer.stop()
        self._pending = False
        generation = self._generation
        t0 = time.perf_counter()
        result, message = compute(self._project, self.base_dir)
        self.last_compute_seconds = time.perf_counter() - t0
        self._deliver(generation, result, message)
        self._update_busy()

    def _update_busy(self) -> None:
        busy = self._timer.isActive() or self._running or self._done_generation != self._generation
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    def results_current(self) -> bool:
        """True when the latest results (or failure) are for the current project."""
        return self._done_generation == self._generation


def _alive(command) -> bool:
    try:
        command.text()
        return True
    except RuntimeError:
        return False


def _stamp(path: Path | None) -> tuple | None:
    """(mtime_ns, size) of a file, ``None`` when there is none."""
    if path is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)
