"""Table models over the engine's tables (``QAbstractTableModel`` adapters:
they only look up and format what the engine computed)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ui.widgets.labels import t

from . import format as fmt

NEGATIVE = QColor("#c62828")

# the roles as plain ints, looked up once (a view asks data() for ~10 roles per cell it paints or sizes)
_DISPLAY, _ALIGN, _FOREGROUND, _TOOLTIP, _FONT, _USER = (
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.UserRole,
    )
)
_ROLES = frozenset((_DISPLAY, _ALIGN, _FOREGROUND, _TOOLTIP, _FONT, _USER))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


@dataclass
class Column:
    key: str
    header: str  # catalogue key of the header (planner.terms)
    formatter: Callable[[Any], str]
    optional: bool = False  # hidden when all zero


class RecordsTableModel(QAbstractTableModel):
    """Rows of records (dicts) shown through :class:`Column` specs."""

    COLUMNS: list[Column] = []

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: Sequence[dict] = []
        self._columns: list[Column] = list(self.COLUMNS)

    # -- data in
    def set_records(self, rows: Sequence[dict]) -> None:
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
        if role not in _ROLES or not index.isValid():  # the roles a view asks for and this model has not
            return None
        col = self._columns[index.column()]
        row = self._rows[index.row()]
        value = row.get(col.key)
        if role == _DISPLAY:
            display = row.get("_display", {}).get(col.key)
            return display if display is not None else col.formatter(value)
        if role == _ALIGN:
            return _RIGHT if isinstance(value, (int, float)) or value is None else _LEFT
        if role == _FOREGROUND:
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value < -0.5:
                return NEGATIVE
        if role == _TOOLTIP:
            tip = row.get("_tooltip")
            if tip:
                return tip
            if isinstance(value, str):
                return value
        if role == _FONT and row.get("_special"):
            f = QFont()
            f.setItalic(True)
            return f
        if role == _USER:
            return value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._columns):
                return t(self._columns[section].header)
            return None
        return None


def _nonzero(v: Any) -> bool:
    return isinstance(v, (int, float)) and math.isfinite(v) and abs(v) > 0.5


def _year(v: Any) -> str:
    return str(int(v)) if v is not None else ""


class CashFlowTableModel(RecordsTableModel):
    """The yearly cash flow (``ProjectResult.cash_flow``), yuan, money out negative."""

    COLUMNS = [
        Column("year", "table.year", _year),
        Column("investment_yuan", "table.investment_yuan", fmt.yuan_exact, True),
        Column("savings_yuan", "table.savings_yuan", fmt.yuan_exact),
        Column("om_yuan", "table.om_yuan", fmt.yuan_exact, True),
        Column("replacement_yuan", "table.replacement_yuan", fmt.yuan_exact, True),
        Column("loan_yuan", "table.loan_yuan", fmt.yuan_exact, True),
        Column("tax_yuan", "table.tax_yuan", fmt.yuan_exact, True),
        Column("costs_yuan", "table.costs_yuan", fmt.yuan_exact),
        Column("net_yuan", "table.net_yuan", fmt.yuan_exact),
        Column("cumulative_yuan", "table.cumulative_yuan", fmt.yuan_exact),
        Column(
            "discounted_cumulative_yuan",
            "table.discounted_cumulative_yuan",
            fmt.yuan_exact,
        ),
    ]

    def set_result(self, result) -> None:
        if result is None:
            self.set_records([])
            return
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


class _LazyRows(Sequence):
    """A read-only list of ``n`` rows, row ``i`` made by ``make(i)`` on first access and then kept.

    The per-measure table of a 5,000-measure project builds only the rows a view asks for
    (the visible ones, and the few a header samples for its widths) instead of 5,000 dicts
    on the GUI thread per result (issue 9, item 12)."""

    def __init__(self, n: int, make: Callable[[int], dict]):
        self._n = n
        self._make = make
        self._made: dict[int, dict] = {}

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        row = self._made.get(i)
        if row is None:
            row = self._made[i] = self._make(i)
        return row

    def forget(self) -> None:
        """Drop the rows made so far (they are made again, e.g. in another language)."""
        self._made.clear()


class MeasuresTableModel(RecordsTableModel):
    """Per-measure results (``ProjectResult.measures``), ranked by simple payback.

    The rows are made on demand from the typed result (:class:`_LazyRows`): a new
    result costs a sort by rank, not a dict per measure."""

    COLUMNS = [
        Column("rank", "table.rank", lambda v: "" if v is None else str(v)),
        Column("name", "table.measure", lambda v: fmt.short_name(str(v))),  # the UI language's half
        Column("type", "table.type", lambda v: fmt.measure_type(v) if v else ""),
        Column("capex_yuan", "table.capex_yuan", fmt.yuan_exact),
        Column(
            "first_year_energy_saved_kwh",
            "table.first_year_energy_saved_kwh",
            lambda v: fmt.number(v),
        ),
        Column("first_year_savings_yuan", "table.first_year_savings_yuan", fmt.yuan_exact),
        Column("simple_payback_years", "kpi.simple_payback_years", _payback),
        Column("npv_yuan", "table.npv_yuan", fmt.yuan_exact),
        Column("irr_pct", "table.irr_pct", fmt.percent),
    ]
    # no optional column: set_records never walks the (lazy) rows

    def set_result(self, result, project=None) -> None:
        """The engine's per-measure rows, ranked, then the demand-charge line.

        The measures' stand-alone savings plus
        ``summary.demand_charge_savings_yuan`` (the basic charge the measures
        save together by lowering the month's maximum demand, which belongs to
        no single measure) add up to ``summary.first_year_savings_yuan``, so
        the table reconciles with the card.  An EMC PV row shows the
        investor's investment (from the project), marked as such: the
        factory's is 0 and so is its contribution to the investment card.
        """
        if result is None:
            self.set_records([])
            return
        ranked = sorted(result.measures, key=lambda m: m.rank)
        demand = result.summary.demand_charge_savings_yuan
        with_demand = demand is not None and abs(demand) > 0.005
        names: list[str] = list(ranked[0].to_dict()) if ranked else []  # MeasureResult.to_dict()'s keys
        by_name: dict | None = None

        def make(i: int) -> dict:
            nonlocal by_name
            if i == len(ranked):
                return _demand_row(float(demand))
            m = ranked[i]
            row = {k: getattr(m, k) for k in names}
            if by_name is None:
                by_name = {pm.name: pm for pm in project.measures} if project is not None else {}
            pm = by_name.get(m.name)
            if getattr(pm, "ownership", None) == "emc":
                investor = float(getattr(pm, "capex_yuan", 0.0) or 0.0)
                row["capex_yuan"] = investor
                row["_display"] = {"capex_yuan": t("table.investor_capex", value=fmt.yuan_exact(investor))}
                row["_tooltip"] = t("table.investor_capex_tip")
            return row

        self.set_records(_LazyRows(len(ranked) + (1 if with_demand else 0), make))

    def retranslate(self) -> None:
        if isinstance(self._rows, _LazyRows):
            self._rows.forget()  # the demand line and the investor's marks follow the language
        super().retranslate()


def _demand_row(demand: float) -> dict:
    """The demand-charge line of the per-measure table (its saving only)."""
    return {
        "rank": None,
        "name": t("table.demand_charge_row"),
        "type": None,
        "first_year_savings_yuan": demand,
        "_display": {
            "rank": "",
            "type": "",
            "capex_yuan": "",
            "first_year_energy_saved_kwh": "",
            "simple_payback_years": "",
            "npv_yuan": "",
            "irr_pct": "",
        },
        "_tooltip": t("table.demand_charge_tip"),
        "_special": True,
    }
