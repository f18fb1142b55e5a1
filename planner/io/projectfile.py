"""Reading, validating, migrating and atomically saving project files.

Every problem is reported as one :class:`Problem` line: the field path
(``measures[2].capacity_kwp``), what was expected and what was found.

* Types are strict (see :mod:`planner.model.project`) and a key given twice
  in one JSON object is refused with its path, instead of the last one
  silently winning.
* Saving (:func:`write_bytes_atomic`) follows symbolic links and replaces
  the file they point at (the link survives), refuses targets that are not
  regular files (``/dev/null``, FIFOs, directories), removes temporary files
  left by a killed save in the same folder, and fsyncs the folder after the
  rename.
* :func:`rebase_project_paths` rewrites a project's file references for a
  new project location (Save As): relative to the new file when the data
  file sits beside or below it, absolute otherwise, on a copy.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.io.files import FileProblem, describe_non_regular, read_regular_file
from planner.model.errors import InputError, Problem
from planner.model.project import FORMAT_VERSION, Project
from planner.terms import Note

MAX_PROJECT_BYTES = 50 * 1024 * 1024
"""Largest project file read [bytes] (50 MB): 5,000 measures take about 3 MB."""

TMP_SUFFIX = ".rp-tmp"
"""Suffix of the temporary files of :func:`write_bytes_atomic` (``.<name>.<random>.rp-tmp``)."""


class ProjectError(InputError):
    """A project file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem], source: str | None = None):
        self.source = source
        super().__init__(problems=problems)


def _loc_to_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("motor", "vfd", "specific_energy", "annual_energy", "pv") and out.endswith("]"):
            continue  # the discriminated-union tag pydantic inserts; the user never wrote it
        else:
            out += ("." if out else "") + str(part)
    return out


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, bool) or value is None:  # as the user wrote it in JSON
        return json.dumps(value)
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_EXPECT_BY_TYPE = {
    "missing": "a value (the field is required)",
    "extra_forbidden": "no such field (check the spelling)",
    "float_parsing": "a number",
    "float_type": "a number",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "an object",
    "model_type": "an object",
    "finite_number": "a finite number",
    "date_from_datetime_parsing": "a date YYYY-MM-DD",
    "date_parsing": "a date YYYY-MM-DD",
    "date_type": "a date YYYY-MM-DD",
    "union_tag_invalid": "a measure type in motor, vfd, specific_energy, annual_energy, pv",
    "union_tag_not_found": "a 'type' key (motor, vfd, specific_energy, annual_energy, pv)",
}


