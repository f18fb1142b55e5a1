"""Project, site and load editors."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from planner.model.project import SHIFT_PATTERNS, Load, Site
from ui.editors.common import EditorPage, error_row, group, show_row
from ui.editors.import_dialog import ImportProfileDialog
from ui.widgets.binding import get_path, project_data
from ui.widgets.fields import ChoiceField, DateListField, NumberField, TextField, range_help
from ui.widgets.labels import shift_label, unit, working_days_label


class ProjectEditor(EditorPage):
    """Project name and description, site name and location."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(document, parent)
        lay = self.lay

        box, form = group(self.tr("Project"))
        self.name_field = TextField()
        form.addRow(self.tr("Project name"), self.binder.bind(self.name_field, "name", self.tr("project name")))
        self.description_field = TextField()
        form.addRow(
            self.tr("Description"), self.binder.bind(self.description_field, "description", self.tr("description"))
        )
        lay.addWidget(box)

        box, form = group(self.tr("Site"))
        self.site_name_field = TextField()
        form.addRow(
            self.tr("Site name"), self.binder.bind(self.site_name_field, ("site", "name"), self.tr("site name"))
        )
        self.latitude_field = NumberField(unit("deg"))
        self.latitude_field.set_help(self.tr("North positive.") + " " + range_help(Site, "latitude_deg", "°"))
        form.addRow(
            self.tr("Latitude"), self.binder.bind(self.latitude_field, ("site", "latitude_deg"), self.tr("latitude"))
        )
        self.longitude_field = NumberField(unit("deg"))
        self.longitude_field.set_help(self.tr("East positive.") + " " + range_help(Site, "longitude_deg", "°"))
        form.addRow(
            self.tr("Longitude"),
            self.binder.bind(self.longitude_field, ("site", "longitude_deg"), self.tr("longitude")),
        )
        self.utc_field = NumberField(self.tr("h"))
        self.utc_field.set_help(
            self.tr("Local standard time; China is UTC+8.") + " " + range_help(Site, "utc_offset_h")
        )
        form.addRow(
            self.tr("Time zone (UTC +)"),
            self.binder.bind(self.utc_field, ("site", "utc_offset_h"), self.tr("time zone")),
        )
        lay.addWidget(box)

        self.follow_project()


