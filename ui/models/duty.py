"""Table model of a VFD measure's duty profile: rows of (flow %, share of time %).

The shares must add up to 100 %, so changing one row at a time would be
refused half way.  The model therefore keeps a *draft*: every change is
made in the draft and offered to the document at once; while the draft does
not validate (e.g. the shares add up to 90 %) it stays on screen with the
reason in :attr:`DutyProfileModel.problemsChanged`, and the project keeps its
last valid profile.  A change of the project's profile from elsewhere (undo,
another file) replaces the draft.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from ui.widgets.binding import get_path, project_data
from ui.widgets.fields import ParseError, format_number, parse_number
from ui.widgets.labels import problem_text, unit

FLOW, TIME = 0, 1


class DutyProfileModel(QAbstractTableModel):
    problemsChanged = Signal(str)
    """Why the draft is not in the project ("" once it is)."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.measure_index: int | None = None
        self._rows: list[list[float]] = []
        self._synced: list | None = None
        self._problem = ""
        document.projectChanged.connect(self.refresh)

    # -- binding ----------------------------------------------------------------------------
    def set_measure(self, index: int | None) -> None:
        self.measure_index = index
        self._synced = None
        self.refresh(force=True)

    def _project_rows(self) -> list | None:
        if self.measure_index is None:
            return None
        m = get_path(project_data(self.document), ("measures", self.measure_index))
        if not isinstance(m, dict) or m.get("type") != "vfd":
            return None
        return [[float(p["flow_pct"]), float(p["time_pct"])] for p in m.get("duty_profile", [])]

    def refresh(self, force: bool = False) -> None:
        rows = self._project_rows()
        if not force and self._problem and rows == self._synced:
            return  # keep the draft the user is fixing
        self._synced = rows
        if not force and rows is not None and rows == self._rows:
            self._set_problem("")  # the draft just went in: nothing to reload
            return
        self.beginResetModel()
        self._rows = [list(r) for r in rows or []]
        self.endResetModel()
        self._set_problem("")

    def draft(self) -> list[list[float]]:
        return [list(r) for r in self._rows]

    def total_time_pct(self) -> float:
        return float(sum(r[TIME] for r in self._rows))

    def problem(self) -> str:
        return self._problem

    def _set_problem(self, text: str) -> None:
        if text != self._problem:
            self._problem = text
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 1))
        self.problemsChanged.emit(text)

    def _measure_name(self) -> str:
        m = get_path(project_data(self.document), ("measures", self.measure_index))
        return m.get("name", "") if isinstance(m, dict) else ""

    def _offer(self, label: str) -> bool:
        """Try to put the draft in the project; keep it (with the reason) if refused."""
        if self.measure_index is None:
            return False
        value = [{"flow_pct": f, "time_pct": t} for f, t in self._rows]
        problems = self.document.set_value(
            ("measures", self.measure_index, "duty_profile"), value, label.format(name=self._measure_name())
        )
        if problems:
            self._set_problem(problem_text(problems))
            return False
        self._set_problem("")
        return True

    # -- edits ---------------------------------------------------------------------------------
    def add_row(self) -> bool:
        """Append a row at 50 % flow and 0 % of the time (then give it a share)."""
        last_flow = self._rows[-1][FLOW] if self._rows else 100.0
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append([max(0.0, last_flow - 20.0), 0.0])
        self.endInsertRows()
        return self._offer(self.tr("Add duty point to '{name}'"))

    def remove_row(self, row: int) -> bool:
        if not 0 <= row < len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        return self._offer(self.tr("Remove duty point from '{name}'"))

    # -- Qt model -------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return {
            FLOW: self.tr("Flow [{unit}]").format(unit=unit("%")),
            TIME: self.tr("Share of time [{unit}]").format(unit=unit("%")),
        }.get(section)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        v = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return format_number(v)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self._problem:
            return QColor("#fff3f3")
        if role == Qt.ItemDataRole.ToolTipRole and self._problem:
            return self._problem
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        try:
            number = float(value) if isinstance(value, (int, float)) else parse_number(str(value), unit=unit("%"))
        except ParseError as err:
            self._set_problem(str(err))
            return False
        r, c = index.row(), index.column()
        self._rows[r][c] = float(number)
        self.dataChanged.emit(index, index)
        label = self.tr("Change flow of '{name}'") if c == FLOW else self.tr("Change duty time shares of '{name}'")
        self._offer(label)
        return True
