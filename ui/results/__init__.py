"""Result views: KPI cards, QtCharts charts and table models over a
:class:`planner.engine.chain.ProjectResult`.  Widgets only display; the numbers
come from the engine and the small adapters in :mod:`ui.results.adapters`."""

from .panel import ResultsPanel

__all__ = ["ResultsPanel"]
