"""The right-hand side of the main window: messages, KPI cards, charts and tables."""

from __future__ import annotations

import importlib
import logging
import re

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QWidget,
)

from planner.terms import message_text
from ui.filerefs import stored_path
from ui.widgets.labels import lang, t
from ui.widgets.layouts import column

from . import format as fmt
from .kpi import KpiPanel
from .tables import CashFlowTableModel, MeasuresTableModel

log = logging.getLogger(__name__)

_MAPPED = re.compile(r"data of (\d{4}) mapped onto calendar year (\d{4})")

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
    # columns fit the rows on screen (0: the visible area), measured again on every new result: 64 rows
    # took ~25 ms of the GUI thread per edit on a long per-measure table, the visible ~30 ~10 ms
    view.horizontalHeader().setResizeContentsPrecision(0)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


def _scroll() -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


_PAGE_MODULES = (
    "planner.analysis.sizing",
    "planner.analysis.scenarios",
    "planner.analysis.drivers",
    "planner.analysis.montecarlo",
)
"""The Qt-free modules the storage and decide pages import as they are built (the slow part)."""


_IN_FLIGHT: set = set()


class _PrefetchSignals(QObject):
    done = Signal()


class _Prefetch(QRunnable):
    """Import ``modules`` in a worker thread, then emit ``signals.done`` (queued to the GUI thread)."""

    def __init__(self, modules: tuple[str, ...]):
        super().__init__()
        self.modules = modules
        self.signals = _PrefetchSignals()
        self.setAutoDelete(False)  # kept by the panel: its signals live as long as the panel wants them

    def run(self) -> None:  # worker thread
        for name in self.modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the page imports it again and reports it
                log.warning("prefetching %s failed", name, exc_info=True)
        self.signals.done.emit()


class _WhenShown(QObject):
    """The document as a lazily built results page (storage, decide) sees it: the document itself,
    except that ``resultsReady`` reaches the page at once only while the page is shown (or while
    the window is not shown at all).  A result that arrives while the page is hidden in a shown
    window is passed on, the latest only, when the page is shown or read (:meth:`catch_up`), so a
    hidden page neither redraws nor re-runs its analyses on every edit (issue 9, item 12)."""

    resultsReady = Signal(object)

    def __init__(self, document, page: QWidget):
        super().__init__(page)
        self._doc = document
        self._page = page
        self._sent = document.results  # what the page is built with
        document.resultsReady.connect(self._on_results)
        page.installEventFilter(self)

    def __getattr__(self, name: str):
        doc = self.__dict__.get("_doc")
        if doc is None:
            raise AttributeError(name)
        return getattr(doc, name)

    @Slot(object)
    def _on_results(self, result) -> None:
        if self._page.isVisible() or not self._page.window().isVisible():
            self._send(result)

    def _send(self, result) -> None:
        self._sent = result
        self.resultsReady.emit(result)

    def catch_up(self) -> None:
        """Pass on the document's latest result if the page has not had it yet."""
        result = self._doc.results
        if result is not None and result is not self._sent:
            self._send(result)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self._page and event.type() == QEvent.Type.Show:
            self.catch_up()
        return False


