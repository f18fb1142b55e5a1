"""Qt-free get/set of one project value by path (used by the app and by scenarios).

Paths
-----
``/``-separated keys from the project's top level, e.g.
``finance/discount_rate_pct`` or ``tariff/prices_yuan_per_kwh/peak``.  The
list of measures is addressed by measure **name**
(``measures/屋顶光伏/ownership``); a name that itself contains ``/`` (the seed
projects' bilingual names "电机 / Motors" do) is matched as the longest run of
segments that names a measure.  Other lists take a 0-based index
(``tariff/weekday_schedule/6/18``); ``measures/2/...`` is accepted when no
measure is named ``2``.

:func:`with_value` never mutates its input: it dumps the project to a JSON
dict, sets the value and validates the whole project again with pydantic,
so a value of the wrong type or out of range is reported with the path.
Every problem is an :class:`~planner.model.errors.InputError` naming the
path (prefixed by ``context``, e.g. the scenario), what was expected and what
was found.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ValidationError

from planner.model.errors import InputError
from planner.model.project import Project

__all__ = ["get_value", "with_value", "with_values", "split_path", "resolve"]


def _where(path: str, context: str) -> str:
    return f"{context}: {path}" if context else path


def _short(value: Any, limit: int = 60) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def split_path(path: str) -> list[str]:
    """Segments of a ``/``-separated path (empty segments from ``//`` or a trailing ``/`` dropped)."""
    if not isinstance(path, str):
        raise InputError("path", "a '/'-separated text path", _short(path))
    return [p for p in path.strip().strip("/").split("/") if p != ""] if path.strip().strip("/") else []


def _as_dict(project: Project | dict) -> dict:
    if isinstance(project, BaseModel):
        return project.model_dump(mode="json")
    if isinstance(project, dict):
        return project
    raise InputError("project", "a Project or a project dict", type(project).__name__)


def _measure_index(measures: list, segs: list[str], i: int, path: str, context: str) -> tuple[int, int]:
    """(index into ``measures``, number of segments the name used) for ``segs[i:]``."""
    names = [m.get("name") if isinstance(m, dict) else None for m in measures]
    for j in range(len(segs), i, -1):  # longest name first ("A / B" is three segments)
        candidate = "/".join(segs[i:j])
        for variant in (candidate, candidate.strip()):
            if variant in names:
                return names.index(variant), j - i
        stripped = [n.strip() if isinstance(n, str) else n for n in names]
        joined = " / ".join(s.strip() for s in segs[i:j])
        if joined in stripped:
            return stripped.index(joined), j - i
    seg = segs[i]
    if seg.isdigit() and int(seg) < len(measures):
        return int(seg), 1
    listed = ", ".join(f"'{n}'" for n in names) or "none"
    raise InputError(_where(path, context), f"a measure name (one of {listed})", f"'{seg}'")


def resolve(data: dict, path: str, context: str = "") -> tuple[Any, Any, list[str]]:
    """Walk ``path`` in a project dict: (parent container, key or index, normalised segments).

    The last key must exist in its parent (a dict key or a list index).
    """
    segs = split_path(path)
    if not segs:
        raise InputError(_where(path, context), "a path to a project field, e.g. finance/discount_rate_pct", "''")
    node: Any = data
    parent: Any = None
    key: Any = None
    done: list[str] = []
    i = 0
    while i < len(segs):
        seg = segs[i]
        here = "/".join(done) or "(project)"
        if isinstance(node, dict):
            if seg not in node:
                fields = ", ".join(sorted(node)) or "none"
                raise InputError(_where(path, context), f"a field of {here} (one of {fields})", f"'{seg}'")
            parent, key = node, seg
            node = node[seg]
            done.append(seg)
            i += 1
            if seg == "measures" and len(done) == 1 and isinstance(node, list) and i < len(segs):
                idx, used = _measure_index(node, segs, i, path, context)
                parent, key = node, idx
                done.append(str(node[idx].get("name")))
                node = node[idx]
                i += used
        elif isinstance(node, list):
            if not (seg.isdigit() and int(seg) < len(node)):
                raise InputError(_where(path, context), f"an index 0..{len(node) - 1} into {here}", f"'{seg}'")
            parent, key = node, int(seg)
            node = node[int(seg)]
            done.append(seg)
            i += 1
        else:
            found = "nothing (not set)" if node is None else f"the value {_short(node)}"
            raise InputError(_where(path, context), f"{here} to be an object or a list", found)
    return parent, key, done


def get_value(project: Project | dict, path: str, context: str = "") -> Any:
    """The JSON value at ``path`` of a project (model or dict)."""
    parent, key, _ = resolve(_as_dict(project), path, context)
    return parent[key]


def _validation_message(err: ValidationError) -> str:
    first = err.errors(include_url=False)[0]
    msg = str(first.get("msg", "a valid value"))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    loc = "/".join(str(p) for p in first.get("loc", ()) if p not in ("motor", "vfd", "specific_energy", "pv"))
    return f"{msg} (at {loc})" if loc else msg


def with_values(project: Project | dict, changes: list[tuple[str, Any]], context: str = "") -> Project:
    """A new validated :class:`Project` with every ``(path, value)`` set in turn.

    The input project (model or dict) is not changed.  A path that names no
    field or measure, or a value the project model rejects (wrong type, out
    of range), raises :class:`InputError`; with several changes, the failing
    one is named.
    """
    data = json.loads(json.dumps(_as_dict(project), ensure_ascii=False, default=str))  # a deep copy
    for path, value in changes:
        parent, key, _ = resolve(data, path, context)
        parent[key] = value
    try:
        return Project.model_validate(data)
    except ValidationError as err:
        if len(changes) == 1:
            path, value = changes[0]
            raise InputError(_where(path, context), _validation_message(err), _short(value)) from None
        # more than one change: find the first that breaks the project on its own
        for path, value in changes:
            try:
                with_values(project, [(path, value)], context)
            except InputError:
                raise
        raise InputError(
            _where(", ".join(p for p, _ in changes), context), _validation_message(err), "these changes together"
        ) from None


def with_value(project: Project | dict, path: str, value: Any, context: str = "") -> Project:
    """A new validated :class:`Project` with ``path`` set to ``value`` (the input is not changed)."""
    return with_values(project, [(path, value)], context)
