"""Qt table models over the project (they read ``document.project`` and edit through the document)."""

from ui.models.duty import DutyProfileModel
from ui.models.measures import MeasuresTableModel

__all__ = ["DutyProfileModel", "MeasuresTableModel"]
