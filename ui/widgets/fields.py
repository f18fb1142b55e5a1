"""Small input fields shared by the editors.

Each field is a line edit (or combo / check box) with its unit shown after
it and an inline message under it.  A field never touches the project: it
parses what the user types and emits :attr:`FieldBase.edited` with the
parsed value; the editor hands that to ``ProjectDocument.edit`` and shows the
returned problems with :meth:`FieldBase.show_problem` (red border, tooltip
and an inline line naming what was expected and what was found).

Number and date fields commit when editing is finished (Enter, Tab, focus
out), never on every keystroke: "7a5b" never commits 7.  While typing, text
that cannot be parsed is marked at once.  Text that cannot be used stays
visible, so the user can fix it; the project keeps its previous valid value,
and :attr:`FieldBase.problemChanged` lets the document mark the results as
those of the last valid input.

Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) in a bound line edit undo and redo the
*project* (:attr:`FieldBase.undoRequested`), not just the text: when the
field holds typing that is not committed, Ctrl+Z first discards that typing
(shows the project's value again), the next Ctrl+Z undoes the project.  :meth:`FieldBase.set_model_value` (model ->
widget) leaves such text alone unless the model value itself changed (an
undo, another file), so refreshing after unrelated edits loses nothing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

ERROR_COLOUR = "#c62828"
_ERROR_STYLE = {
    "QLineEdit": f"QLineEdit {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px; background: #fff3f3; }}",
    "QComboBox": f"QComboBox {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px; }}",
    "QCheckBox": f"QCheckBox {{ color: {ERROR_COLOUR}; }}",
}


class ParseError(ValueError):
    """What the user typed cannot be the field's value; the message is shown as is."""


# --------------------------------------------------------------------------- numbers


def format_number(value: float | int | None) -> str:
    """Text shown for a number: no exponent for ordinary values, thousands
    separators from 10,000 up (the parser accepts them back)."""
    if value is None:
        return ""
    v = float(value)
    if not math.isfinite(v):
        return str(v)
    if v.is_integer() and abs(v) < 1e15:
        iv = int(v)
        return f"{iv:,}" if abs(iv) >= 10000 else str(iv)
    if abs(v) >= 1e15 or (v != 0 and abs(v) < 1e-6):
        return f"{v:.10g}"
    text = f"{v:.10f}".rstrip("0").rstrip(".")
    whole, _, frac = text.partition(".")
    if abs(v) >= 10000:
        whole = f"{int(whole):,}" if whole not in ("-0", "") else whole
    return whole + ("." + frac if frac else "")


_SPACES = re.compile(r"[\s\u00a0\u2009\u202f_]")


def parse_number(text: str, *, integer: bool = False, optional: bool = False, unit: str = "") -> float | int | None:
    """Parse what a user typed: accepts full-width digits, thousands
    separators, and the field's own unit typed after the number."""
    raw = text
    t = unicodedata.normalize("NFKC", text).strip()
    if unit:
        u = unicodedata.normalize("NFKC", unit).strip()
        if u and t.lower().endswith(u.lower()):
            t = t[: -len(u)].strip()
    t = _SPACES.sub("", t)
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", t):
        t = t.replace(",", "")
    if t == "":
        if optional:
            return None
        raise ParseError(QCoreApplication.translate("Fields", "Expected a number, found nothing"))
    try:
        v = float(t)
    except ValueError:
        if integer:
            raise ParseError(
                QCoreApplication.translate("Fields", "Expected a whole number, found '{text}'").format(text=raw.strip())
            ) from None
        raise ParseError(
            QCoreApplication.translate("Fields", "Expected a number, found '{text}'").format(text=raw.strip())
        ) from None
    if not math.isfinite(v):
        raise ParseError(
            QCoreApplication.translate("Fields", "Expected a finite number, found '{text}'").format(text=raw.strip())
        )
    if integer:
        if not v.is_integer():
            raise ParseError(
                QCoreApplication.translate("Fields", "Expected a whole number, found '{text}'").format(text=raw.strip())
            )
        return int(v)
    return v + 0.0  # no -0.0


