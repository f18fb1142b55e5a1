"""Portfolio: a folder of project files as one ranked table (planner.analysis.portfolio).

``open_folder(path)`` computes every project file of the folder in parallel
processes off the GUI thread; the table shows the ranked rows, a bad file as
a row with its error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout

from planner.terms import split_bilingual, term
from ui.i18n import export_language

from . import format as fmt
from .analysis_base import AnalysisView, RowsTableModel

COLUMNS = (
    ("rank_npv", "portfolio.rank_npv"),
    ("file", "portfolio.file"),
    ("name", "portfolio.name"),
    ("capex_yuan", "portfolio.capex"),
    ("npv_yuan", "portfolio.npv"),
    ("irr_pct", "portfolio.irr"),
    ("payback_years", "portfolio.payback"),
    ("co2_kg_per_yuan", "portfolio.co2_per_yuan"),
    ("error", "portfolio.error"),
)

NUMERIC = {"rank_npv", "capex_yuan", "npv_yuan", "irr_pct", "payback_years", "co2_kg_per_yuan"}


class PortfolioModel(RowsTableModel):
    COLUMNS = COLUMNS

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        v = row.get(key)
        if role == Qt.ItemDataRole.UserRole:
            return v
        if role == Qt.ItemDataRole.ForegroundRole and row.get("error"):
            return QColor("#8e1b1b")
        if role == Qt.ItemDataRole.TextAlignmentRole and key in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if v is None:
            return ""
        if key in ("capex_yuan", "npv_yuan"):
            return fmt.money(v)
        if key == "irr_pct":
            return fmt.percent(v)
        if key == "payback_years":
            return fmt.years(v)
        if key == "co2_kg_per_yuan":
            return f"{v:.3f}"
        if key == "name":
            return split_bilingual(str(v), export_language())
        return str(v)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return term(COLUMNS[section][1], export_language())
        return None


class PortfolioView(AnalysisView):
    """The ranked table of a folder's projects."""

    def __init__(self, parent=None):
        super().__init__(None, parent)
        self.folder: Path | None = None
        self.status = QLabel(self)
        self.model = PortfolioModel(self)
        self.table = self.table_view(self.model)
        self.table.setSortingEnabled(False)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.status)
        lay.addWidget(self.table, 1)
        self._retranslate()

    def open_folder(self, folder: str | Path, workers: int | None = None) -> None:
        from planner.analysis.portfolio import run_batch

        self.folder = Path(folder)
        self.status.setText(term("analysis.running", export_language()))
        self.runner.start(lambda progress: run_batch(folder, workers=workers))

    @Slot(object, str)
    def _on_finished(self, port, error: str) -> None:
        self.error = error
        if error:
            self.status.setText(error)
            return
        self.model.set_rows(port.rows)
        failed = sum(1 for r in port.rows if r["error"])
        self.status.setText(term("portfolio.count", export_language(), n=len(port.rows), failed=failed))

    def _retranslate(self) -> None:
        self.title.setText(term("portfolio.title", export_language()))
        self.model.set_rows(self.model.rows)
