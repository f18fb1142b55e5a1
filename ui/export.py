"""Export of the Excel proposal from the app: the dialog (file, language, analysis sheets) and the worker.

The export language is a choice of the dialog; its default is the project's
``language`` key, else the UI language (the CLI falls back to ``zh``; the app
to the language its user reads).  When the project has ``scenarios``,
``sensitivity`` or ``uncertainty`` keys the workbook includes the analysis
sheets: the worker computes them with
:func:`planner.analysis.bundle.workbook_analysis` (as the CLI does) and passes
``analysis=`` to :func:`planner.report.workbook.export_workbook` - only when
that function takes the keyword (checked with :func:`inspect.signature`, so an
older report package still exports the base sheets).  Everything runs off the
GUI thread; the worker reports its stage (analysis, writing) for the progress
dialog.
"""

from __future__ import annotations

import inspect
import logging
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from planner.terms import term
from ui.i18n import export_language

log = logging.getLogger(__name__)

EXPORT_LANGUAGES = (("zh", "中文"), ("en", "English"))
"""(catalogue code, native name) of the workbook languages."""


def has_analysis_keys(project) -> bool:
    """True when the project asks for scenarios, sensitivity or Monte Carlo (its workbook gets those sheets)."""
    return bool(
        getattr(project, "scenarios", None)
        or getattr(project, "sensitivity", None) is not None
        or getattr(project, "uncertainty", None)
    )


def default_export_language(project) -> str:
    """The project's ``language`` key, else the UI language."""
    return getattr(project, "language", None) or export_language()


def takes_analysis(export_workbook) -> bool:
    """True when ``export_workbook`` accepts ``analysis=`` (the report package of wave 2)."""
    try:
        return "analysis" in inspect.signature(export_workbook).parameters
    except (TypeError, ValueError):
        return False


class ExportSignals(QObject):
    stage = Signal(str)  # "analysis" or "writing"
    done = Signal(str, str)  # path, error message ("" on success)


class ExportRun(QRunnable):
    """Computes the analysis sheets when asked, then writes the workbook, off the GUI thread."""

    def __init__(self, project, result, base_dir: Path, path: str, lang: str, signals: ExportSignals, analysis=False):
        super().__init__()
        self.project, self.result, self.base_dir = project, result, base_dir
        self.path, self.lang, self.signals, self.analysis = path, lang, signals, analysis
        self.setAutoDelete(True)

    def run(self) -> None:
        from ui.document import compute

        try:
            try:
                from planner.report.workbook import export_workbook
            except ImportError as err:
                self.signals.done.emit(self.path, f"Excel export is not available: {err}")
                return
            result = self.result
            if result is None:
                result, message = compute(self.project, self.base_dir)
                if result is None:
                    self.signals.done.emit(self.path, message)
                    return
            kwargs = {}
            if self.analysis and takes_analysis(export_workbook):
                from planner.analysis.bundle import workbook_analysis

                self.signals.stage.emit("analysis")
                kwargs["analysis"] = workbook_analysis(self.project, self.base_dir)
            self.signals.stage.emit("writing")
            export_workbook(self.project, result, self.path, lang=self.lang, **kwargs)
            self.signals.done.emit(self.path, "")
        except Exception as err:  # reported to the user, never a crash
            log.error("export failed:\n%s", traceback.format_exc())
            self.signals.done.emit(self.path, f"{type(err).__name__}: {err}")


class ExportDialog(QDialog):
    """File, export language (default: the project's) and whether to include the analysis sheets."""

    def __init__(self, project, suggested: str, parent: QWidget | None = None):
        super().__init__(parent)
        lang = export_language()
        self.setWindowTitle(term("export.dialog_title", lang))
        self.path_edit = QLineEdit(suggested, self)
        browse = QPushButton(term("export.browse", lang), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.language_box = QComboBox(self)
        for code, native in EXPORT_LANGUAGES:
            self.language_box.addItem(native, code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(default_export_language(project))))
        self.analysis_box = QCheckBox(term("export.with_analysis", lang), self)
        available = has_analysis_keys(project)
        self.analysis_box.setChecked(available)
        self.analysis_box.setEnabled(available)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(term("export.file", lang), row)
        form.addRow(term("export.language", lang), self.language_box)
        form.addRow(self.analysis_box)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.windowTitle(), self.path_edit.text(), "Excel workbooks (*.xlsx)"
        )
        if path:
            self.path_edit.setText(path)

    def path(self) -> str:
        p = self.path_edit.text().strip()
        return p if not p or p.lower().endswith(".xlsx") else p + ".xlsx"

    def language(self) -> str:
        return self.language_box.currentData()

    def with_analysis(self) -> bool:
        return self.analysis_box.isEnabled() and self.analysis_box.isChecked()
