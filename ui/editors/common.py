"""Layout helpers shared by the editor pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.widgets.binding import Binder, project_data
from ui.widgets.fields import ERROR_COLOUR
from ui.widgets.formspec import Spec, add_fields
from ui.widgets.labels import problem_text, t


class EditorPage(QWidget):
    """An editor page: its ``document``, a ``binder`` whose undo labels read "Change <field>", and ``lay``,
    a margin-less column to fill."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.binder = Binder(document, lambda f: t("edit.change_field", field=f), parent=self)
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.rows: list[tuple[Spec, QWidget]] = []
        """The (spec, field) of every row built from a :class:`ui.widgets.formspec.Spec`, in order."""

    def add_fields(self, form: QFormLayout, *, model: type | None = None, under: str = "", **specs: Spec) -> list:
        """The rows ``specs`` (attribute = :class:`ui.widgets.formspec.Spec`) on ``form``, bound through the
        page's binder (:func:`ui.widgets.formspec.add_fields`); their fields."""
        return add_fields(form, self.binder, specs, model, owner=self, under=under, record=self.rows)

    def section(self, title: str, *, model: type | None = None, under: str = "", **specs: Spec) -> list:
        """A titled group holding the rows ``specs``, added at the end of the page; their fields."""
        box, form = group(title)
        fields = self.add_fields(form, model=model, under=under, **specs)
        self.lay.addWidget(box)
        return fields

    def follow_project(self) -> None:
        """Show the project now and again after every change of it (``refresh``)."""
        self.document.projectChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the project's values in the bound fields; pages with more to show extend it."""
        self.binder.refresh(project_data(self.document))

    def edit_step(self, label: str, mutate, problem: QLabel) -> list:
        """``mutate`` as one undo step ``label``; the problems it leaves shown in the error row ``problem``."""
        problems = self.document.edit(label, mutate)
        set_error(problem, problem_text(problems))
        return problems


def toggle_section(parent: str, key: str, value, on: bool):
    """A project mutation that puts ``value`` at ``d[parent][key]`` when ``on``, else removes that key."""

    def mutate(d: dict) -> None:
        if on:
            d[parent][key] = value
        else:
            d[parent].pop(key, None)

    return mutate


def group(title: str, parent: QWidget | None = None) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title, parent)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    return box, form


def scrolled(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class WrapLabel(QLabel):
    """A word-wrapped label whose height follows its actual width.

    (Layouts size a plain wrapped QLabel for its narrowest width, which
    leaves blank lines under it in a wide form.)"""

    def _fit(self, size):
        if self.wordWrap() and self.width() > 0:
            size.setHeight(max(self.heightForWidth(self.width()), 0))
        return size

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        return self._fit(super().minimumSizeHint())

    def sizeHint(self):  # noqa: N802 - Qt's name
        return self._fit(super().sizeHint())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.wordWrap() and event.size().width() != event.oldSize().width():
            self.updateGeometry()


def note_label(text: str = "", *, error: bool = False) -> QLabel:
    """A wrapped, selectable line of explanation or problem (red)."""
    lab = WrapLabel(text)
    lab.setWordWrap(True)
    lab.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if error:
        lab.setStyleSheet(f"color: {ERROR_COLOUR};")
    if error:
        lab.setVisible(bool(text))
    return lab


def show_row(widget: QWidget, visible: bool) -> None:
    """Show or hide ``widget`` and, when it is a row of a QFormLayout, the whole row (label included)."""
    parent = widget.parentWidget()
    lay = parent.layout() if parent is not None else None
    if isinstance(lay, QFormLayout) and lay.indexOf(widget) >= 0:
        lay.setRowVisible(widget, visible)
    else:
        widget.setVisible(visible)


def set_error(label: QLabel, text: str) -> None:
    label.setText(text)
    show_row(label, bool(text))


def error_row(form: QFormLayout) -> QLabel:
    """A red problem line as a form row, hidden until there is a problem."""
    lab = note_label(error=True)
    form.addRow("", lab)
    form.setRowVisible(lab, False)
    return lab


def page(*widgets: QWidget) -> QScrollArea:
    """A scrollable page holding ``widgets`` top to bottom."""
    inner = QWidget()
    lay = QVBoxLayout(inner)
    for w in widgets:
        lay.addWidget(w)
    lay.addStretch(1)
    return scrolled(inner)
