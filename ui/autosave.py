"""Autosave and crash recovery.

While the project is modified, :class:`Autosaver` writes it every
:data:`AUTOSAVE_MS` to a recovery file under
``QStandardPaths.AppDataLocation/recovery`` (one file per project path,
``untitled`` for a project never saved).  A clean save, a discard on close
or opening another project deletes it.  On start, :func:`find_recovery`
returns a recovery file newer than the project file, for the app to offer.

Recovery file: JSON ``{"original_path": str | null, "saved_at": ISO time,
"project": <project dict>}``, written atomically.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Slot

from planner.io.projectfile import ProjectError, project_from_dict, project_to_dict, write_bytes_atomic
from planner.model.project import Project

log = logging.getLogger(__name__)

AUTOSAVE_MS = 60_000


def default_recovery_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "recovery"


def recovery_file(directory: Path, project_path: Path | None) -> Path:
    if project_path is None:
        key = "untitled"
    else:
        key = hashlib.sha1(str(Path(project_path).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(directory) / f"{key}.recovery.json"


@dataclass
class Recovery:
    file: Path
    project: Project
    original_path: Path | None
    saved_at: datetime


def find_recovery(directory: Path, project_path: Path | None) -> Recovery | None:
    """The recovery file of ``project_path`` if it is newer than the project file."""
    f = recovery_file(directory, project_path)
    if not f.is_file():
        return None
    if project_path is not None and Path(project_path).is_file():
        if f.stat().st_mtime <= Path(project_path).stat().st_mtime:
            return None
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
        project = project_from_dict(data["project"])
        saved_at = datetime.fromisoformat(data.get("saved_at") or datetime.fromtimestamp(f.stat().st_mtime).isoformat())
        original = Path(data["original_path"]) if data.get("original_path") else None
    except (OSError, ValueError, KeyError, TypeError, ProjectError) as err:
        log.warning("ignoring unreadable recovery file %s: %s", f, err)
        return None
    return Recovery(f, project, original, saved_at)


class Autosaver(QObject):
    """Writes the document's project to its recovery file while it is modified."""

    def __init__(self, document, directory: Path | None = None, interval_ms: int = AUTOSAVE_MS, parent=None):
        super().__init__(parent or document)
        self.doc = document
        self.directory = Path(directory) if directory is not None else default_recovery_dir()
        self._file = recovery_file(self.directory, document.path)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.autosave_now)
        self.timer.start()
        document.modifiedChanged.connect(self._on_modified_changed)
        document.pathChanged.connect(self._on_path_changed)

    @property
    def file(self) -> Path:
        return self._file

    @Slot()
    def autosave_now(self) -> bool:
        """Write the recovery file if the project is modified; True if written."""
        if not self.doc.is_modified():
            return False
        payload = {
            "original_path": str(self.doc.path) if self.doc.path else None,
            "saved_at": datetime.now().isoformat(timespec="seconds"),
            "project": project_to_dict(self.doc.project),
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(self._file, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as err:  # never disturb the user for a failed autosave
            log.warning("autosave to %s failed: %s", self._file, err)
            return False
        return True

    def discard(self) -> None:
        """Delete the recovery file (clean save, discard on close, project closed)."""
        try:
            self._file.unlink()
        except FileNotFoundError:
            pass
        except OSError as err:
            log.warning("cannot delete %s: %s", self._file, err)

    @Slot(bool)
    def _on_modified_changed(self, modified: bool) -> None:
        if not modified:
            self.discard()

    @Slot(object)
    def _on_path_changed(self, path) -> None:
        self.discard()
        self._file = recovery_file(self.directory, path)
