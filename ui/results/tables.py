"""Table models over the engine's tables (``QAbstractTableModel`` adapters:
they only look up and format what the engine computed)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor

from . import format as fmt

NEGATIVE = QColor("#c62828")


@dataclass
class Column:
    key: str
    header: str  # source text, translated in context "ResultTables"
    formatter: Callable[[Any], str]
    optional: bool = False  # hidden when all zero


class RecordsTableModel(QAbstractTableModel):
    """Rows of records (dicts) shown through :class:`Column` specs."""

    COLUMNS: list[Column] = []

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []
        self._columns: list[Column] = list(self.COLUMNS)

    # -- data in
    def set_records(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._columns = [c for c in self.COLUMNS if not c.optional or any(_nonzero(r.get(c.key)) for r in rows)]
        self.endResetModel()

    def retranslate(self) -> None:
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1))

    # -- Qt model
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def column_keys(self) -> list[str]:
        return [c.key for c in self._columns]

    def raw(self, row: int, key: str) -> Any:
        return self._rows[row].get(key)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        col = self._columns[index.column()]
        value = self._rows[index.row()].get(col.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return col.formatter(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if isinstance(value, (int, float)) or value is None:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value < -0.5:
                return NEGATIVE
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str):
            return value
        if role == Qt.ItemDataRole.UserRole:
            return value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._columns):
                return QCoreApplication.translate("ResultTables", self._columns[section].header)
            return None
        return None


def _nonzero(v: Any) -> bool:
    return isinstance(v, (int, float)) and math.isfinite(v) and abs(v) > 0.5


def _year(v: Any) -> str:
    return str(int(v)) if v is not None else ""


class CashFlowTableModel(RecordsTableModel):
    """The yearly cash flow (``ProjectResult.cash_flow``), yuan, money out negative."""

    COLUMNS = [
        Column("year", QT_TRANSLATE_NOOP("ResultTables", "Year"), _year),
        Column("investment_yuan", QT_TRANSLATE_NOOP("ResultTables", "Investment (yuan)"), fmt.yuan_exact, True),
        Column("savings_yuan", QT_TRANSLATE_NOOP("ResultTables", "Savings (yuan)"), fmt.yuan_exact),
        Column("om_yuan", QT_TRANSLATE_NOOP("ResultTables", "O&M (yuan)"), fmt.yuan_exact, True),
        Column("replacement_yuan", QT_TRANSLATE_NOOP("ResultTables", "Replacements (yuan)"), fmt.yuan_exact, True),
        Column("loan_yuan", QT_TRANSLATE_NOOP("ResultTables", "Loan (yuan)"), fmt.yuan_exact, True),
        Column("tax_yuan", QT_TRANSLATE_NOOP("ResultTables", "Income tax (yuan)"), fmt.yuan_exact, True),
        Column("costs_yuan", QT_TRANSLATE_NOOP("ResultTables", "Costs (yuan)"), fmt.yuan_exact),
        Column("net_yuan", QT_TRANSLATE_NOOP("ResultTables", "Net cash flow (yuan)"), fmt.yuan_exact),
        Column("cumulative_yuan", QT_TRANSLATE_NOOP("ResultTables", "Cumulative (yuan)"), fmt.yuan_exact),
        Column(
            "discounted_cumulative_yuan",
            QT_TRANSLATE_NOOP("ResultTables", "Discounted cumulative (yuan)"),
            fmt.yuan_exact,
        ),
    ]

    def set_result(self, result) -> None:
        df = result.cash_flow
        self.set_records([{k: _plain(v) for k, v in row.items()} for row in df.to_dict(orient="records")])


def _plain(v: Any) -> Any:
    try:
        import numpy as np

        if isinstance(v, np.integer):
            return int(v)
        if isinstance(v, np.floating):
            return float(v)
    except ImportError:  # pragma: no cover
        pass
    return v


def _payback(v: Any) -> str:
    return fmt.years(v) if v is not None else fmt.na()


class MeasuresTableModel(RecordsTableModel):
    """Per-measure results (``ProjectResult.measures``), ranked by simple payback."""

    COLUMNS = [
        Column("rank", QT_TRANSLATE_NOOP("ResultTables", "Rank"), lambda v: str(v)),
        Column("name", QT_TRANSLATE_NOOP("ResultTables", "Measure"), lambda v: str(v)),
        Column("type", QT_TRANSLATE_NOOP("ResultTables", "Type"), fmt.measure_type),
        Column("capex_yuan", QT_TRANSLATE_NOOP("ResultTables", "Investment (yuan)"), fmt.yuan_exact),
        Column(
            "first_year_energy_saved_kwh",
            QT_TRANSLATE_NOOP("ResultTables", "Energy saved, year 1 (kWh)"),
            lambda v: fmt.number(v),
        ),
        Column("first_year_savings_yuan", QT_TRANSLATE_NOOP("ResultTables", "Savings, year 1 (yuan)"), fmt.yuan_exact),
        Column("simple_payback_years", QT_TRANSLATE_NOOP("ResultTables", "Simple payback"), _payback),
        Column("npv_yuan", QT_TRANSLATE_NOOP("ResultTables", "NPV (yuan)"), fmt.yuan_exact),
        Column("irr_pct", QT_TRANSLATE_NOOP("ResultTables", "IRR"), fmt.percent),
    ]

    def set_result(self, result) -> None:
        rows = [m.to_dict() for m in result.measures]
        rows.sort(key=lambda r: r.get("rank", 0))
        self.set_records(rows)
