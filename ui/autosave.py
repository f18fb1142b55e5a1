"""Autosave and crash recovery.

While the project is modified, each window's :class:`Autosaver` writes it
every :data:`AUTOSAVE_MS` to its *own* recovery file under
``QStandardPaths.AppDataLocation/recovery``: ``<session>.recovery.json``,
one per window (two windows on one project never share one, and a clean
close of one never deletes the other's).  A live window holds a
``QLockFile`` next to its file, so only the files of windows that are gone
(a crash, a killed process) count as recoverable.

* :func:`scan_recoveries` lists every recoverable session (the app offers
  them all at start-up); a file that cannot be read (truncated, not JSON,
  nested too deep, not a project) is *kept aside* as
  ``<name>.corrupt-<time>`` and reported, never silently ignored nor
  overwritten.
* :func:`find_recovery` gives the newest recoverable session of one project
  file (offered when that file is opened).  A project file touched after
  the crash no longer hides it: :attr:`Recovery.file_changed_since` says so.
* When a write fails, :attr:`Autosaver.failed` carries the reason so the
  window can tell the user.

Recovery file: JSON ``{"original_path": str | null, "saved_at": ISO time,
"session": str, "project": <project dict>}``, written atomically.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer, Signal, Slot

from planner.io.projectfile import ProjectError, project_from_dict, project_to_dict, write_bytes_atomic
from planner.model.project import Project

log = logging.getLogger(__name__)

AUTOSAVE_MS = 60_000
SUFFIX = ".recovery.json"
MAX_RECOVERY_BYTES = 64 * 1024 * 1024
"""A recovery file larger than this is not read (kept aside as unreadable)."""


def default_recovery_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "recovery"


def new_session_id() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:8]


def recovery_file(directory: Path, session: str) -> Path:
    """The recovery file of one window session."""
    return Path(directory) / f"{session}{SUFFIX}"


def _lock_path(file: Path) -> str:
    return str(file) + ".lock"


def is_live(file: Path) -> bool:
    """True when a running window (this process or another) holds the file's lock."""
    lock = QLockFile(_lock_path(file))
    lock.setStaleLockTime(0)  # only a dead process's lock is stale
    if lock.tryLock(0):
        lock.unlock()
        return False
    return lock.error() == QLockFile.LockError.LockFailedError


@dataclass
class Recovery:
    file: Path
    project: Project
    original_path: Path | None
    saved_at: datetime
    file_changed_since: bool = False
    """The project file was modified after this autosave (the user should compare)."""


@dataclass
class Unreadable:
    file: Path
    """Where the unreadable file was kept (renamed aside)."""
    reason: str


