"""Table model of the 12 monthly bills (``load.monthly_bills``) with the
model's figures from the latest results (``bill_check``) beside them.

Editable columns push one undo command per cell through
``document.edit``; the model never changes the project itself.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal

from ui.widgets.binding import get_path, project_data
from ui.widgets.fields import ParseError, format_number, parse_number
from ui.widgets.labels import month_label, problem_text

EDITABLE = ("kwh", "max_demand_kw", "kvarh", "total_yuan")


class BillsTableModel(QAbstractTableModel):
    """Rows: months 1..12; columns: the bill's kWh, maximum demand, kvarh and
    total (editable), then the model's total and the difference (read-only)."""

    problemsFound = Signal(str)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.columns = [
            ("month", QCoreApplication.translate("BillsTableModel", "Month")),
            ("kwh", QCoreApplication.translate("BillsTableModel", "kWh")),
            ("max_demand_kw", QCoreApplication.translate("BillsTableModel", "Max demand (kW)")),
            ("kvarh", QCoreApplication.translate("BillsTableModel", "kvarh")),
            ("total_yuan", QCoreApplication.translate("BillsTableModel", "Bill total (yuan)")),
            ("model_total_yuan", QCoreApplication.translate("BillsTableModel", "Model (yuan)")),
            ("difference_pct", QCoreApplication.translate("BillsTableModel", "Difference (%)")),
            ("uncalibrated_difference_pct", QCoreApplication.translate("BillsTableModel", "Before calibration (%)")),
        ]
        document.projectChanged.connect(self.reload)
        document.resultsReady.connect(self._on_results)  # a bound slot: disconnected when the model goes

    # -- data ------------------------------------------------------------------------------
    def bills(self) -> list[dict]:
        bills = get_path(project_data(self.document), ("load", "monthly_bills")) or []
        return sorted((b for b in bills if isinstance(b, dict)), key=lambda b: b.get("month", 0))

    def _check_rows(self) -> dict[int, Any]:
        res = getattr(self.document, "results", None)
        bc = getattr(res, "bill_check", None) if res is not None else None
        return {} if bc is None else {r.month: r for r in bc.months}

    def _on_results(self, _result) -> None:
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.bills())

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][1]
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()][0] in EDITABLE:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        key = self.columns[index.column()][0]
        bill = self.bills()[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and key != "month":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if key == "month":
            return month_label(int(bill.get("month", 1)))
        if key in EDITABLE:
            v = bill.get(key)
            return "" if v is None else format_number(v)
        row = self._check_rows().get(bill.get("month"))
        v = None if row is None else getattr(row, key, None)
        if v is None:
            return ""
        return f"{v:+.2f}" if key.endswith("_pct") else format_number(round(v, 2))

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802 - Qt's name
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        key = self.columns[index.column()][0]
        if key not in EDITABLE:
            return False
        month = self.bills()[index.row()].get("month")
        try:
            number = parse_number(str(value), optional=key in ("max_demand_kw", "kvarh"))
        except ParseError as err:
            self.problemsFound.emit(str(err))
            return False

        def mutate(d: dict) -> None:
            for b in d["load"]["monthly_bills"]:
                if b.get("month") == month:
                    if number is None:
                        b.pop(key, None)
                    else:
                        b[key] = number

        label = QCoreApplication.translate("BillsTableModel", "Change {field} of the bill of {month}").format(
            field=self.columns[index.column()][1], month=month_label(int(month))
        )
        problems = self.document.edit(label, mutate)
        if problems:
            self.problemsFound.emit(problem_text(problems))
            return False
        self.problemsFound.emit("")
        return True


class BillLinesModel(QAbstractTableModel):
    """Read-only table of the year-1 bill line by line, before / after the retrofit
    (``result.monthly``: energy, basic, power factor, PF adjustment, surcharges, total)."""

    KEYS = (
        "energy_charge_yuan",
        "basic_charge_yuan",
        "power_factor",
        "pf_adjustment_yuan",
        "surcharges_yuan",
        "bill_yuan",
    )

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.names = {
            "energy_charge_yuan": QCoreApplication.translate("BillLinesModel", "Energy"),
            "basic_charge_yuan": QCoreApplication.translate("BillLinesModel", "Basic"),
            "power_factor": QCoreApplication.translate("BillLinesModel", "PF"),
            "pf_adjustment_yuan": QCoreApplication.translate("BillLinesModel", "PF adjustment"),
            "surcharges_yuan": QCoreApplication.translate("BillLinesModel", "Surcharges"),
            "bill_yuan": QCoreApplication.translate("BillLinesModel", "Bill"),
        }
        self.before = QCoreApplication.translate("BillLinesModel", "{line} before")
        self.after = QCoreApplication.translate("BillLinesModel", "{line} after")
        document.resultsReady.connect(self._on_results)

    def _on_results(self, _result) -> None:
        self.beginResetModel()
        self.endResetModel()

    def _monthly(self):
        res = getattr(self.document, "results", None)
        return None if res is None else res.monthly

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        m = self._monthly()
        return 0 if parent.isValid() or m is None else len(m)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else 1 + 2 * len(self.KEYS)

    def column_key(self, col: int) -> str:
        """``month`` or e.g. ``pf_adjustment_yuan_after`` (the results' monthly[] key)."""
        if col == 0:
            return "month"
        key = self.KEYS[(col - 1) // 2]
        when = "before" if (col - 1) % 2 == 0 else "after"
        return f"bill_{when}_yuan" if key == "bill_yuan" else f"{key}_{when}"

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return QCoreApplication.translate("BillLinesModel", "Month")
        line = self.names[self.KEYS[(section - 1) // 2]]
        return (self.before if (section - 1) % 2 == 0 else self.after).format(line=line)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        m = self._monthly()
        if not index.isValid() or m is None:
            return None
        key = self.column_key(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and key != "month":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        v = m[key].iloc[index.row()] if key in m else None
        if key == "month":
            return month_label(int(v))
        if v is None or v != v:  # NaN: no PF adjustment in this tariff
            return ""
        return f"{float(v):.2f}" if key.startswith("power_factor") else format_number(round(float(v)))
