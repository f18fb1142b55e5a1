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
from ui.widgets.formspec import Spec
from ui.widgets.labels import shift_label, working_days_label


class ProjectEditor(EditorPage):
    """Project name and description, site name and location."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(document, parent)
        self.section(
            self.tr("Project"),
            name_field=Spec("name", self.tr("Project name"), kind="text"),
            description_field=Spec("description", self.tr("Description"), kind="text"),
        )
        north = self.tr("North positive.")
        east = self.tr("East positive.")
        utc = self.tr("Local standard time; China is UTC+8.")
        self.section(
            self.tr("Site"),
            site_name_field=Spec("name", self.tr("Site name"), kind="text"),
            latitude_field=Spec("latitude_deg", self.tr("Latitude"), "deg", help=north, bounds="°"),
            longitude_field=Spec("longitude_deg", self.tr("Longitude"), "deg", help=east, bounds="°"),
            utc_field=Spec("utc_offset_h", self.tr("Time zone (UTC +)"), self.tr("h"), help=utc, bounds=""),
            under="site",
            model=Site,
        )

        self.follow_project()


class LoadEditor(EditorPage):
    """The baseline load: annual kWh on a shift pattern, or imported meter data."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(document, parent)
        self._last_annual_kwh: float = 1_000_000.0
        lay = self.lay
        box, form = group(self.tr("Load"))
        shifts = tuple((p, shift_label(p)) for p in SHIFT_PATTERNS)

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

        base_load = self.tr("Load outside the shift hours, in % of the load during shifts.")
        self.add_fields(
            form,
            annual_field=Spec("annual_kwh", self.tr("Annual consumption"), "kWh/a"),
            shift_field=Spec("shift_pattern", self.tr("Shift pattern"), items=shifts),
            base_load_field=Spec("base_load_pct", self.tr("Base load outside shifts"), "%", help=base_load, bounds="%"),
            under="load",
            model=Load,
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

        days = tuple((v, working_days_label(v)) for v in ("mon_fri", "mon_sat", "all"))
        holidays = self.tr("Extra rest days (public holidays), YYYY-MM-DD, separated by commas.")
        self.add_fields(
            form,
            working_days_field=Spec("working_days", self.tr("Working days"), items=days),
            holidays_field=Spec(
                "holidays", self.tr("Holidays"), kind="dates", placeholder="2025-01-01, 2025-10-01", help=holidays
            ),
            year_field=Spec("calendar_year", self.tr("Calendar year"), kind="integer"),
            under="load",
            model=Load,
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
