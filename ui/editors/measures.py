"""Measures editor: the table (add / duplicate / delete / reorder) and the
form of the selected measure."""

from __future__ import annotations

import copy
import re

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.io.reference import motor_efficiency_pct
from planner.model.project import MEASURE_TYPES
from ui.editors import battery as _battery  # registers the battery form (issue 11)
from ui.editors.common import note_label, scrolled, set_error
from ui.editors.measure_forms import FORM_CLASSES, MeasureFormBase
from ui.models.measures import NAME, MeasuresTableModel
from ui.widgets.binding import project_data
from ui.widgets.labels import measure_type_label, problem_text

_SUFFIX = re.compile(r"^(.*?) \((\d+)\)$")


def unique_name(wanted: str, existing: set[str] | list[str]) -> str:
    """``wanted`` if free, else ``"stem (2)"``, ``"stem (3)"`` ... (``stem`` without a previous ``" (n)"``)."""
    taken = set(existing)
    if wanted not in taken:
        return wanted
    m = _SUFFIX.match(wanted)
    stem, n = (m.group(1), int(m.group(2)) + 1) if m else (wanted, 2)
    while f"{stem} ({n})" in taken:
        n += 1
    return f"{stem} ({n})"


STARTING_VALUES: dict[str, dict] = {
    # the fields of a new measure of each type (the schedule follows the load's shifts unless given)
    "motor": {
        "rated_power_kw": 75.0,
        "quantity": 1,
        "load_factor_pct": 75.0,
        "operating_hours_per_year": 6000.0,
        "grade_after": "grade2",
    },
    "vfd": {
        "rated_power_kw": 55.0,
        "quantity": 1,
        "load_factor_pct": 90.0,
        "operating_hours_per_year": 6000.0,
        "duty_profile": [
            {"flow_pct": 100.0, "time_pct": 20.0},
            {"flow_pct": 80.0, "time_pct": 40.0},
            {"flow_pct": 60.0, "time_pct": 40.0},
        ],
        "baseline_control": "throttle",
    },
    "specific_energy": {
        "unit_name": "t",
        "energy_per_unit_before_kwh": 1.0,
        "energy_per_unit_after_kwh": 0.8,
        "output_units_per_year": 10000.0,
    },
    "annual_energy": {"energy_before_kwh_per_year": 1_000_000.0, "energy_after_kwh_per_year": 900_000.0},
    "pv": {
        "capacity_kwp": 1000.0,
        "specific_yield_kwh_per_kwp": 1100.0,
        "life_years": 25,
        "ownership": "owned",
        "export": "allowed",
        "schedule": "daytime",
    },
    "power_factor_correction": {"target_pf": 0.95, "life_years": 15},
}