def read_recovery(f: Path) -> Recovery:
    """Read one recovery file; raises ValueError (with the reason) when it cannot be used."""
    try:
        if f.stat().st_size > MAX_RECOVERY_BYTES:
            raise ValueError(f"larger than {MAX_RECOVERY_BYTES // (1024 * 1024)} MB")
        data = json.loads(f.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a recovery file (no JSON object)")
        project = project_from_dict(data["project"])
        saved_at = datetime.fromisoformat(data.get("saved_at") or datetime.fromtimestamp(f.stat().st_mtime).isoformat())
        original = Path(data["original_path"]) if data.get("original_path") else None
    except RecursionError:
        raise ValueError("nested too deep") from None
    except ProjectError as err:
        raise ValueError("; ".join(str(p) for p in err.problems[:3]) or "not a valid project") from None
    except (OSError, UnicodeDecodeError, KeyError, TypeError, ValueError) as err:
        raise ValueError(f"{type(err).__name__}: {err}") from None
    changed = False
    if original is not None:
        try:
            changed = original.stat().st_mtime > f.stat().st_mtime
        except OSError:
            changed = False
    return Recovery(f, project, original, saved_at, changed)


def keep_aside(f: Path) -> Path:
    """Rename an unreadable recovery file so it is neither offered again nor overwritten."""
    target = f.with_name(f.name + datetime.now().strftime(".corrupt-%Y%m%d-%H%M%S"))
    n = 1
    while target.exists():
        target = target.with_name(f"{target.name}.{n}")
        n += 1
    try:
        os.replace(f, target)
    except OSError as err:
        log.warning("cannot keep %s aside: %s", f, err)
        return f
    return target


def scan_recoveries(directory: Path, exclude: tuple[Path, ...] = ()) -> tuple[list[Recovery], list[Unreadable]]:
    """Every recoverable session in ``directory`` (newest first) and the unreadable files kept aside."""
    found: list[Recovery] = []
    bad: list[Unreadable] = []
    d = Path(directory)
    if not d.is_dir():
        return found, bad
    skip = {Path(p).resolve() for p in exclude}
    for f in sorted(d.glob(f"*{SUFFIX}")):
        if f.resolve() in skip or is_live(f):
            continue
        try:
            found.append(read_recovery(f))
        except ValueError as err:
            log.warning("recovery file %s cannot be read: %s", f, err)
            bad.append(Unreadable(keep_aside(f), str(err)))
    found.sort(key=lambda r: r.saved_at, reverse=True)
    return found, bad


def find_recovery(directory: Path, project_path: Path | None, exclude: tuple[Path, ...] = ()) -> Recovery | None:
    """The newest recoverable session of ``project_path`` (``None``: of an untitled project)."""
    want = Path(project_path).resolve() if project_path is not None else None
    found, _bad = scan_recoveries(directory, exclude)
    for rec in found:
        have = rec.original_path.resolve() if rec.original_path is not None else None
        if have == want:
            return rec
    return None


class Autosaver(QObject):
    """Writes the document's project to this window's recovery file while it is modified."""

    failed = Signal(str)
    """An autosave could not be written; the argument says where and why."""
    resumed = Signal()
    """Autosave works again after a failure."""

    def __init__(
        self,
        document,
        directory: Path | None = None,
        interval_ms: int = AUTOSAVE_MS,
        parent=None,
        session: str | None = None,
    ):
        super().__init__(parent or document)
        self.doc = document
        self.directory = Path(directory) if directory is not None else default_recovery_dir()
        self.session = session or new_session_id()
        self._file = recovery_file(self.directory, self.session)
        self._lock: QLockFile | None = None
        self._abandoned = False
        self.last_error = ""
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.autosave_now)
        self.timer.start()
        document.modifiedChanged.connect(self._on_modified_changed)
        document.pathChanged.connect(self._on_path_changed)

    @property
    def file(self) -> Path:
        return self._file

    def _hold_lock(self) -> None:
        if self._lock is None:
            lock = QLockFile(_lock_path(self._file))
            lock.setStaleLockTime(0)
            if lock.tryLock(0):
                self._lock = lock

    @Slot()
    def autosave_now(self) -> bool:
        """Write the recovery file if the project is modified; True if written."""
        if self._abandoned or not self.doc.is_modified():
            return False
        payload = {
            "original_path": str(self.doc.path) if self.doc.path else None,
            "saved_at": datetime.now().isoformat(timespec="seconds"),
            "session": self.session,
            "project": project_to_dict(self.doc.project),
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._hold_lock()
            write_bytes_atomic(self._file, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as err:
            message = f"{self._file}: {err.strerror or err}"
            log.warning("autosave failed: %s", message)
            self.last_error = message
            self.failed.emit(message)
            return False
        if self.last_error:
            self.last_error = ""
            self.resumed.emit()
        return True

    def discard(self) -> None:
        """Delete this window's recovery file (clean save, discard on close, project closed)."""
        if self._abandoned:
            return
        try:
            self._file.unlink()
        except FileNotFoundError:
            pass
        except OSError as err:
            log.warning("cannot delete %s: %s", self._file, err)

    def release(self) -> None:
        """Let go of the lock (the window closes; after :meth:`discard` nothing is left)."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def abandon(self) -> None:
        """Drop the lock but keep the file, as a crash does (tests): this saver does nothing more."""
        self.timer.stop()
        self.release()
        self.doc.modifiedChanged.disconnect(self._on_modified_changed)
        self.doc.pathChanged.disconnect(self._on_path_changed)
        self._abandoned = True

    @Slot(bool)
    def _on_modified_changed(self, modified: bool) -> None:
        if not modified:
            self.discard()

    @Slot(object)
    def _on_path_changed(self, path) -> None:
        self.discard()
