"""Forms declared as data (ui.widgets.formspec.Spec rows built by add_fields): every row of every
measure form and editor page shows the label it declares, in a language the tables translate, the
unit of the catalogue, its allowed range, and an edit through it is one undo step with the field's
catalogue name (or its declared name) that undo takes back."""

from __future__ import annotations

import pydantic
import pytest
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

import ui.editors.battery  # noqa: F401 - registers the battery form
from planner.terms import has_term, term
from tests.ui.conftest import input_panel
from tools.i18n_build import read_tables
from ui.editors import InputPanel
from ui.editors.measure_forms import FORM_CLASSES, SpecificEnergyForm
from ui.widgets.binding import Binder, get_path, project_data
from ui.widgets.fields import CheckField, ChoiceField, DateListField, FieldBase, NumberField, TextField
from ui.widgets.formspec import UNIT, Spec, add_fields, make_field
from ui.widgets.labels import _UNIT_KEYS

TABLES = read_tables()


@pytest.fixture
def panel(qtbot, doc):
    return input_panel(qtbot, doc, tab=InputPanel.TAB_MEASURES)


def form_of(panel, doc, mtype):
    """The measures editor's form of type ``mtype``, showing a measure of that type (added when the seed has none)."""
    ed = panel.measures_editor
    idx = next((i for i, m in enumerate(doc.project.measures) if m.type == mtype), None)
    if idx is None:
        assert not ed.add_measure(mtype)
        idx = len(doc.project.measures) - 1
    ed.select_row(idx)
    form = ed.current_form()
    assert form is not None and form.mtype == mtype
    return form


def changed_value(field, old):
    """A different value the user could enter (``None``: none to try, e.g. an optional number left empty)."""
    if isinstance(field, CheckField):
        return not old
    if isinstance(field, ChoiceField):
        return next((v for v in field.values() if v != old), None)
    if isinstance(field, TextField):
        return f"{old or ''} 2"
    if isinstance(field, NumberField):
        if old is None:
            return None
        return old + 1 if field.integer else round(old * 0.99, 6) if old else 1.0
    if isinstance(old, list):  # the battery's period check boxes
        return old[:-1] if len(old) > 1 else ["valley", "peak"]
    return None


def label_of(field) -> str:
    lay = field.parentWidget().layout()
    assert isinstance(lay, QFormLayout)
    label = lay.labelForField(field)
    return label.text() if label is not None else ""


def check_rows(rows, context_of, translatable, model, doc, binder, expected_undo):
    """The label / unit / tooltip / undo checks of every (spec, field) row; the number of edits made.

    Only an unbound row (a picker, a note) or an optional number left empty is not edited."""
    edits = 0
    for spec, field in rows:
        assert label_of(field) == spec.label, spec
        if spec.label:
            assert translatable(spec, context_of(field)), f"no Chinese for the label of {spec}"
        if not isinstance(field, FieldBase):  # a note row
            assert spec.path is None and spec.widget is not None, spec
            continue
        if isinstance(field, NumberField) and spec.unit in _UNIT_KEYS and spec.widget is None:
            assert field.unit() == term(_UNIT_KEYS[spec.unit], "en"), spec  # the catalogue's unit
        tip = field.editor.toolTip()
        if spec.help:
            assert tip.startswith(spec.help), spec
        if spec.bounds == UNIT and "Allowed" in tip and field.unit():
            assert tip.endswith(" " + field.unit()), spec  # the range is written in the field's unit
        if spec.bounds is None:
            assert "Allowed" not in tip, spec
        if spec.path is None:
            continue
        full = binder.prefix + spec.keys()

        def value(full=full, spec=spec):
            data = project_data(doc)
            return spec.read(data, full) if spec.read is not None else get_path(data, full)

        old = value()
        new = changed_value(field, old)
        if new is None:
            assert spec.optional and old is None, spec
            continue
        count = doc.undo_stack.index()
        field.edited.emit(new)
        assert not field.has_problem(), (spec, new, field.problem())
        assert doc.undo_stack.index() == count + 1, spec
        assert value() == new, spec
        assert doc.undo_stack.text(count) == expected_undo(spec), spec
        doc.undo_stack.undo()
        assert value() == old, spec
        edits += 1
    return edits


@pytest.mark.parametrize("mtype", sorted(FORM_CLASSES))
def test_every_measure_row_shows_and_edits_what_its_spec_declares(qtbot, panel, doc, mtype):
    form = form_of(panel, doc, mtype)
    name = form.measure_name()
    dynamic_units = {"energy_per_unit_before_kwh", "energy_per_unit_after_kwh", "output_units_per_year"}

    def context_of(field):
        return "MeasureForm" if form.common_form.indexOf(field) >= 0 else type(form).__name__

    def translatable(spec, context):
        if mtype == "battery" and context != "MeasureForm":  # labelled by the storage catalogue
            return spec.label == term(f"storage.{spec.key()}", "en") and bool(term(f"storage.{spec.key()}", "zh"))
        return (context, spec.label) in TABLES

    def expected_undo(spec):
        key = spec.key()
        if has_term(f"field.{key}"):
            return term("undo.change_field_of", "en", field=term(f"field.{key}", "en"), measure=name)
        return f"Change {spec.name or spec.label} of '{name}'"

    rows = form.rows
    if isinstance(form, SpecificEnergyForm):  # these units follow the measure's unit of output
        rows = [(s, f) for s, f in rows if s.key() not in dynamic_units | {"output_units_per_year_before"}]
    assert [s.key() for s, _f in form.rows[:6]] == [
        "name",
        "enabled",
        "capex_yuan",
        "life_years",
        "om_change_yuan_per_year",
        "schedule",
    ]
    edits = check_rows(rows, context_of, translatable, form.model_cls, doc, form.binder, expected_undo)
    assert edits >= 5  # the common rows at least (name, inclusion, capex, life, O&M / schedule)


