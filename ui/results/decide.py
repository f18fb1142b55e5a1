"""The "Decide" area of the results (issue 12): scenarios side by side, sensitivity, Monte Carlo.

Three sub-tabs holding :class:`ui.results.scenarios_view.ScenariosView`,
:class:`ui.results.sensitivity_view.SensitivityView` (tornado, spider,
break-even, payback target) and :class:`ui.results.montecarlo_view.MonteCarloView`
(distributions table, histogram, cumulative curve, progress and cancel).
Every analysis runs off the GUI thread (:mod:`ui.results.analysis_jobs`).

The portfolio table (a folder of project files) opens in its own window,
:class:`PortfolioWindow`, from File > "Open folder as portfolio…".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QMainWindow, QTabWidget, QVBoxLayout, QWidget

from planner.terms import term
from ui.i18n import export_language

from .montecarlo_view import MonteCarloView
from .portfolio_view import PortfolioView
from .scenarios_view import ScenariosView
from .sensitivity_view import SensitivityView


class DecideTab(QWidget):
    """Scenarios, sensitivity and Monte Carlo of one document, as sub-tabs."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.doc = document
        self.scenarios = ScenariosView(document)
        self.sensitivity = SensitivityView(document)
        self.montecarlo = MonteCarloView(document)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for view in (self.scenarios, self.sensitivity, self.montecarlo):
            self.tabs.addTab(view, "")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs)
        self.retranslate()
        if getattr(document, "results", None) is not None:
            self.scenarios.refresh()  # later results refresh it through resultsReady
        if hasattr(document, "resultsCleared"):  # at once, shown or not: never another project's figures
            document.resultsCleared.connect(self.clear)
            document.computeFailed.connect(self.clear)

    def clear(self, *_reason) -> None:
        """Another project is open, or this one cannot be computed: every analysis shows nothing."""
        for view in (self.scenarios, self.sensitivity, self.montecarlo):
            view.clear()

    def retranslate(self) -> None:
        lang = export_language()
        for i, key in enumerate(("analysis.scenarios", "analysis.sensitivity", "analysis.montecarlo")):
            self.tabs.setTabText(i, term(key, lang))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class PortfolioWindow(QMainWindow):
    """A folder of project files as one ranked table (computed in parallel processes off the GUI thread)."""

    def __init__(self, folder: str | Path, parent=None, workers: int | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.view = PortfolioView(self)
        self.setCentralWidget(self.view)
        self.folder = Path(folder)
        self.setWindowTitle(f"{term('portfolio.title', export_language())}: {self.folder}")
        self.resize(1100, 600)
        self.view.open_folder(self.folder, workers=workers)