class LoadEditor(EditorPage):
    """The baseline load: annual kWh on a shift pattern, or imported meter data."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(document, parent)
        self._last_annual_kwh: float = 1_000_000.0
        lay = self.lay
        box, form = group(self.tr("Load"))

        mode = QWidget()
        mlay = QVBoxLayout(mode)
        mlay.setContentsMargins(0, 0, 0, 0)
        self.shift_radio = QRadioButton(self.tr("Annual consumption on a shift pattern"))
        self.profile_radio = QRadioButton(self.tr("Interval meter data (CSV / XLSX)"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.shift_radio)
        self.mode_group.addButton(self.profile_radio)
        self.shift_radio.clicked.connect(self.use_shift_pattern)
        self.profile_radio.clicked.connect(self._profile_clicked)
        mlay.addWidget(self.shift_radio)
        mlay.addWidget(self.profile_radio)
        form.addRow(self.tr("Baseline from"), mode)

        self.annual_field = NumberField(unit("kWh/a"))
        self.annual_field.set_help(range_help(Load, "annual_kwh", unit("kWh/a")))
        self.annual_label = QLabel(self.tr("Annual consumption"))
        form.addRow(
            self.annual_label,
            self.binder.bind(self.annual_field, ("load", "annual_kwh"), self.tr("annual consumption")),
        )
        self.shift_field = ChoiceField([(p, shift_label(p)) for p in SHIFT_PATTERNS])
        self.shift_label = QLabel(self.tr("Shift pattern"))
        form.addRow(
            self.shift_label, self.binder.bind(self.shift_field, ("load", "shift_pattern"), self.tr("shift pattern"))
        )
        self.base_load_field = NumberField(unit("%"))
        self.base_load_field.set_help(
            self.tr("Load outside the shift hours, in % of the load during shifts.")
            + " "
            + range_help(Load, "base_load_pct", "%")
        )
        self.base_load_label = QLabel(self.tr("Base load outside shifts"))
        form.addRow(
            self.base_load_label,
            self.binder.bind(self.base_load_field, ("load", "base_load_pct"), self.tr("base load")),
        )

        prow = QWidget()
        play = QHBoxLayout(prow)
        play.setContentsMargins(0, 0, 0, 0)
        self.profile_path = QLineEdit()
        self.profile_path.setReadOnly(True)
        self.profile_path.setPlaceholderText(self.tr("no file imported"))
        play.addWidget(self.profile_path, 1)
        self.import_button = QPushButton(self.tr("Import meter data…"))
        self.import_button.clicked.connect(self.open_import_dialog)
        play.addWidget(self.import_button)
        self.profile_label = QLabel(self.tr("Meter data file"))
        form.addRow(self.profile_label, prow)
        self.import_problem = error_row(form)

        self.working_days_field = ChoiceField([(v, working_days_label(v)) for v in ("mon_fri", "mon_sat", "all")])
        form.addRow(
            self.tr("Working days"),
            self.binder.bind(self.working_days_field, ("load", "working_days"), self.tr("working days")),
        )
        self.holidays_field = DateListField(placeholder="2025-01-01, 2025-10-01")
        self.holidays_field.set_help(self.tr("Extra rest days (public holidays), YYYY-MM-DD, separated by commas."))
        form.addRow(
            self.tr("Holidays"), self.binder.bind(self.holidays_field, ("load", "holidays"), self.tr("holidays"))
        )
        self.year_field = NumberField(integer=True)
        self.year_field.set_help(range_help(Load, "calendar_year"))
        form.addRow(
            self.tr("Calendar year"),
            self.binder.bind(self.year_field, ("load", "calendar_year"), self.tr("calendar year")),
        )
        lay.addWidget(box)
        self.follow_project()

    # -- model -> widget -----------------------------------------------------------------
    def uses_profile(self) -> bool:
        return bool(get_path(project_data(self.document), ("load", "profile_file")))

    def refresh(self) -> None:
        data = project_data(self.document)
        self.binder.refresh(data)
        profile = get_path(data, ("load", "profile_file"))
        annual = get_path(data, ("load", "annual_kwh"))
        if annual:
            self._last_annual_kwh = float(annual)
        self.shift_radio.setChecked(not profile)
        self.profile_radio.setChecked(bool(profile))
        for w in (self.annual_field, self.shift_field, self.base_load_field):
            show_row(w, not profile)
        self.profile_path.setText(profile or "")
        self.profile_path.setToolTip(str(self.document.base_dir / profile) if profile else "")

    # -- widget -> model -----------------------------------------------------------------
    def use_shift_pattern(self) -> list:
        if not self.uses_profile():
            return []
        annual = self._last_annual_kwh

        def mutate(d: dict) -> None:
            d["load"].pop("profile_file", None)
            d["load"]["annual_kwh"] = annual

        problems = self.edit_step(self.tr("Use annual consumption and shift pattern"), mutate, self.import_problem)
        self.refresh()
        return problems

    def _profile_clicked(self) -> None:
        if not self.open_import_dialog():
            self.refresh()  # cancelled: back to what the project says

    def make_import_dialog(self) -> ImportProfileDialog:
        load = self.document.project.load
        return ImportProfileDialog(
            self.document.base_dir,
            year=load.calendar_year,
            utc_offset_h=self.document.project.site.utc_offset_h,
            kind="load",
            parent=self,
        )

    def open_import_dialog(self) -> bool:
        dlg = self.make_import_dialog()
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        return not self.apply_import(dlg)

    def apply_import(self, dlg: ImportProfileDialog) -> list:
        """Put the dialog's accepted file into the project (one undo step)."""
        path = dlg.stored_path()
        if not path:
            return []
        if dlg.profile is not None:
            self._last_annual_kwh = float(round(float(dlg.profile.kw.sum())))

        def mutate(d: dict) -> None:
            d["load"].pop("annual_kwh", None)
            d["load"]["profile_file"] = path

        problems = self.edit_step(self.tr("Import meter data '{file}'").format(file=path), mutate, self.import_problem)
        self.refresh()
        return problems
