"""Shared pieces of the analysis views (scenarios, sensitivity, Monte Carlo, portfolio)."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView, QValueAxis
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QWidget

from planner.terms import term
from ui.i18n import export_language

from .analysis_jobs import AnalysisRunner

_ROOT = QModelIndex()
"""The invalid (root) index, the default parent of a table model's row/column counts."""


class RowsTableModel(QAbstractTableModel):
    """A read-mostly table of ``rows``, one column per entry of ``COLUMNS``."""

    COLUMNS: tuple = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)


class AnalysisView(QWidget):
    """A view whose analysis runs off the GUI thread: ``doc``, ``error`` (the last job's error text),
    ``runner`` (its ``finished`` goes to ``_on_finished(result, error)``) and a bold ``title``.

    On a language change ``_retranslate`` sets the fixed texts listed in ``TEXTS`` and then calls
    ``_relabel`` (tables and charts); a view may override ``_retranslate`` instead."""

    TEXTS: tuple[tuple[str, str], ...] = ()
    """(attribute name of a label or button, catalogue key) of the view's fixed texts."""

    def __init__(self, document=None, parent=None):
        super().__init__(parent)
        self.doc = document
        self.error = ""
        self.result = None
        self.runner = AnalysisRunner(self)
        self.runner.finished.connect(self._on_finished)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")

    def _on_finished(self, result, error: str) -> None:  # pragma: no cover - every view overrides it
        raise NotImplementedError

    def clear(self) -> None:
        """Another project is open, or this one cannot be computed: cancel the running job and show
        no result (never figures of another project, issue 9 item 1); ``_forget`` drops the view's own."""
        self.runner.cancel()
        self.error = ""
        self._forget()
        self._retranslate()  # redraws the tables and charts from the (now empty) state

    def _forget(self) -> None:
        """Drop the last analysis result (``self.result``); a view keeping more state extends this."""
        self.result = None

    def _retranslate(self) -> None:
        """The fixed texts (``TEXTS``) in the UI language, then :meth:`_relabel`."""
        self.set_texts(*((getattr(self, attr), key) for attr, key in self.TEXTS))
        self._relabel()

    def _relabel(self) -> None:
        """Re-draw what the language changes beyond ``TEXTS`` (tables, charts); nothing by default."""

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def set_texts(self, *pairs) -> None:
        """``widget.setText(term(key))`` in the UI language for each ``(widget, key)``."""
        lang = export_language()
        for widget, key in pairs:
            widget.setText(term(key, lang))

    def chart_view(self, min_height: int) -> QChartView:
        """An empty antialiased chart view, at least ``min_height`` px tall."""
        view = QChartView(QChart(), self)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(min_height)
        return view

    def table_view(self, model, row_header: bool = False) -> QTableView:
        """A table on ``model`` whose columns fit their contents."""
        view = QTableView(self)
        view.setModel(model)
        view.verticalHeader().setVisible(row_header)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return view


def value_axis(title: str, lo: float, hi: float) -> QValueAxis:
    """A value axis titled ``title`` over [lo, hi]."""
    axis = QValueAxis()
    axis.setTitleText(title)
    axis.setRange(lo, hi)
    return axis


def attach_axes(chart, series, x, y) -> None:
    """Put axis ``x`` at the bottom and ``y`` on the left of ``chart`` and attach ``series`` to both."""
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)