def parse_dates(text: str) -> list[str]:
    """Dates ``YYYY-MM-DD`` separated by commas, semicolons, spaces or new lines."""
    t = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    for part in re.split(r"[\s,;、，；]+", t.strip()):
        if not part:
            continue
        try:
            out.append(date.fromisoformat(part.replace("/", "-")).isoformat())
        except ValueError:
            # 2025-1-1 is how many people write it
            m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", part)
            try:
                if not m:
                    raise ValueError
                out.append(date(int(m[1]), int(m[2]), int(m[3])).isoformat())
            except ValueError:
                raise ParseError(
                    QCoreApplication.translate("Fields", "Expected dates as YYYY-MM-DD, found '{text}'").format(
                        text=part
                    )
                ) from None
    return out


# --------------------------------------------------------------------------- base


def undo_key(event: QKeyEvent) -> str:
    """``"undo"``, ``"redo"`` or ``""`` for a key event (Ctrl+Z; Ctrl+Y and Ctrl+Shift+Z)."""
    if event.matches(QKeySequence.StandardKey.Undo):
        return "undo"
    if event.matches(QKeySequence.StandardKey.Redo):
        return "redo"
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    ctrl = Qt.KeyboardModifier.ControlModifier
    if event.key() == Qt.Key.Key_Y and mods == ctrl:
        return "redo"
    if event.key() == Qt.Key.Key_Z and mods == ctrl | Qt.KeyboardModifier.ShiftModifier:
        return "redo"
    if event.key() == Qt.Key.Key_Z and mods == ctrl:
        return "undo"
    return ""


class _LineEdit(QLineEdit):
    """A line edit that reports Escape (the field restores the project's value) and,
    when :attr:`project_undo` is set, hands Ctrl+Z / Ctrl+Y to the project's undo stack."""

    escapePressed = Signal()
    undoKey = Signal(str)  # "undo" | "redo"

    project_undo = False

    def event(self, event: QEvent) -> bool:  # noqa: A003 - Qt's name
        if self.project_undo and event.type() == QEvent.Type.ShortcutOverride and undo_key(event):
            event.accept()  # ours: neither QLineEdit's text undo nor a second (window) shortcut
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.escapePressed.emit()
            event.accept()
            return
        if self.project_undo:
            which = undo_key(event)
            if which:
                self.undoKey.emit(which)
                event.accept()
                return
        super().keyPressEvent(event)


