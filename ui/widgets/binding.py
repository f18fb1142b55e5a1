"""Connect fields to places in the project, through the document only.

A :class:`Binder` holds (field, path) pairs.  Widget -> model: when a field
emits ``edited`` the binder calls ``document.edit`` with a readable label
and a merge key (typing into one field is one undo step) and shows the
returned problems at the field.  Model -> widget: :meth:`Binder.refresh`
puts the project's values into the fields without emitting edits back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from planner.io.projectfile import Problem, project_to_dict
from planner.terms import has_term
from ui.widgets.fields import FieldBase
from ui.widgets.labels import path_string, problem_text, t

_MISSING = object()

_cache: dict[int, tuple[Any, dict]] = {}


def project_data(document) -> dict:
    """``project_to_dict(document.project)``, computed once per project object.

    The returned dict is shared: read it, never change it.
    """
    cached = getattr(document, "project_dict", None)
    if cached is not None:  # the ProjectDocument keeps it up to date across edits
        return cached()
    project = document.project
    hit = _cache.get(id(document))
    if hit is not None and hit[0] is project:
        return hit[1]
    data = project_to_dict(project)
    _cache[id(document)] = (project, data)
    return data


def get_path(data: Any, path: tuple) -> Any:
    """The value at ``path`` or ``None`` when a key or index is missing."""
    cur = data
    for key in path:
        try:
            cur = cur[key]
        except (KeyError, IndexError, TypeError):
            return None
    return cur


def set_path(data: Any, path: tuple, value: Any) -> None:
    """Set ``value`` at ``path``; ``None`` removes an optional key; missing dicts are created."""
    cur = data
    for key in path[:-1]:
        if isinstance(cur, dict) and cur.get(key) is None:
            cur[key] = {}
        cur = cur[key]
    last = path[-1]
    if value is None and isinstance(cur, dict):
        cur.pop(last, None)
    else:
        cur[last] = value


def _label_fn(document, full: tuple):
    """An undo label from planner.terms that follows a language switch, when the field has a catalogue name."""
    key = next((p for p in reversed(full) if isinstance(p, str)), "")
    if not has_term(f"field.{key}"):
        return None
    if len(full) >= 2 and full[0] == "measures" and isinstance(full[1], int):
        m = get_path(project_data(document), full[:2]) or {}
        measure = str(m.get("name", ""))
        return lambda: t("undo.change_field_of", field=t(f"field.{key}"), measure=measure)
    return lambda: t("undo.change_field", field=t(f"field.{key}"))


def _note(document, key, has_problem: bool) -> None:
    try:
        document.note_input_problem(key, has_problem)
    except (RuntimeError, AttributeError):  # the document went first (application shutdown)
        pass


@dataclass
class Binding:
    field: FieldBase
    path: tuple  # relative to the binder's prefix
    name: Callable[[], str]  # human name of the field, for undo labels
    mutate: Callable[[dict, tuple, Any], None] | None = None  # (project dict, full path, value)
    read: Callable[[dict, tuple], Any] | None = None  # (project dict, full path) -> value


class Binder(QObject):
    """Binds fields to project paths below a prefix (e.g. ``("measures", 2)``).

    ``describe(field_name)`` builds the undo label, e.g. "Change capex of 'Fan motors'".
    """

    def __init__(self, document, describe: Callable[[str], str], prefix: tuple = (), parent=None):
        super().__init__(parent)
        self.document = document
        self.describe = describe
        self.prefix = tuple(prefix)
        self.bindings: list[Binding] = []
        self._active: FieldBase | None = None

    def bind(
        self,
        field: FieldBase,
        path: tuple | str,
        name: str | Callable[[], str],
        *,
        mutate: Callable[[dict, tuple, Any], None] | None = None,
        read: Callable[[dict, tuple], Any] | None = None,
    ) -> FieldBase:
        if isinstance(path, str):
            path = (path,)
        name_fn = name if callable(name) else (lambda n=name: n)
        b = Binding(field, tuple(path), name_fn, mutate, read)
        self.bindings.append(b)
        field.edited.connect(lambda value, b=b: self.commit(b, value))
        doc = self.document
        key = ("field", id(field))
        field.problemChanged.connect(lambda has, k=key: _note(doc, k, has))
        field.destroyed.connect(lambda *_a, k=key: _note(doc, k, False))
        field.undoRequested.connect(doc.undo_stack.undo)
        field.redoRequested.connect(doc.undo_stack.redo)
        if hasattr(field, "enable_project_undo"):
            field.enable_project_undo()
        return field

    def full_path(self, b: Binding) -> tuple:
        return self.prefix + b.path

    def field_for(self, path: tuple | str) -> FieldBase | None:
        if isinstance(path, str):
            path = (path,)
        for b in self.bindings:
            if b.path == tuple(path):
                return b.field
        return None

    # -- widget -> model ------------------------------------------------------------------
    def commit(self, b: Binding, value: Any) -> list[Problem]:
        full = self.full_path(b)
        label = self.describe(b.name())
        session = getattr(b.field, "session", None)
        merge_key = None if session is None else f"{path_string(full)}#{id(b.field)}#{session}"

        def mutate(d: dict) -> None:
            if b.mutate is not None:
                b.mutate(d, full, value)
            else:
                set_path(d, full, value)

        self._active = b.field
        try:
            problems = self.document.edit(label, mutate, merge_key=merge_key, label_fn=_label_fn(self.document, full))
        finally:
            self._active = None
        if problems:
            b.field.show_problem(problem_text(problems, path_string(full)))
        else:
            b.field.clear_problem()
            if session is None:
                # a pick that changed nothing (or was normalised) shows what the project says
                data = project_data(self.document)
                current = b.read(data, full) if b.read is not None else get_path(data, full)
                b.field.set_model_value(current, force=True)
        return problems

    # -- model -> widget ------------------------------------------------------------------
    def refresh(self, data: dict | None = None, force: bool = False) -> None:
        if data is None:
            data = project_data(self.document)
        for b in self.bindings:
            full = self.full_path(b)
            value = b.read(data, full) if b.read is not None else get_path(data, full)
            b.field.set_model_value(value, force=force, typing=b.field is self._active)
