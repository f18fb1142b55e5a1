"""Table model of the project's measures (one row per measure).

Reads ``document.project``; every change (rename, capex, life, enable) goes
through ``document.edit`` with a readable label.  Refused edits are reported
through :attr:`MeasuresTableModel.problemsFound` and leave the project as it was.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ui.widgets.binding import project_data
from ui.widgets.fields import ParseError, format_number, parse_number
from ui.widgets.labels import measure_type_label, problem_text, schedule_label, unit

ENABLED, NAME, TYPE, CAPEX, LIFE, SCHEDULE, DETAILS = range(7)

MeasureRole = Qt.ItemDataRole.UserRole + 1
"""The measure's dict (as in the project file)."""


def measure_details(m: dict) -> str:
    """One line describing a measure's key figures."""
    t = m.get("type")
    f = format_number
    if t == "motor":
        return (
            f"{m.get('quantity', 1)} × {f(m.get('rated_power_kw'))} {unit('kW')}, "
            f"η {f(m.get('efficiency_before_pct'))} → {f(m.get('efficiency_after_pct'))} {unit('%')}"
        )
    if t == "vfd":
        return (
            f"{m.get('quantity', 1)} × {f(m.get('rated_power_kw'))} {unit('kW')}, "
            f"{f(m.get('operating_hours_per_year'))} {unit('h/a')}"
        )
    if t == "specific_energy":
        u = m.get("unit_name", "")
        return (
            f"{f(m.get('energy_per_unit_before_kwh'))} → {f(m.get('energy_per_unit_after_kwh'))} "
            f"{unit('kWh')}/{u} × {f(m.get('output_units_per_year'))} {u}"
        )
    if t == "annual_energy":
        return f"{f(m.get('energy_before_kwh_per_year'))} → {f(m.get('energy_after_kwh_per_year'))} {unit('kWh/a')}"
    if t == "pv":
        y = m.get("specific_yield_kwh_per_kwp")
        text = f"{f(m.get('capacity_kwp'))} {unit('kWp')}"
        if y is not None:
            text += f", {f(y)} {unit('kWh/kWp')}"
        return text
    if t == "power_factor_correction":
        return f"PF → {f(m.get('target_pf'))}"
    return ""


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs ``(first, last)`` of sorted indices."""
    out: list[tuple[int, int]] = []
    for i in indices:
        if out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


class MeasuresTableModel(QAbstractTableModel):
    problemsFound = Signal(str)
    """Why an edit made in the table was refused (one line per problem)."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self._rows: list[dict] = list(project_data(document).get("measures", []))
        document.projectChanged.connect(self.refresh)

    # -- model -> view -------------------------------------------------------------------
    def refresh(self) -> None:
        rows = list(project_data(self.document).get("measures", []))
        if len(rows) == len(self._rows):
            old, self._rows = self._rows, rows
            # only the rows that changed (an edit of one measure repaints one row, not 5,000)
            changed = [i for i, (a, b) in enumerate(zip(old, rows, strict=False)) if a != b]
            for lo, hi in _runs(changed):
                self.dataChanged.emit(self.index(lo, 0), self.index(hi, self.columnCount() - 1))
        else:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()

    def measure(self, row: int) -> dict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                ENABLED: self.tr("On"),
                NAME: self.tr("Name"),
                TYPE: self.tr("Type"),
                CAPEX: self.tr("Capex [{unit}]").format(unit=unit("yuan")),
                LIFE: self.tr("Life [{unit}]").format(unit=unit("a")),
                SCHEDULE: self.tr("Operating schedule"),
                DETAILS: self.tr("Key figures"),
            }.get(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                ENABLED: self.tr("Include the measure in the results"),
                CAPEX: self.tr("Investment of the measure"),
            }.get(section)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == ENABLED:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in (NAME, CAPEX, LIFE):
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.measure(index.row()) if index.isValid() else None
        if m is None:
            return None
        col = index.column()
        if role == MeasureRole:
            return m
        if role == Qt.ItemDataRole.CheckStateRole and col == ENABLED:
            return Qt.CheckState.Checked if m.get("enabled", True) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return _display_text(m, col)
        if role == Qt.ItemDataRole.EditRole:
            return _edit_text(m, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (CAPEX, LIFE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in (NAME, DETAILS):
            return f"{m.get('name', '')}\n{measure_details(m)}"
        if role == Qt.ItemDataRole.ForegroundRole and not m.get("enabled", True):
            from PySide6.QtGui import QColor

            return QColor("#888888")
        return None

    # -- view -> model (through the document) ---------------------------------------------------
    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:  # noqa: N802
        m = self.measure(index.row()) if index.isValid() else None
        if m is None:
            return False
        row, col, name = index.row(), index.column(), m.get("name", "")
        if col == ENABLED and role == Qt.ItemDataRole.CheckStateRole:
            on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            label = (self.tr("Enable measure '{name}'") if on else self.tr("Disable measure '{name}'")).format(
                name=name
            )
            return self._apply(label, (row, "enabled"), bool(on))
        if role != Qt.ItemDataRole.EditRole:
            return False
        if col == NAME:
            label = self.tr("Rename measure '{old}' to '{new}'").format(old=name, new=value)
            return self._apply(label, (row, "name"), str(value))
        if col in (CAPEX, LIFE):
            try:
                number = value if isinstance(value, (int, float)) else parse_number(str(value), integer=(col == LIFE))
            except ParseError as err:
                self.problemsFound.emit(str(err))
                return False
            if col == CAPEX:
                return self._apply(self.tr("Change capex of '{name}'").format(name=name), (row, "capex_yuan"), number)
            return self._apply(self.tr("Change life of '{name}'").format(name=name), (row, "life_years"), number)
        return False

    def _apply(self, label: str, path: tuple, value: Any) -> bool:
        problems = self.document.set_value(("measures",) + tuple(path), value, label)
        if problems:
            self.problemsFound.emit(problem_text(problems))
            return False
        self.problemsFound.emit("")
        return True


def _display_text(m: dict, col: int) -> str | None:
    """The table's text of one measure (a project-file dict) in column ``col``."""
    if col == NAME:
        return m.get("name", "")
    if col == TYPE:
        return measure_type_label(m.get("type", ""))
    if col == CAPEX:
        return f"{m.get('capex_yuan', 0):,.0f}"
    if col == LIFE:
        return str(m.get("life_years", ""))
    if col == SCHEDULE:
        return schedule_label(m.get("schedule", "continuous"))
    if col == DETAILS:
        return measure_details(m)
    return None


def _edit_text(m: dict, col: int) -> str | None:
    """The editor's starting text of an editable column."""
    if col == NAME:
        return m.get("name", "")
    if col == CAPEX:
        return format_number(m.get("capex_yuan", 0))
    if col == LIFE:
        return str(m.get("life_years", ""))
    return None
