"""Forms as data: a :class:`Spec` per row, one builder (:func:`add_fields`) for all of them.

An editor declares its rows once, as specs (what is edited, its label,
unit, kind, tooltip and hooks) keyed by the attribute that keeps the field
(``power_field=Spec("rated_power_kw", self.tr("Rated power"), "kW")``), and
:func:`add_fields` turns them into bound field widgets, in order (the order
is the tab order), on a ``QFormLayout``.  The labels, names and help texts
are given already translated (the editors write them with ``self.tr(...)``,
which is what ``pyside6-lupdate`` extracts, or take catalogue terms), so a
spec holds exactly what the row shows.

Choices made here: a spec is frozen; the bound methods it carries
(``mutate``, ``read``, ``edited``) belong to the editor that declared it,
so a spec table is built by the editor (in its ``__init__`` / ``build``),
not at import time.  A field whose catalogue has a ``field.<key>`` term
needs no ``name``: the binder names it in undo labels by that term.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtWidgets import QFormLayout, QWidget

from ui.widgets.binding import Binder
from ui.widgets.fields import CheckField, ChoiceField, DateListField, FieldBase, NumberField, TextField, range_help
from ui.widgets.labels import unit as unit_text

UNIT = "<the field's unit>"
"""``Spec.bounds``: the allowed range in the tooltip is written with the field's own unit."""

KINDS = ("number", "integer", "text", "dates", "choice", "check")


@dataclass(frozen=True)
class Spec:
    """One row of a form: a field bound to ``path`` with its label, unit and help.

    ``path`` is below the binder's prefix (keys joined by dots); ``None``
    makes an unbound row (a picker that edits through its ``edited`` hook).
    The tooltip is ``help`` followed by the allowed range of the model field
    named by the path's last key (:func:`ui.widgets.fields.range_help`),
    written with ``bounds``: :data:`UNIT` (the field's unit), another unit
    text, or ``None`` for no range.
    """

    path: str | None
    """Where the value lives below the binder's prefix, keys joined by dots (``"finance.subsidy_yuan"``)."""
    label: str
    """The row's label ("" for none), in the UI language."""
    unit: str = ""
    """A unit key of :func:`ui.widgets.labels.unit` (``"kW"``, ``"yuan/a"``) or a display text that is not one."""
    kind: str = ""
    """One of :data:`KINDS`; "" = ``choice`` with ``items``, ``check`` with a ``text``, else ``number``."""
    name: str | Callable[[], str] = ""
    """The field's name in undo labels ("Change <name>") when the catalogue has no ``field.<key>`` term
    (with one, :mod:`ui.widgets.binding` takes the term, which follows a language switch); "" = the label."""
    optional: bool = False
    placeholder: str = ""
    items: tuple = ()
    """``choice``: the (value, label) pairs."""
    text: str = ""
    """``check``: the check box's text."""
    help: str = ""
    bounds: str | None = UNIT
    edited: Callable[[Any], Any] | None = None
    """Connected to the field's ``edited`` before the binding: it runs before the edit is made."""
    mutate: Callable[[dict, tuple, Any], None] | None = None
    read: Callable[[dict, tuple], Any] | None = None
    widget: Callable[[], QWidget] | None = None
    """Makes a field of another type (the spec's unit, kind and options are then not used); a widget that is
    not a :class:`~ui.widgets.fields.FieldBase` (a note) is shown in the row and not bound."""

    def keys(self) -> tuple[str, ...]:
        """The path as a tuple of keys (``()`` for an unbound row)."""
        return tuple(self.path.split(".")) if self.path else ()

    def key(self) -> str:
        """The model field the path ends in ("" for an unbound row)."""
        return self.keys()[-1] if self.path else ""

    def tooltip(self, model: type | None) -> str:
        """The help text and the allowed range of the path's model field, as the field shows them."""
        ranges = ""
        if model is not None and self.bounds is not None and self.key():
            ranges = range_help(model, self.key(), unit_text(self.unit) if self.bounds == UNIT else self.bounds)
        return " ".join(part for part in (self.help, ranges) if part)


def make_field(spec: Spec, model: type | None = None) -> QWidget:
    """The (unbound) field widget of ``spec``, with its unit, options and tooltip."""
    kind = spec.kind or ("choice" if spec.items else "check" if spec.text else "number")
    field: QWidget
    if spec.widget is not None:
        field = spec.widget()
    elif kind in ("number", "integer"):
        field = NumberField(
            unit_text(spec.unit), integer=kind == "integer", optional=spec.optional, placeholder=spec.placeholder
        )
    elif kind == "text":
        field = TextField(placeholder=spec.placeholder)
    elif kind == "dates":
        field = DateListField(placeholder=spec.placeholder)
    elif kind == "choice":
        field = ChoiceField(spec.items)
    elif kind == "check":
        field = CheckField(spec.text)
    else:
        raise ValueError(f"Spec.kind: expected one of {', '.join(KINDS)}, found {kind!r}")
    tip = spec.tooltip(model)
    if tip and isinstance(field, FieldBase):
        field.set_help(tip)
    return field


def add_fields(
    form: QFormLayout,
    binder: Binder,
    specs: Mapping[str, Spec],
    model: type | None = None,
    owner: object | None = None,
    under: str = "",
    record: list[tuple[Spec, QWidget]] | None = None,
) -> list[QWidget]:
    """Add one row per spec to ``form``, in order, each field bound through ``binder``; the fields.

    ``specs`` maps the attribute of ``owner`` that keeps each field to its
    spec (``power_field=Spec("rated_power_kw", ...)``), in row order;
    ``model`` (a pydantic class) gives the allowed ranges of the tooltips;
    ``under`` (e.g. ``"tariff.basic_charge"``) is put before every spec's path;
    ``record`` collects the (spec, field) pairs, the spec with its whole path.
    """
    fields = []
    for attr, given in specs.items():
        spec = replace(given, path=f"{under}.{given.path}") if under and given.path else given
        field = make_field(spec, model)
        if isinstance(field, FieldBase):
            if spec.edited is not None:
                field.edited.connect(spec.edited)
            if spec.path is not None:
                binder.bind(field, spec.keys(), spec.name or spec.label, mutate=spec.mutate, read=spec.read)
        form.addRow(spec.label, field)
        if owner is not None:
            setattr(owner, attr, field)
        if record is not None:
            record.append((spec, field))
        fields.append(field)
    return fields