class MeasuresEditor(QWidget):
    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self._current_row = -1
        self._shown: tuple[int, str] | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)

        # toolbar
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add measure"))
        self.add_menu = QMenu(self.add_button)
        self.add_actions: dict[str, QAction] = {}
        for mtype in MEASURE_TYPES:
            act = self.add_menu.addAction(measure_type_label(mtype))
            act.triggered.connect(lambda _=False, t=mtype: self.add_measure(t))
            self.add_actions[mtype] = act
        self.add_button.setMenu(self.add_menu)
        bar.addWidget(self.add_button)
        self.duplicate_button = QPushButton(self.tr("Duplicate"))
        self.duplicate_button.clicked.connect(lambda: self.duplicate_measure())
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(lambda: self.delete_measure())
        self.up_button = QPushButton(self.tr("Move up"))
        self.up_button.clicked.connect(lambda: self.move_measure(-1))
        self.down_button = QPushButton(self.tr("Move down"))
        self.down_button.clicked.connect(lambda: self.move_measure(1))
        for b in (self.duplicate_button, self.delete_button, self.up_button, self.down_button):
            bar.addWidget(b)
        bar.addStretch(1)
        lay.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tlay = QVBoxLayout(top)
        tlay.setContentsMargins(0, 0, 0, 0)
        self.model = MeasuresTableModel(document, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setResizeContentsPrecision(64)  # size columns from 64 rows, not every row (5,000 measures)
        hh.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        self.table.setColumnWidth(NAME, 260)
        self.table.setMinimumHeight(140)
        tlay.addWidget(self.table)
        self.table_problem = note_label(error=True)
        tlay.addWidget(self.table_problem)
        self.empty_label = QLabel(self.tr("No measures yet: use “Add measure” to describe a retrofit."))
        self.empty_label.setWordWrap(True)
        tlay.addWidget(self.empty_label)
        splitter.addWidget(top)

        self.stack = QStackedWidget()
        self.forms: dict[str, MeasureFormBase] = {}
        self.stack.addWidget(QWidget())  # nothing selected
        for mtype, cls in FORM_CLASSES.items():
            form = cls(document)
            self.forms[mtype] = form
            self.stack.addWidget(form)
        splitter.addWidget(scrolled(self.stack))
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([240, 560])
        splitter.setChildrenCollapsible(False)
        lay.addWidget(splitter, 1)

        self.model.problemsFound.connect(lambda text: set_error(self.table_problem, text))
        self.model.modelReset.connect(self._restore_selection)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        document.projectChanged.connect(self.refresh)
        self.select_row(0)
        self.refresh()

    # -- selection -------------------------------------------------------------------
    def current_row(self) -> int:
        return self._current_row

    def current_form(self) -> MeasureFormBase | None:
        w = self.stack.currentWidget()
        return w if isinstance(w, MeasureFormBase) else None

    def select_row(self, row: int) -> None:
        n = self.model.rowCount()
        row = min(max(row, 0), n - 1) if n else -1
        self._current_row = row
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, NAME),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self.table.selectionModel().clearSelection()
        self._show_form(force=True)

    def _restore_selection(self) -> None:
        self.select_row(self._current_row)

    def _on_current_row(self, current, _previous) -> None:
        if current.isValid() and current.row() != self._current_row:
            self._current_row = current.row()
            self._show_form(force=True)

    def _show_form(self, force: bool = False) -> None:
        m = self.model.measure(self._current_row)
        if m is None:
            self.stack.setCurrentIndex(0)
            self._shown = None
        else:
            key = (self._current_row, m.get("type", ""))
            form = self.forms.get(key[1])
            if form is None:
                self.stack.setCurrentIndex(0)
                return
            if force or key != self._shown:
                self.stack.setCurrentWidget(form)
                form.set_index(self._current_row)
                self._shown = key
            else:
                form.refresh()
        self._update_buttons()

    def _update_buttons(self) -> None:
        n = self.model.rowCount()
        row = self._current_row
        self.duplicate_button.setEnabled(row >= 0)
        self.delete_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < n - 1)
        self.empty_label.setVisible(n == 0)

    def refresh(self) -> None:
        # the model refreshed itself (same slot order: it was connected first)
        if self._current_row >= self.model.rowCount():
            self.select_row(self.model.rowCount() - 1)
        elif self._current_row < 0 and self.model.rowCount():
            self.select_row(0)
        else:
            self._show_form()

    # -- edits -------------------------------------------------------------------------
    def _names(self) -> list[str]:
        return [m.get("name", "") for m in project_data(self.document).get("measures", [])]

    def new_measure(self, mtype: str) -> dict:
        """A measure of ``mtype`` with sensible starting values and a unique name."""
        data = project_data(self.document)
        shift = data["load"].get("shift_pattern", "continuous")
        schedule = shift if shift in ("one_shift", "two_shift", "three_shift") else "continuous"
        name = unique_name(measure_type_label(mtype), self._names())
        if mtype == "motor":
            m = {
                "type": "motor",
                **STARTING_VALUES["motor"],
                "efficiency_before_pct": motor_efficiency_pct(75.0, "ie2"),
                "efficiency_after_pct": motor_efficiency_pct(75.0, "grade2"),
                "schedule": schedule,
            }
        elif mtype == "battery":
            m = _battery.default_battery(name)
        elif mtype in STARTING_VALUES:
            m = {"type": mtype, **copy.deepcopy(STARTING_VALUES[mtype])}
            if mtype != "power_factor_correction":  # the only type without an hourly shape
                m.setdefault("schedule", schedule)
        else:
            raise ValueError(f"measure type: expected one of {', '.join(MEASURE_TYPES)}, found {mtype!r}")
        m["name"] = name
        m.setdefault("capex_yuan", 0.0)
        return m

    def _edit(self, label: str, mutate, select: int) -> list:
        previous = self._current_row
        self._current_row = select
        problems = self.document.edit(label, mutate)
        if problems:
            self._current_row = previous
            set_error(self.table_problem, problem_text(problems))
        else:
            set_error(self.table_problem, "")
        self.select_row(self._current_row)
        return problems

    def add_measure(self, mtype: str) -> list:
        """Add a measure; its investment starts empty and required (the form asks for it)."""
        m = self.new_measure(mtype)
        row = self.model.rowCount()
        problems = self._edit(
            self.tr("Add {type} measure").format(type=measure_type_label(mtype)), lambda d: d["measures"].append(m), row
        )
        if not problems:
            self.document.capex_unset.add(m["name"])
            self._show_form(force=True)
        return problems

    def duplicate_measure(self, row: int | None = None) -> list:
        row = self._current_row if row is None else row
        src = self.model.measure(row)
        if src is None:
            return []
        copy_ = copy.deepcopy(src)
        copy_["name"] = unique_name(src.get("name", ""), self._names())
        return self._edit(
            self.tr("Duplicate measure '{name}'").format(name=src.get("name", "")),
            lambda d: d["measures"].insert(row + 1, copy_),
            row + 1,
        )

    def delete_measure(self, row: int | None = None) -> list:
        row = self._current_row if row is None else row
        src = self.model.measure(row)
        if src is None:
            return []
        n = self.model.rowCount()
        return self._edit(
            self.tr("Delete measure '{name}'").format(name=src.get("name", "")),
            lambda d: d["measures"].pop(row),
            min(row, n - 2),
        )

    def move_measure(self, delta: int, row: int | None = None) -> list:
        row = self._current_row if row is None else row
        src = self.model.measure(row)
        target = row + delta
        if src is None or not 0 <= target < self.model.rowCount():
            return []

        def mutate(d: dict) -> None:
            ms = d["measures"]
            ms.insert(target, ms.pop(row))

        label = (self.tr("Move measure '{name}' up") if delta < 0 else self.tr("Move measure '{name}' down")).format(
            name=src.get("name", "")
        )
        return self._edit(label, mutate, target)
