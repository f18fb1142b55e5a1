"""The input side of the main window: every editor in one tab widget."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QScrollArea, QTabWidget, QVBoxLayout, QWidget

from ui.editors.bill import BillEditor
from ui.editors.common import page
from ui.editors.finance import EmissionsEditor, FinanceEditor
from ui.editors.measures import MeasuresEditor
from ui.editors.site_load import LoadEditor, ProjectEditor
from ui.editors.tariff import TariffEditor
from ui.widgets.fields import FieldBase
from ui.widgets.labels import path_string


class InputPanel(QWidget):
    """All input editors of a :class:`ui.document.ProjectDocument`.

    Tabs: site & load, tariff, measures, finance, emissions.  The editors
    only read ``document.project`` and edit through ``document.edit``.  On a
    language change the tabs are rebuilt in the new language (the current
    tab is kept).
    """

    TAB_SITE, TAB_TARIFF, TAB_MEASURES, TAB_FINANCE, TAB_EMISSIONS, TAB_BILL = range(6)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self._rebuild_pending = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        lay.addWidget(self.tabs)
        self._build()

    def _build(self) -> None:
        d = self.document
        self.project_editor = ProjectEditor(d)
        self.load_editor = LoadEditor(d)
        self.tariff_editor = TariffEditor(d)
        self.measures_editor = MeasuresEditor(d)
        self.finance_editor = FinanceEditor(d)
        self.emissions_editor = EmissionsEditor(d)
        self.bill_editor = BillEditor(d)  # issue 10: power factor, surcharges, VAT, holidays, bills
        self.tabs.addTab(page(self.project_editor, self.load_editor), self.tr("Site && load"))
        self.tabs.addTab(page(self.tariff_editor), self.tr("Tariff"))
        self.tabs.addTab(self.measures_editor, self.tr("Measures"))
        self.tabs.addTab(page(self.finance_editor), self.tr("Finance"))
        self.tabs.addTab(page(self.emissions_editor), self.tr("Emissions"))
        self.tabs.addTab(page(self.bill_editor), self.tr("Bill"))

    def editors(self) -> list[QWidget]:
        return [
            self.project_editor,
            self.load_editor,
            self.tariff_editor,
            self.measures_editor,
            self.finance_editor,
            self.emissions_editor,
            self.bill_editor,
        ]

    def retranslate(self) -> None:
        """Rebuild every editor in the current language, keeping the current tab and measure."""
        index = self.tabs.currentIndex()
        row = self.measures_editor.current_row()
        while self.tabs.count():
            w = self.tabs.widget(0)
            self.tabs.removeTab(0)
            w.deleteLater()
        self._build()
        self.tabs.setCurrentIndex(max(0, index))
        if row >= 0:
            self.measures_editor.select_row(row)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange and not self._rebuild_pending:
            self._rebuild_pending = True
            QTimer.singleShot(0, self, self._rebuild_now)  # dropped if the panel goes first
        super().changeEvent(event)

    def _rebuild_now(self) -> None:
        self._rebuild_pending = False
        self.retranslate()

    def focus_path(self, path: str) -> bool:
        """Show and focus the field of a problem path such as ``measures[2].capex_yuan`` or
        ``tariff.prices_yuan_per_kwh.peak`` (e.g. from a file that failed validation)."""
        m = re.match(r"measures\[(\d+)\](?:\.(.*))?$", path)
        if m:
            row = int(m.group(1))
            if not 0 <= row < self.measures_editor.model.rowCount():
                return False
            self.tabs.setCurrentWidget(self.measures_editor)
            self.measures_editor.select_row(row)
            form = self.measures_editor.current_form()
            field = form.binder.field_for(tuple(m.group(2).split("."))) if form and m.group(2) else None
            if field is None:
                self.measures_editor.table.setFocus()
                return True
            field.setFocus()
            return True
        for editor in self.editors():
            binder = getattr(editor, "binder", None)
            if binder is None:
                continue
            for b in binder.bindings:
                if path_string(binder.full_path(b)) == path:
                    page = self._page_of(editor)
                    if page is not None:
                        self.tabs.setCurrentWidget(page)
                        if isinstance(page, QScrollArea):
                            page.ensureWidgetVisible(b.field)
                    b.field.setFocus()
                    return True
        return False

    def _page_of(self, widget: QWidget) -> QWidget | None:
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if page is widget or page.isAncestorOf(widget):
                return page
        return None

    def problem_fields(self) -> list[FieldBase]:
        """Fields showing a problem now (what the user still has to fix)."""
        return [f for f in self.findChildren(FieldBase) if f.has_problem()]