class ResultsPanel(QWidget):
    """Listens to a :class:`ui.document.ProjectDocument` and shows its latest results."""

    def __init__(self, document, parent=None, defer_charts: bool = False):
        """``defer_charts``: the overview's charts (QtCharts, numpy) are built by :meth:`build_charts`,
        which the caller runs after the first paint (start-up: the window first, issue 9 item 17)."""
        super().__init__(parent)
        self.doc = document
        self._error = ""
        self._result = None

        self._input_problems = 0
        self.banner = QWidget(self)
        blay = QHBoxLayout(self.banner)
        blay.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel(self.banner)
        self.message.setObjectName("resultsMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        blay.addWidget(self.message, 1)
        self.locate_button = QPushButton(self.banner)
        self.locate_button.setObjectName("locateFileButton")
        self.locate_button.clicked.connect(lambda: self.locate_file())
        self.locate_button.hide()
        blay.addWidget(self.locate_button, 0, Qt.AlignmentFlag.AlignTop)
        self.year_button = QPushButton(self.banner)
        self.year_button.setObjectName("useDataYearButton")
        self.year_button.clicked.connect(lambda: self.use_data_year())
        self.year_button.hide()
        blay.addWidget(self.year_button, 0, Qt.AlignmentFlag.AlignTop)
        self.banner.hide()
        self.message.hide()

        self.kpis = KpiPanel(self)
        self.details = QLabel(self)
        self.details.setObjectName("resultsDetails")
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: #4a5563;")

        overview = QWidget()
        self._grid = QGridLayout(overview)
        self._grid.setContentsMargins(4, 4, 4, 4)
        self._grid.setSpacing(6)
        for i in range(2):
            self._grid.setRowStretch(i, 1)
            self._grid.setColumnStretch(i, 1)
        self._charts: tuple = ()

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
        # storage (issue 11) and decide (issue 12), built just after the window shows: they import the
        # analysis package (pandas, scipy), which must not delay the first window
        self._storage_tab = None
        self._decide_tab = None
        self._page_docs: dict[str, _WhenShown] = {}
        self.storage_scroll = _scroll()  # scrolled: its width must not force the window past 1366 px
        self.tabs.addTab(self.storage_scroll, t("storage.measure"))
        self.decide_scroll = _scroll()
        self.tabs.addTab(self.decide_scroll, t("decide.tab"))
        self._lazy_pending = True

        column(self, self.banner, self.kpis, self.details, (self.tabs, 1), margins=(6, 6, 6, 6))
        if not defer_charts:
            self.build_charts()
        self.retranslate()

        document.resultsReady.connect(self.set_result)
        document.computeFailed.connect(self.show_error)
        document.resultsCleared.connect(self.clear_results)
        document.inputProblemsChanged.connect(self._input_problems_changed)
        if document.results is not None:
            self.set_result(document.results)

    def build_charts(self) -> None:
        """Build the overview's four charts (once) and show the current result in them."""
        if self._charts:
            return
        from .charts import CashFlowChart, MeasureSavingsChart, MonthlyBillChart, TypicalDayWidget

        self.cash_flow_chart = CashFlowChart()
        self.measure_chart = MeasureSavingsChart()
        self.monthly_chart = MonthlyBillChart()
        self.typical_day = TypicalDayWidget()
        self._charts = (self.cash_flow_chart, self.measure_chart, self.monthly_chart, self.typical_day)
        for i, chart in enumerate(self._charts):
            self._grid.addWidget(chart, i // 2, i % 2)
            chart.set_result(self._result)

    def _views(self):
        return (self.cash_flow_model, *self._charts)

    @Slot(object)
    def set_result(self, result) -> None:
        """Show ``result`` (``None``: clear every view).  The KPI cards, banner and tables take it at
        once; the charts on screen redraw in the event-loop turns that follow, one each, and the
        hidden ones when shown (:meth:`ui.results.charts.ResultChart.invalidate`)."""
        self._result = result
        self._error = ""
        self.kpis.set_result(result)
        self.kpis.set_stale(self._input_problems > 0 and result is not None)
        self._update_details()
        self._update_message()
        self.measures_model.set_result(result, self.doc.project if result is not None else None)
        for view in self._views():
            view.set_result(result)

    @Slot()
    def clear_results(self) -> None:
        """Empty every result view (KPI cards, charts, tables): another project is open."""
        self.set_result(None)

    @Slot(str)
    def show_error(self, message: str) -> None:
        """The project cannot be computed: clear every view (never another project's figures) and say why."""
        self.set_result(None)
        self._error = message
        self._update_message()

    @Slot(int)
    def _input_problems_changed(self, count: int) -> None:
        self._input_problems = count
        self.kpis.set_stale(count > 0 and self._result is not None)
        self._update_message()

    def results_are_stale(self) -> bool:
        """True while a field holds text the project did not take: the views show the last valid input's results."""
        return self._input_problems > 0 and self._result is not None

    def message_text(self) -> str:
        return self.message.text() if self.banner.isVisible() or self.message.text() else ""

    def missing_file(self):
        """The first missing file the project refers to (a :class:`ui.filerefs.FileRef`), or None."""
        return self.doc.missing[0] if self._error and self.doc.missing else None

    def locate_file(self, path: str | None = None) -> list:
        """Point the missing file reference at ``path`` (asks with a file dialog when None): one undo command."""
        ref = self.missing_file()
        if ref is None:
            return []
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Locate %1").replace("%1", ref.value),
                str(self.doc.base_dir),
                self.tr("Data files (*.csv *.xlsx *.xlsm *.txt *.epw);;All files (*)"),
            )
            if not path:
                return []
        value = stored_path(path, self.doc.base_dir)
        label = self.tr("Locate file '%1'").replace("%1", ref.value)
        return self.doc.set_value(ref.path, value, label)

    def data_year(self) -> int | None:
        """The year of the meter data when the engine mapped it onto another calendar year, else None.

        (Read from the load report's note "data of Y mapped onto calendar year Y' ...": the
        report has no field for it yet.)"""
        report = getattr(self._result, "load_report", None)
        for m in getattr(report, "messages", []) or []:
            hit = _MAPPED.search(str(m))
            if hit:
                return int(hit.group(1))
        return None

    def use_data_year(self) -> list:
        """Set the calendar year to the meter data's year (one undo step)."""
        y = self.data_year()
        if y is None:
            return []
        return self.doc.set_value(("load", "calendar_year"), y, t("action.use_data_year", data_year=y))

    def _show_banner(self, text: str, style: str, locate: bool = False, year: bool = False) -> None:
        if self.message.styleSheet() != style:  # a style sheet re-polishes the label: only on a change
            self.message.setStyleSheet(style)
        self.message.setText(text)
        self.message.show()
        self.locate_button.setVisible(locate)
        self.year_button.setVisible(year)
        self.banner.show()

    def _update_message(self) -> None:
        self.locate_button.setText(self.tr("Locate file…"))
        if self._error:
            text = self.tr("The results cannot be computed: %1").replace("%1", self._error)
            ref = self.missing_file()
            if ref is not None:
                text += " " + self.tr("(file not found: %1)").replace("%1", ref.value)
            text += " " + self.tr("No results are shown until this is fixed.")
            self._show_banner(text, ERROR_STYLE, locate=ref is not None)
            return
        if self.results_are_stale():
            self._show_banner(
                self.tr(
                    "A field holds a value that cannot be used (marked in red): the results shown are those "
                    "of the last valid input."
                ),
                WARNING_STYLE,
            )
            return
        warnings = list(getattr(self._result, "warnings", []) or [])
        report = getattr(self._result, "load_report", None)
        messages = list(getattr(report, "messages", []) or []) if report is not None else []
        data_year = self.data_year()
        if data_year is not None:
            warnings.insert(0, t("warning.year_mapped", data_year=data_year, year=self.doc.project.load.calendar_year))
            self.year_button.setText(t("action.use_data_year", data_year=data_year))
        if warnings:
            self._show_banner(
                self.tr("Check: %1").replace("%1", "; ".join(message_text(w, lang()) for w in warnings)),
                WARNING_STYLE,
                year=data_year is not None,
            )
        else:
            self.message.setText("")
            self.message.hide()
            self.locate_button.hide()
            self.banner.hide()
        self.message.setToolTip("\n".join(message_text(m, lang()) for m in messages))  # repair notes: UI language

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

    def _lazy_tab(self, attr: str, scroll: QScrollArea, make, catch_up: bool = True):
        """``self.<attr>``, built as ``make(document)`` into ``scroll`` on first use (``document``: the
        document as the page sees it, :class:`_WhenShown`); ``catch_up``: with the latest results."""
        tab = getattr(self, attr)
        if tab is None:
            view = self._page_docs[attr] = _WhenShown(self.doc, scroll)
            tab = make(view)
            setattr(self, attr, tab)
            scroll.setWidget(tab)
        elif catch_up:
            self._page_docs[attr].catch_up()
        return tab

    def _make_storage_tab(self, catch_up: bool = True):
        from ui.results.storage_chart import StorageTab

        return self._lazy_tab("_storage_tab", self.storage_scroll, StorageTab, catch_up)

    def _make_decide_tab(self, catch_up: bool = True):
        from ui.results.decide import DecideTab

        return self._lazy_tab("_decide_tab", self.decide_scroll, DecideTab, catch_up)

    @property
    def storage_tab(self):
        """The battery-storage page (built on first use; read: up to date with the results)."""
        return self._make_storage_tab()

    @property
    def decide_tab(self):
        """The scenarios / sensitivity / Monte Carlo page (built on first use; read: up to date with the results)."""
        return self._make_decide_tab()

    @Slot()
    def _build_lazy_tabs(self) -> None:  # hidden pages: built, brought up to date when shown
        _IN_FLIGHT.discard(getattr(self, "_prefetch", None))
        self._make_storage_tab(catch_up=False)
        self._make_decide_tab(catch_up=False)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._lazy_pending:
            self._lazy_pending = False
            if self.doc.results_current():
                QTimer.singleShot(150, self, self._prefetch_lazy_tabs)  # after the first paint
            else:  # after the first results: the engine's imports (pandas) run in its worker, not here
                self.doc.computeFinished.connect(self._prefetch_lazy_tabs)

    @Slot()
    def _prefetch_lazy_tabs(self) -> None:
        """Import the hidden pages' analysis modules in a worker thread (scipy.stats alone held the GUI
        thread ~0.6 s), then build the pages here, where the imports are then done."""
        try:
            self.doc.computeFinished.disconnect(self._prefetch_lazy_tabs)
        except (RuntimeError, TypeError):  # connected only when the results were not there yet
            pass
        job = self._prefetch = _Prefetch(_PAGE_MODULES)
        _IN_FLIGHT.add(job)  # alive while it runs, whatever becomes of this panel
        job.signals.done.connect(self._build_lazy_tabs)
        QThreadPool.globalInstance().start(job)

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Overview"))
        self.tabs.setTabText(1, self.tr("Yearly cash flow"))
        self.tabs.setTabText(2, self.tr("Measures"))
        if hasattr(self, "storage_scroll"):
            self.tabs.setTabText(self.tabs.indexOf(self.storage_scroll), t("storage.measure"))
            self.tabs.setTabText(self.tabs.indexOf(self.decide_scroll), t("decide.tab"))
        self.cash_flow_model.retranslate()
        self.measures_model.retranslate()
        self._update_details()
        self._update_message()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
