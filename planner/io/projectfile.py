"""Reading, validating, migrating and atomically saving project files.

Every problem is reported as one :class:`Problem` line: the field path
(``measures[2].capacity_kwp``), what was expected and what was found.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.model.errors import InputError, Problem
from planner.model.project import FORMAT_VERSION, Project


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


def parse_project_text(text: str, source: str | None = None) -> Project:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ProjectError([Problem(f"line {err.lineno} column {err.colno}", "valid JSON", err.msg)], source) from None
    except RecursionError:
        raise ProjectError([Problem("", "valid JSON", "nesting too deep")], source) from None
    return project_from_dict(data, source)


def load_project(path: str | os.PathLike) -> Project:
    """Read and validate a project file (UTF-8 JSON)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ProjectError([Problem(str(p), "an existing project file", "no such file")], str(p)) from None
    except IsADirectoryError:
        raise ProjectError([Problem(str(p), "a project file", "a directory")], str(p)) from None
    except OSError as err:
        raise ProjectError([Problem(str(p), "a readable file", err.strerror or str(err))], str(p)) from None
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


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` so that either the new file or the old one exists.

    The bytes go to a temporary file in the same directory, are flushed and
    fsynced, then ``os.replace`` swaps it in.  On any failure the temporary
    file is removed and the previous file is untouched.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            # mkstemp creates 0600; give the file the mode a plain open() would
            # (the old file's, else 0666 less the umask)
            if target.exists():
                mode = target.stat().st_mode & 0o777
            else:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.chmod(tmp, mode)
        except OSError:
            pass
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def save_project(project: Project, path: str | os.PathLike) -> None:
    """Save a project atomically (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, project_to_json(project).encode("utf-8"))