class FieldBase(QWidget):
    """An input with a unit and an inline problem message."""

    edited = Signal(object)
    """The user changed the value; the argument is the parsed value."""
    problemChanged = Signal(bool)
    """The field started (True) or stopped (False) showing a problem."""
    undoRequested = Signal()
    """Ctrl+Z in the field: undo the project."""
    redoRequested = Signal()
    """Ctrl+Y / Ctrl+Shift+Z in the field: redo the project."""

    def __init__(self, editor: QWidget, unit: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self._model_value: Any = None
        self._has_model_value = False
        self._problem = ""
        self._base_tooltip = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(editor, 1)
        self.unit_label = QLabel(unit)
        self.unit_label.setVisible(bool(unit))
        self.unit_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        row.addWidget(self.unit_label)
        outer.addLayout(row)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        outer.addWidget(self.message_label)
        self.setFocusProxy(editor)

    # -- unit / tooltip -------------------------------------------------------------
    def unit(self) -> str:
        return self.unit_label.text()

    def set_unit(self, unit: str) -> None:
        self.unit_label.setText(unit)
        self.unit_label.setVisible(bool(unit))

    def set_help(self, text: str) -> None:
        """Tooltip shown when there is no problem (e.g. the allowed range)."""
        self._base_tooltip = text
        if not self._problem:
            self.editor.setToolTip(text)

    # -- problems -------------------------------------------------------------------
    def show_problem(self, text: str) -> None:
        had = bool(self._problem)
        self._problem = text
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        self.editor.setToolTip(text or self._base_tooltip)
        style = ""
        if text:
            for cls, css in _ERROR_STYLE.items():
                if self.editor.inherits(cls):
                    style = css
                    break
        self.editor.setStyleSheet(style)
        self.editor.setProperty("problem", bool(text))
        self.editor.setAccessibleDescription(text)
        if had != bool(text):
            self.problemChanged.emit(bool(text))

    def clear_problem(self) -> None:
        if self._problem:
            self.show_problem("")

    def has_problem(self) -> bool:
        return bool(self._problem)

    def problem(self) -> str:
        return self._problem

    # -- model -> widget -------------------------------------------------------------
    def model_value(self) -> Any:
        return self._model_value

    def set_model_value(self, value: Any, force: bool = False, typing: bool = False) -> None:
        """Show the project's value.

        Unless ``force``, text the user is fixing (a field with a problem)
        is kept while the project's value is the one it was before, and text
        being typed that reads as the value is not reformatted (``typing``:
        the change came from this field).
        """
        same = self._has_model_value and value == self._model_value
        self._model_value = value
        self._has_model_value = True
        if not force and same and self._problem:
            return
        if not force and (typing or self.editor.hasFocus()) and self._shows(value):
            self.clear_problem()
            return
        self._display(value)
        self.clear_problem()

    def revert(self) -> None:
        """Put the project's value back in the widget (Escape)."""
        if self._has_model_value:
            self._display(self._model_value)
        self.clear_problem()

    # subclasses
    def _display(self, value: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _shows(self, value: Any) -> bool:
        return False


class _TextFieldBase(FieldBase):
    commit_on_finish = True
    """Commit when editing is finished (Enter, focus out); False: on every keystroke (one merged undo step)."""

    def __init__(self, unit: str = "", parent: QWidget | None = None, placeholder: str = ""):
        self.line_edit = _LineEdit()
        if placeholder:
            self.line_edit.setPlaceholderText(placeholder)
        super().__init__(self.line_edit, unit, parent)
        self.session = 0
        """Bumped when an edit is finished (Enter, focus out): the next typing is a new undo step."""
        self.line_edit.textEdited.connect(self._on_text_edited)
        self.line_edit.escapePressed.connect(self.revert)
        self.line_edit.editingFinished.connect(self._on_editing_finished)
        self.line_edit.undoKey.connect(self._on_undo_key)

    def enable_project_undo(self) -> None:
        """Ctrl+Z / Ctrl+Y in this field undo / redo the project (set by the binder)."""
        self.line_edit.project_undo = True

    def pending(self) -> bool:
        """True when the text is not what the project holds (typing not committed, or refused)."""
        return self._has_model_value and not self._shows(self._model_value)

    def _on_undo_key(self, which: str) -> None:
        if which == "undo" and self.pending():
            self.revert()  # first discard the typing the project never took
            return
        (self.undoRequested if which == "undo" else self.redoRequested).emit()

    def _on_editing_finished(self) -> None:
        if self.commit_on_finish:
            self.commit()
        self.session += 1

    def commit(self) -> None:
        """Offer the text's value to the project (Enter, focus out), if it changed."""
        try:
            value = self._parse(self.line_edit.text())
        except ParseError as err:
            self.show_problem(str(err))
            return
        if self._has_model_value and value == self._model_value and not self._problem:
            return
        self.edited.emit(value)

    def text(self) -> str:
        return self.line_edit.text()

    def _parse(self, text: str) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def _format(self, value: Any) -> str:
        return "" if value is None else str(value)

    def _display(self, value: Any) -> None:
        text = self._format(value)
        if self.line_edit.text() != text:
            self.line_edit.setText(text)
            if not self.line_edit.hasFocus():
                self.line_edit.setCursorPosition(0)

    def _shows(self, value: Any) -> bool:
        try:
            return self._parse(self.line_edit.text()) == value
        except ParseError:
            return False

    def _on_text_edited(self, text: str) -> None:
        try:
            value = self._parse(text)
        except ParseError as err:
            self.show_problem(str(err))
            return
        self.clear_problem()
        if not self.commit_on_finish:
            self.edited.emit(value)


class NumberField(_TextFieldBase):
    """A number with a unit; ``integer`` for whole numbers, ``optional`` allows empty (``None``)."""

    def __init__(
        self,
        unit: str = "",
        *,
        integer: bool = False,
        optional: bool = False,
        placeholder: str = "",
        parent: QWidget | None = None,
    ):
        self.integer = integer
        self.optional = optional
        super().__init__(unit, parent, placeholder)
        self.line_edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.line_edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)

    def _parse(self, text: str) -> Any:
        return parse_number(text, integer=self.integer, optional=self.optional, unit=self.unit())

    def _format(self, value: Any) -> str:
        return format_number(value)

    def value(self) -> Any:
        """The number the text currently reads (raises ParseError)."""
        return self._parse(self.line_edit.text())


class TextField(_TextFieldBase):
    """Free text (names, notes): committed as it is typed (one merged undo step)."""

    commit_on_finish = False

    def _parse(self, text: str) -> Any:
        return text


class DateListField(_TextFieldBase):
    """A list of dates, YYYY-MM-DD, separated by commas."""

    def _parse(self, text: str) -> Any:
        if text.strip() == "cn_statutory":  # the statutory-holiday preset (issue 10), kept as is
            return "cn_statutory"
        return parse_dates(text)

    def _format(self, value: Any) -> str:
        if isinstance(value, str):
            return value
        return ", ".join(str(v) for v in (value or []))


class ChoiceField(FieldBase):
    """A fixed list of values shown with their (translated) labels."""

    def __init__(self, items: Iterable[tuple[Any, str]] = (), unit: str = "", parent: QWidget | None = None):
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        super().__init__(self.combo, unit, parent)
        self.set_items(items)
        self.combo.activated.connect(self._on_activated)

    def set_items(self, items: Iterable[tuple[Any, str]]) -> None:
        current = self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        for value, label in items:
            self.combo.addItem(label, value)
        i = self.combo.findData(current)
        if i >= 0:
            self.combo.setCurrentIndex(i)
        self.combo.blockSignals(False)

    def values(self) -> list[Any]:
        return [self.combo.itemData(i) for i in range(self.combo.count())]

    def current_value(self) -> Any:
        return self.combo.currentData()

    def select(self, value: Any) -> bool:
        """Select ``value`` as if the user picked it (emits :attr:`edited`)."""
        i = self.combo.findData(value)
        if i < 0:
            return False
        self.combo.setCurrentIndex(i)
        self._on_activated(i)
        return True

    def _display(self, value: Any) -> None:
        i = self.combo.findData(value)
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(i)
        self.combo.blockSignals(False)

    def _on_activated(self, index: int) -> None:
        self.clear_problem()
        self.edited.emit(self.combo.itemData(index))


class CheckField(FieldBase):
    """A yes/no value."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        self.check = QCheckBox(text)
        super().__init__(self.check, "", parent)
        self.check.clicked.connect(self._on_clicked)

    def _display(self, value: Any) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(bool(value))
        self.check.blockSignals(False)

    def _on_clicked(self, checked: bool) -> None:
        self.clear_problem()
        self.edited.emit(bool(checked))


def range_help(model_cls: type, name: str, unit: str = "") -> str:
    """ "Allowed: > 0 ... <= 8760 h" from a pydantic field's constraints."""
    try:
        info = model_cls.model_fields[name]
    except (AttributeError, KeyError):
        return ""
    lo = hi = None
    for c in info.metadata:
        for attr, sym in (("gt", ">"), ("ge", "≥")):
            v = getattr(c, attr, None)
            if v is not None:
                lo = f"{sym} {format_number(v)}"
        for attr, sym in (("lt", "<"), ("le", "≤")):
            v = getattr(c, attr, None)
            if v is not None:
                hi = f"{sym} {format_number(v)}"
    parts = [p for p in (lo, hi) if p]
    if not parts:
        return ""
    u = f" {unit}" if unit else ""
    return QCoreApplication.translate("Fields", "Allowed: {range}").format(range=" … ".join(parts) + u)


Converter = Callable[[Any], Any]