def problems_from_validation_error(err: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into one readable line each."""
    problems: list[Problem] = []
    for e in err.errors(include_url=False):
        path = _loc_to_path(tuple(e.get("loc", ())))
        etype = e.get("type", "")
        ctx = e.get("ctx") or {}
        found = "nothing" if etype == "missing" else _short(e.get("input"))
        if etype == "value_error":
            msg = str(ctx.get("error", e.get("msg", "")))
            if msg.startswith("expected ") and ", found " in msg:
                exp, fnd = msg[len("expected ") :].split(", found ", 1)
                problems.append(Problem(path, exp, fnd))
                continue
            problems.append(Problem(path, msg, found))
            continue
        if etype in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
            word = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}[etype]
            bound = next(iter(ctx.values())) if ctx else "?"
            problems.append(Problem(path, f"a number {word} {bound}", found))
            continue
        if etype == "literal_error":
            problems.append(Problem(path, f"one of {ctx.get('expected', '?')}", found))
            continue
        if etype in ("too_short", "too_long"):
            problems.append(Problem(path, e.get("msg", "").replace("List should have", "a list with"), found))
            continue
        expected = _EXPECT_BY_TYPE.get(etype, e.get("msg", "a valid value"))
        problems.append(Problem(path, expected, found))
    return problems


def _reject_nan(obj: Any, path: str = "") -> list[Problem]:
    """JSON allows no NaN/Infinity, but Python's json module accepts them: refuse them here."""
    out: list[Problem] = []
    if isinstance(obj, float) and not math.isfinite(obj):
        out.append(Problem(path, "a finite number", repr(obj)))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            out += _reject_nan(v, f"{path}.{k}" if path else str(k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _reject_nan(v, f"{path}[{i}]")
    return out


MIGRATIONS: dict[int, Any] = {}
"""format_version n -> function migrating a dict from version n to n + 1.

Version 1 is the first published format; version 0 (drafts written before
the format was fixed, with ``analysis_years`` at the top level) is migrated.
"""


def _migrate_0_to_1(data: dict) -> dict:
    data = dict(data)
    fin = dict(data.get("finance") or {})
    for key in ("analysis_years", "discount_rate_pct", "subsidy_yuan"):
        if key in data:
            fin.setdefault(key, data.pop(key))
    if fin:
        data["finance"] = fin
    data["format_version"] = 1
    return data


MIGRATIONS[0] = _migrate_0_to_1


def migrate(data: dict) -> dict:
    """Bring a project dict to :data:`FORMAT_VERSION`; refuse newer versions."""
    version = data.get("format_version")
    if version is None:
        raise ProjectError([Problem("format_version", f"a format version (current: {FORMAT_VERSION})", "nothing")])
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProjectError([Problem("format_version", "a whole number", _short(version))])
    if version > FORMAT_VERSION:
        raise ProjectError(
            [
                Problem(
                    "format_version",
                    f"at most {FORMAT_VERSION} (this version of Retrofit Planner is older than the file: update it)",
                    str(version),
                )
            ]
        )
    if version < 0:
        raise ProjectError([Problem("format_version", f"0..{FORMAT_VERSION}", str(version))])
    while version < FORMAT_VERSION:
        data = MIGRATIONS[version](data)
        version = data["format_version"]
    return data


def project_from_dict(data: Any, source: str | None = None) -> Project:
    """Validate a decoded JSON document into a :class:`Project`."""
    if not isinstance(data, dict):
        raise ProjectError([Problem("", "a JSON object at the top level", type(data).__name__)], source)
    nan = _reject_nan(data)
    if nan:
        raise ProjectError(nan, source)
    data = migrate(data)
    try:
        return Project.model_validate(data)
    except ValidationError as err:
        raise ProjectError(problems_from_validation_error(err), source) from None


def _loads_checking_duplicates(text: str) -> tuple[Any, list[Problem]]:
    """``json.loads`` that also lists every key given twice in one object, with its path."""
    duplicates: dict[int, list[str]] = {}

    def pairs(items: list[tuple[str, Any]]) -> dict:
        d: dict[str, Any] = {}
        for k, v in items:
            if k in d:
                duplicates.setdefault(id(d), []).append(k)
            d[k] = v
        return d

    data = json.loads(text, object_pairs_hook=pairs)
    if not duplicates:
        return data, []
    problems: list[Problem] = []
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:  # iterative: the nesting depth is json's, never Python's recursion limit
        obj, path = stack.pop()
        if isinstance(obj, dict):
            for k in duplicates.get(id(obj), []):
                key_path = f"{path}.{k}" if path else k
                problems.append(Problem(key_path, "each key once in an object", f"'{k}' given more than once"))
            stack.extend((v, f"{path}.{k}" if path else str(k)) for k, v in reversed(list(obj.items())))
        elif isinstance(obj, list):
            stack.extend((v, f"{path}[{i}]") for i, v in reversed(list(enumerate(obj))))
    return data, problems


def parse_project_text(text: str, source: str | None = None) -> Project:
    try:
        data, duplicates = _loads_checking_duplicates(text)
    except json.JSONDecodeError as err:
        raise ProjectError([Problem(f"line {err.lineno} column {err.colno}", "valid JSON", err.msg)], source) from None
    except RecursionError:
        raise ProjectError([Problem("", "valid JSON", "nesting too deep")], source) from None
    if duplicates:
        raise ProjectError(duplicates, source)
    return project_from_dict(data, source)


def load_project(path: str | os.PathLike) -> Project:
    """Read and validate a project file (UTF-8 JSON, a regular file of at most 50 MB)."""
    p = Path(path)
    try:
        raw = read_regular_file(p, MAX_PROJECT_BYTES)
    except FileProblem as err:
        project_phrase = {"file.existing": "file.project_existing", "file.regular": "file.project_regular"}
        key = project_phrase.get(err.expected.key)
        expected = Note(key) if key else err.expected
        raise ProjectError([Problem(str(p), expected, err.found)], str(p)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ProjectError([Problem(str(p), "UTF-8 text", f"undecodable byte at offset {err.start}")], str(p)) from None
    return parse_project_text(text, str(p))


def project_to_dict(project: Project) -> dict:
    """The JSON-ready dict of a project.  Every field is written, defaults
    included, so a saved file documents every assumption it was computed with
    (``None`` values are left out)."""
    return project.model_dump(mode="json", exclude_none=True)


def project_to_json(project: Project) -> str:
    return json.dumps(project_to_dict(project), ensure_ascii=False, indent=2) + "\n"


_TMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.rp-tmp$")
_OLD_TMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
_OLD_TMP_AGE_S = 3600.0
"""Temporary files of earlier versions (``.<name>.<random>.tmp``, written without a lock) are removed
only when older than an hour, so a save still running in another (older) process is not disturbed."""

try:  # POSIX: a save holds an exclusive lock on its temporary file until the rename
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def _lock(fd: int) -> bool:
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def remove_stale_temp_files(directory: str | os.PathLike) -> list[str]:
    """Delete the temporary files a killed save left in ``directory``; return their names.

    Only our own files are touched: regular files (not links) owned by this
    user named ``.<name>.<8 random characters>.rp-tmp``.  A live save holds
    an exclusive ``flock`` on its temporary file, so a file whose lock can be
    taken belongs to a save that died (on Windows, without ``flock``: a file
    older than an hour).  Leftovers of earlier versions (``.tmp``) go when
    older than an hour.
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(os.fspath(directory)))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        ours, old_style = bool(_TMP_NAME.match(entry.name)), bool(_OLD_TMP_NAME.match(entry.name))
        if not (ours or old_style):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
                continue
            if old_style or fcntl is None:
                if now - st.st_mtime < _OLD_TMP_AGE_S:
                    continue
                os.unlink(entry.path)
            else:
                fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
                try:
                    if not _lock(fd):
                        continue  # a save in progress
                    os.unlink(entry.path)
                finally:
                    os.close(fd)
            removed.append(entry.name)
        except OSError:
            continue
    return removed


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable (POSIX); a no-op where directories cannot be opened."""
    if os.name != "posix":  # pragma: no cover
        return
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def resolve_save_target(path: str | os.PathLike) -> Path:
    """The file a save to ``path`` writes: symbolic links resolved; a regular file or a new name.

    Raises
    ------
    InputError
        If the target exists and is not a regular file (a device such as
        ``/dev/null``, a FIFO, a directory, a socket), or its folder does not
        exist.
    """
    shown = os.fspath(path)
    target = Path(os.path.realpath(shown))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise InputError(shown, "a writable file", err.strerror or type(err).__name__) from None
    if st is not None:
        kind = describe_non_regular(st.st_mode)
        if kind is not None:
            raise InputError(shown, "a regular file to write (or the name of a new one)", kind)
    if not target.parent.is_dir():
        raise InputError(str(Path(shown).parent), "an existing folder to save into", "no such folder")
    return target


def _read_umask() -> int:
    """The process's umask.  ``os.umask`` can only be read by setting it, so it is read once, at import,
    before any writer thread exists (read per write, another thread's file could be created in the
    instant the mask is 0)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` so that either the new file or the old one exists.

    Symbolic links are resolved first and the file they point at is
    replaced (the link stays a link); a target that is not a regular file
    is refused with an :class:`InputError` (see :func:`resolve_save_target`).
    The bytes go to a temporary file ``.<name>.<random>.rp-tmp`` in the same
    directory (locked while in use), are flushed and fsynced, then
    ``os.replace`` swaps it in and the directory is fsynced.  On any failure
    the temporary file is removed and the previous file is untouched.
    Temporary files left in that directory by a killed save are removed
    first (:func:`remove_stale_temp_files`).
    """
    target = resolve_save_target(path)
    directory = target.parent
    remove_stale_temp_files(directory)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=directory)
    fh = os.fdopen(fd, "wb")
    try:
        _lock(fh.fileno())
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
        try:
            # mkstemp creates 0600; give the file the mode a plain open() would
            # (the old file's, else 0666 less the umask)
            if target.exists():
                mode = target.stat().st_mode & 0o777
            else:
                mode = 0o666 & ~_UMASK
            os.chmod(tmp, mode)
        except OSError:
            pass
        if os.name != "posix":  # pragma: no cover - Windows cannot rename an open file
            fh.close()
        os.replace(tmp, target)  # on POSIX still open and locked: no cleaner can take it
        fh.close()
    except BaseException:
        fh.close()
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_directory(directory)


def rebase_project_paths(
    project: Project, old_base_dir: str | os.PathLike, new_project_path: str | os.PathLike
) -> Project:
    """A copy of ``project`` whose file references work from ``new_project_path``'s folder.

    Every string field named ``*_file`` (``load.profile_file``, a PV
    measure's ``weather_file`` and ``generation_profile_file``, and any
    later one) is taken relative to ``old_base_dir`` (the folder the project
    was read from) if it is relative, and written relative to the new
    project file's folder when the data file sits beside or below it
    (``meter.csv``, ``data/meter.csv``, with ``/``), else as an absolute path.
    Paths are normalised, not resolved (symbolic links in them are kept).

    ``project`` itself is never changed, so a Save As that fails can leave
    the document as it was; adopt the returned copy only after the write
    succeeded.
    """
    old_base = Path(os.path.abspath(old_base_dir))
    new_dir = Path(os.path.abspath(new_project_path)).parent

    def rebase(value: str) -> str:
        p = Path(value)
        absolute = Path(os.path.normpath(p if p.is_absolute() else old_base / p))
        try:
            return absolute.relative_to(new_dir).as_posix()
        except ValueError:
            return str(absolute)

    def walk(obj: Any) -> None:
        if isinstance(obj, dict):
            for k, v in obj.items():
                if isinstance(k, str) and k.endswith("_file") and isinstance(v, str) and v:
                    obj[k] = rebase(v)
                else:
                    walk(v)
        elif isinstance(obj, list):
            for v in obj:
                walk(v)

    data = project_to_dict(project)
    walk(data)
    return project_from_dict(data)


def save_project(project: Project, path: str | os.PathLike, *, base_dir: str | os.PathLike | None = None) -> Project:
    """Save a project atomically (see :func:`write_bytes_atomic`) and return what was written.

    Parameters
    ----------
    project : Project
        The project; never changed.
    path : str or os.PathLike
        The project file to write.
    base_dir : str or os.PathLike, optional
        The folder ``project``'s relative file references are relative to
        (where it was read from).  When given, the references are rebased
        for ``path`` with :func:`rebase_project_paths` and the rebased copy
        is written and returned; ``None`` writes the project as it is.
    """
    saved = project if base_dir is None else rebase_project_paths(project, base_dir, path)
    write_bytes_atomic(path, project_to_json(saved).encode("utf-8"))
    return saved
