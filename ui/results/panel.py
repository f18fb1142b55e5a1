"""The right-hand side of the main window: messages, KPI cards, charts and tables."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from . import format as fmt
from .charts import CashFlowChart, MeasureSavingsChart, MonthlyBillChart, TypicalDayWidget
from .kpi import KpiPanel
from .tables import CashFlowTableModel, MeasuresTableModel

ERROR_STYLE = (
    "QLabel { background: #fdecea; color: #8e1b1b; border: 1px solid #f5c2c0; border-radius: 4px; padding: 5px 8px; }"
)
WARNING_STYLE = (
    "QLabel { background: #fff6e0; color: #6b4e00; border: 1px solid #f3dc9c; border-radius: 4px; padding: 5px 8px; }"
)


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


class ResultsPanel(QWidget):
    """Listens to a :class:`ui.document.ProjectDocument` and shows its latest results."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.doc = document
        self._error = ""
        self._result = None

        self.message = QLabel(self)
        self.message.setObjectName("resultsMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        self.kpis = KpiPanel(self)
        self.details = QLabel(self)
        self.details.setObjectName("resultsDetails")
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: #4a5563;")

        self.cash_flow_chart = CashFlowChart()
        self.measure_chart = MeasureSavingsChart()
        self.monthly_chart = MonthlyBillChart()
        self.typical_day = TypicalDayWidget()
        overview = QWidget()
        grid = QGridLayout(overview)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setSpacing(6)
        grid.addWidget(self.cash_flow_chart, 0, 0)
        grid.addWidget(self.measure_chart, 0, 1)
        grid.addWidget(self.monthly_chart, 1, 0)
        grid.addWidget(self.typical_day, 1, 1)
        for i in range(2):
            grid.setRowStretch(i, 1)
            grid.setColumnStretch(i, 1)

        self.cash_flow_model = CashFlowTableModel(self)
        self.cash_flow_table = _table(self.cash_flow_model)
        self.cash_flow_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.cash_flow_table.horizontalHeader().setMinimumSectionSize(60)
        self.measures_model = MeasuresTableModel(self)
        self.measures_table = _table(self.measures_model)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(overview, "")
        self.tabs.addTab(self.cash_flow_table, "")
        self.tabs.addTab(self.measures_table, "")
        from ui.results.storage_chart import StorageTab, T  # storage (issue 11)

        self.storage_tab = StorageTab(document)
        self.tabs.addTab(self.storage_tab, T("storage.measure"))

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(6)
        lay.addWidget(self.message)
        lay.addWidget(self.kpis)
        lay.addWidget(self.details)
        lay.addWidget(self.tabs, 1)
        self.retranslate()

        document.resultsReady.connect(self.set_result)
        document.computeFailed.connect(self.show_error)
        if document.results is not None:
            self.set_result(document.results)

    @Slot(object)
    def set_result(self, result) -> None:
        self._result = result
        self._error = ""
        self.kpis.set_result(result)
        self.cash_flow_chart.set_result(result)
        self.measure_chart.set_result(result)
        self.monthly_chart.set_result(result)
        self.typical_day.set_result(result)
        self.cash_flow_model.set_result(result)
        self.measures_model.set_result(result)
        self._update_details()
        self._update_message()

    @Slot(str)
    def show_error(self, message: str) -> None:
        self._error = message
        self.kpis.set_stale(self._result is not None)
        self._update_message()

    def message_text(self) -> str:
        return self.message.text() if self.message.isVisible() or self.message.text() else ""

    def _update_message(self) -> None:
        if self._error:
            text = self.tr("The results cannot be computed: %1").replace("%1", self._error)
            if self._result is not None:
                text += " " + self.tr("(showing the last valid results, greyed out)")
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(text)
            self.message.show()
            return
        warnings = list(getattr(self._result, "warnings", []) or [])
        report = getattr(self._result, "load_report", None)
        messages = list(getattr(report, "messages", []) or []) if report is not None else []
        if warnings:
            self.message.setStyleSheet(WARNING_STYLE)
            self.message.setText(self.tr("Check: %1").replace("%1", "; ".join(warnings)))
            self.message.show()
        else:
            self.message.setText("")
            self.message.hide()
        self.message.setToolTip("\n".join(messages))

    def _update_details(self) -> None:
        r = self._result
        if r is None:
            self.details.setText("")
            return
        s = r.summary
        parts = [
            self.tr("Year 1: energy saved %1, CO₂ %2")
            .replace("%1", fmt.kwh(s.first_year_energy_saved_kwh))
            .replace("%2", fmt.tonnes(s.first_year_co2_avoided_t)),
        ]
        if r.pv is not None:
            gen = r.pv.first_year_generation_kwh
            self_share = (100.0 * r.pv.first_year_self_consumed_kwh / gen) if gen else None
            parts.append(
                self.tr("PV %1 generated, %2 self-consumed, LCOE %3 yuan/kWh")
                .replace("%1", fmt.kwh(gen))
                .replace("%2", fmt.percent(self_share, 0))
                .replace(
                    "%3", fmt.number(r.pv.lcoe_yuan_per_kwh, 3) if r.pv.lcoe_yuan_per_kwh is not None else fmt.na()
                )
            )
        if self.doc.last_compute_seconds is not None:
            parts.append(self.tr("computed in %1 ms").replace("%1", f"{self.doc.last_compute_seconds * 1000:.0f}"))
        self.details.setText("  ·  ".join(parts))

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Overview"))
        self.tabs.setTabText(1, self.tr("Yearly cash flow"))
        self.tabs.setTabText(2, self.tr("Measures"))
        self.cash_flow_model.retranslate()
        self.measures_model.retranslate()
        self._update_details()
        self._update_message()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