def test_every_editor_page_row_shows_and_edits_what_its_spec_declares(qtbot, doc):
    panel = input_panel(qtbot, doc)
    assert not panel.finance_editor.set_loan_enabled(True)  # the switched parts on, so their rows have values
    assert not panel.tariff_editor.set_basic_charge_enabled(True)
    pages = (panel.project_editor, panel.load_editor, panel.tariff_editor, panel.finance_editor)
    pages += (panel.emissions_editor,)
    total = 0
    for page in pages:
        assert page.rows, type(page).__name__

        def translatable(spec, context):
            period = f"period.{spec.key()}"  # the tariff's price rows are labelled by the catalogue's periods
            return (context, spec.label) in TABLES or (has_term(period) and spec.label == term(period, "en"))

        def expected_undo(spec):
            key = spec.key()
            if has_term(f"field.{key}"):
                return term("undo.change_field", "en", field=term(f"field.{key}", "en"))
            name = spec.name() if callable(spec.name) else spec.name or spec.label
            return term("edit.change_field", "en", field=name)

        context = type(page).__name__
        total += check_rows(page.rows, lambda _f, c=context: c, translatable, None, doc, page.binder, expected_undo)
    assert total >= 20


# --------------------------------------------------------------------------- the builder itself


class _Model(pydantic.BaseModel):
    share_pct: float = pydantic.Field(gt=0, le=100)
    free: float = 0.0


def test_tooltip_is_the_help_then_the_range_in_the_chosen_unit(qapp):
    # range_help writes "Allowed: <lo> … <hi> <unit>" with > / ≤ as the pydantic constraints say
    assert Spec("share_pct", "Share", "%").tooltip(_Model) == "Allowed: > 0 … ≤ 100 %"
    assert (
        Spec("a.share_pct", "Share", "%", help="Of the capex.").tooltip(_Model)
        == "Of the capex. Allowed: > 0 … ≤ 100 %"
    )
    assert Spec("share_pct", "Share", "%", bounds="°").tooltip(_Model) == "Allowed: > 0 … ≤ 100 °"
    assert Spec("share_pct", "Share", "%", bounds="").tooltip(_Model) == "Allowed: > 0 … ≤ 100"
    assert Spec("share_pct", "Share", "%", help="Only this.", bounds=None).tooltip(_Model) == "Only this."
    assert Spec("free", "Free", "%", help="No range.").tooltip(_Model) == "No range."  # no stray space
    assert Spec(None, "Picker", help="Pick.").tooltip(_Model) == "Pick."
    assert Spec("share_pct", "Share", "%").tooltip(None) == ""


def test_make_field_makes_each_kind(qapp):
    f = make_field(Spec("x", "X", "kW", "integer", optional=True, placeholder="none"))
    assert isinstance(f, NumberField) and f.integer and f.optional and f.unit() == "kW"
    assert f.line_edit.placeholderText() == "none"
    assert isinstance(make_field(Spec("x", "X", "h/a")), NumberField)
    assert not make_field(Spec("x", "X", "h/a")).integer
    assert isinstance(make_field(Spec("x", "X", kind="text")), TextField)
    assert isinstance(make_field(Spec("x", "X", kind="dates")), DateListField)
    choice = make_field(Spec("x", "X", items=(("a", "A"), ("b", "B"))))
    assert isinstance(choice, ChoiceField) and choice.values() == ["a", "b"]
    check = make_field(Spec("x", "", text="On"))
    assert isinstance(check, CheckField) and check.check.text() == "On"
    assert isinstance(make_field(Spec("x", "X", "kW", widget=TextField)), TextField)
    with pytest.raises(ValueError, match="kind"):
        make_field(Spec("x", "X", kind="slider"))


def test_add_fields_binds_in_order_under_a_prefix_and_runs_edited_first(qtbot, doc):
    host = QWidget()
    qtbot.addWidget(host)
    form = QFormLayout(host)
    binder = Binder(doc, lambda f: f"Change {f}")
    seen = []

    class Owner:
        pass

    owner, rows = Owner(), []
    specs = {
        "discount": Spec(
            "discount_rate_pct", "Discount rate", "%", edited=lambda v: seen.append(doc.undo_stack.index())
        ),
        "picker": Spec(None, "Picker", items=(("a", "A"),)),
        "note": Spec(None, "", widget=QLabel),
        "years": Spec("analysis_years", "Analysis period", "a", "integer"),
    }
    fields = add_fields(form, binder, specs, owner=owner, under="finance", record=rows)
    assert [form.itemAt(i, QFormLayout.ItemRole.FieldRole).widget() for i in range(4)] == fields
    assert [owner.discount, owner.picker, owner.note, owner.years] == fields
    assert isinstance(owner.note, QLabel) and isinstance(owner.years, NumberField)
    assert [b.path for b in binder.bindings] == [("finance", "discount_rate_pct"), ("finance", "analysis_years")]
    assert [s.path for s, _f in rows] == ["finance.discount_rate_pct", None, None, "finance.analysis_years"]
    before = doc.undo_stack.index()
    fields[0].edited.emit(6.5)
    assert seen == [before]  # the hook ran before the edit was pushed
    assert doc.undo_stack.index() == before + 1 and doc.project.finance.discount_rate_pct == 6.5
