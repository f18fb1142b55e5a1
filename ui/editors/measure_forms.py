"""One form per measure type, shown under the measures table.

A form is bound to ``("measures", index)``; the editor moves it with
:meth:`MeasureFormBase.set_index`.  Fields common to every type (name,
capex, life, O&M change, operating schedule) come from the base class.
"""

from __future__ import annotations

from typing import Any, get_args

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.io.reference import MOTOR_CLASSES, motor_efficiency_pct
from planner.model.project import (
    SCHEDULES,
    AnnualEnergyMeasure,
    MotorMeasure,
    PowerFactorCorrectionMeasure,
    PvMeasure,
    SpecificEnergyMeasure,
    VfdMeasure,
)
from ui.editors.common import error_row, group, note_label, set_error, show_row
from ui.editors.import_dialog import ImportProfileDialog, stored_profile_path
from ui.models.duty import DutyProfileModel
from ui.widgets.binding import Binder, get_path, project_data, set_path
from ui.widgets.fields import format_number
from ui.widgets.formspec import Spec, add_fields
from ui.widgets.labels import motor_class_label, problem_text, schedule_label, unit
from ui.widgets.labels import t as term_text


class MeasureFormBase(QWidget):
    """Fields every measure has; subclasses add theirs with :meth:`add`."""

    model_cls: Any = None
    """The pydantic class of the measure type the form edits (its ``type`` is the form's :attr:`mtype`)."""
    title = ""
    """The title of the type's group, translated in the context of the class that sets it."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.index: int | None = None
        self.binder = Binder(document, self._describe, parent=self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        box, self.common_form = group(QCoreApplication.translate("MeasureForm", "Measure"))
        self.rows: list[tuple[Spec, QWidget]] = []
        """The (spec, field) of every row built from a :class:`ui.widgets.formspec.Spec`, common rows first."""
        self.add_fields(self.common_form, **self._common_specs())
        lay.addWidget(box)
        box, self.form = group(self._title())
        lay.addWidget(box)
        self.build()
        self.hours_warning = note_label()
        self.hours_warning.setObjectName("hoursWarning")
        self.hours_warning.setStyleSheet("color: #8a5a00;")
        self.hours_warning.hide()
        self.form.addRow("", self.hours_warning)
        self.form.setRowVisible(self.hours_warning, False)
        document.resultsReady.connect(self._on_results)  # a bound slot: disconnected when the form goes
        lay.addStretch(1)

    def _common_specs(self) -> dict[str, Spec]:
        """The rows every measure has: name, inclusion, capex, life, O&M change, operating schedule."""
        schedules = tuple((s, schedule_label(s)) for s in SCHEDULES)
        included = QCoreApplication.translate("MeasureForm", "Included in the results")
        om_help = QCoreApplication.translate(
            "MeasureForm", "Change in yearly O&M cost caused by the measure (positive = extra cost)."
        )
        hours_help = QCoreApplication.translate(
            "MeasureForm", "The hours in which the savings fall (TOU prices value them)."
        )
        return dict(
            name_field=Spec("name", QCoreApplication.translate("MeasureForm", "Name"), kind="text"),
            enabled_field=Spec(
                "enabled", "", name=QCoreApplication.translate("MeasureForm", "inclusion"), text=included
            ),
            capex_field=Spec(
                "capex_yuan",
                QCoreApplication.translate("MeasureForm", "Investment (capex)"),
                "yuan",
                edited=self._capex_entered,
            ),
            life_field=Spec("life_years", QCoreApplication.translate("MeasureForm", "Service life"), "a", "integer"),
            om_change_field=Spec(
                "om_change_yuan_per_year",
                QCoreApplication.translate("MeasureForm", "O&&M change"),
                "yuan/a",
                help=om_help,
                bounds=None,
            ),
            schedule_field=Spec(
                "schedule",
                QCoreApplication.translate("MeasureForm", "Operating schedule"),
                items=schedules,
                help=hours_help,
            ),
        )

    # -- subclass hooks ------------------------------------------------------------------
    mtype = ""
    """The measure type the form edits: the ``type`` of :attr:`model_cls` (set for every subclass)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.mtype = get_args(cls.model_cls.model_fields["type"].annotation)[0]

    def _title(self) -> str:
        owner = next(c for c in type(self).__mro__ if "title" in vars(c))
        return QCoreApplication.translate(owner.__name__, self.title) if self.title else ""

    def build(self) -> None:
        """Add the type's own rows to ``self.form``."""

    def after_refresh(self, measure: dict) -> None:
        """Update what is derived from the measure (visibility, pickers)."""

    # -- helpers ------------------------------------------------------------------------------
    def add_fields(self, form: QFormLayout | None = None, **specs: Spec) -> list:
        """The rows ``specs`` (attribute = :class:`ui.widgets.formspec.Spec`) on ``form`` (the type's group by
        default); their fields."""
        target = self.form if form is None else form
        return add_fields(target, self.binder, specs, self.model_cls, owner=self, record=self.rows)

    def measure(self) -> dict | None:
        if self.index is None:
            return None
        m = get_path(project_data(self.document), ("measures", self.index))
        return m if isinstance(m, dict) else None

    def measure_name(self) -> str:
        m = self.measure()
        return m.get("name", "") if m else ""

    def _describe(self, field: str) -> str:
        return QCoreApplication.translate("MeasureForm", "Change {field} of '{measure}'").format(
            field=field, measure=self.measure_name()
        )

    def set_index(self, index: int | None) -> None:
        self.index = index
        self.binder.prefix = ("measures", index) if index is not None else ()
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        m = self.measure()
        if m is None or m.get("type") != self.mtype:
            return
        self.binder.refresh(project_data(self.document), force=force)
        self.after_refresh(m)
        self.update_hours_warning()
        if m.get("name") in self.document.capex_unset and not self.capex_field.has_problem():
            self.capex_field.line_edit.setText("")  # a new measure: the investment starts empty and required
            self.capex_field.show_problem(term_text("message.investment_required"))

    def _capex_entered(self, _value) -> None:
        self.document.capex_unset.discard(self.measure_name())

    def schedule_hours(self, schedule: str) -> int | None:
        """Hours a year the schedule has, from the engine's calendar of the latest results (None before)."""
        result = self.document.results
        cal = getattr(result, "calendar", None)
        if cal is None:
            return None
        from planner.engine.calendar import schedule_mask

        return int(schedule_mask(schedule, cal).sum())

    def hours_warning_text(self) -> str:
        """A warning when operating_hours_per_year exceed the hours the measure's schedule has (issue 9 item 7)."""
        m = self.measure()
        if not m or "operating_hours_per_year" not in m:
            return ""
        schedule = m.get("schedule", "continuous")
        try:
            available = self.schedule_hours(schedule)
        except ValueError:
            return ""
        hours = m.get("operating_hours_per_year")
        if available is None or not isinstance(hours, (int, float)) or hours <= available:
            return ""
        return term_text(
            "warning.hours_beyond_schedule",
            hours=format_number(hours),
            available=format_number(available),
            schedule=schedule_label(schedule),
        )

    @Slot(object)
    def _on_results(self, _result) -> None:
        self.update_hours_warning()

    def update_hours_warning(self) -> None:
        text = self.hours_warning_text()
        self.hours_warning.setText(text)
        show_row(self.hours_warning, bool(text))

    def edit_measure(self, label: str, mutate_measure) -> list:
        """Edit this measure's dict in one undo step."""
        idx = self.index

        def mutate(d: dict) -> None:
            mutate_measure(d["measures"][idx])

        return self.document.edit(label, mutate)


# --------------------------------------------------------------------------- motor


class MotorForm(MeasureFormBase):
    model_cls = MotorMeasure
    title = QT_TRANSLATE_NOOP("MotorForm", "Motor replacement")

    def build(self) -> None:
        classes = tuple([("", self.tr("custom value"))] + [(c, motor_class_label(c)) for c in MOTOR_CLASSES])
        pick = self.tr("Fill the efficiency from GB 18613-2020 / IEC 60034-30-1 (4-pole, 50 Hz, at the rated power)")
        self.add_fields(
            power_field=Spec("rated_power_kw", self.tr("Rated power"), "kW", mutate=self._mutate_power),
            quantity_field=Spec("quantity", self.tr("Quantity"), "pcs", "integer"),
            load_factor_field=Spec("load_factor_pct", self.tr("Load factor"), "%"),
            hours_field=Spec("operating_hours_per_year", self.tr("Operating hours"), "h/a"),
            before_class=Spec(None, self.tr("Class before"), items=classes, help=pick),
            eff_before_field=Spec("efficiency_before_pct", self.tr("Efficiency before"), "%"),
            after_class=Spec(None, self.tr("Class after"), items=classes, help=pick),
            eff_after_field=Spec(
                "efficiency_after_pct", self.tr("Efficiency after"), "%", mutate=self._mutate_eff_after
            ),
        )
        self.before_class.edited.connect(lambda c: self.pick_class("before", c))
        self.after_class.edited.connect(lambda c: self.pick_class("after", c))
        self.class_note = note_label()
        self.form.addRow("", self.class_note)

    @staticmethod
    def class_of(kw: float, eff: float | None) -> str:
        """The motor class whose tabulated efficiency at ``kw`` is ``eff`` ("" if none)."""
        if eff is None or not kw or kw <= 0:
            return ""
        for c in MOTOR_CLASSES:
            if abs(motor_efficiency_pct(kw, c) - eff) < 0.05:
                return c
        return ""

    def _mutate_power(self, d: dict, path: tuple, kw: Any) -> None:
        # efficiencies that came from a class follow the new rating
        m = d["measures"][path[1]]
        old_kw = m.get("rated_power_kw")
        m["rated_power_kw"] = kw
        if not isinstance(kw, (int, float)) or kw <= 0:
            return
        before_cls = self.class_of(old_kw, m.get("efficiency_before_pct"))
        if before_cls:
            m["efficiency_before_pct"] = motor_efficiency_pct(kw, before_cls)
        after_cls = m.get("grade_after") or self.class_of(old_kw, m.get("efficiency_after_pct"))
        if after_cls in MOTOR_CLASSES:
            m["efficiency_after_pct"] = motor_efficiency_pct(kw, after_cls)

    def _mutate_eff_after(self, d: dict, path: tuple, value: Any) -> None:
        m = d["measures"][path[1]]
        m["efficiency_after_pct"] = value
        grade = m.get("grade_after")
        if grade in MOTOR_CLASSES and abs(motor_efficiency_pct(m["rated_power_kw"], grade) - float(value)) >= 0.05:
            m.pop("grade_after", None)  # typed over the class value: no longer that class

    def pick_class(self, which: str, motor_class: str) -> list:
        """Fill efficiency before/after from a GB 18613 grade / IE class (one undo step)."""
        m = self.measure()
        if m is None or not motor_class:
            self.refresh()
            return []
        kw = float(m["rated_power_kw"])
        eff = motor_efficiency_pct(kw, motor_class)
        key = "efficiency_before_pct" if which == "before" else "efficiency_after_pct"

        def mutate(mm: dict) -> None:
            mm[key] = eff
            if which == "after":
                mm["grade_after"] = motor_class

        label = (
            self.tr("Set efficiency before of '{name}' to {cls}")
            if which == "before"
            else self.tr("Set efficiency after of '{name}' to {cls}")
        ).format(name=m.get("name", ""), cls=motor_class_label(motor_class))
        problems = self.edit_measure(label, mutate)
        field = self.eff_before_field if which == "before" else self.eff_after_field
        picker = self.before_class if which == "before" else self.after_class
        if problems:
            picker.show_problem(problem_text(problems))
        else:
            picker.clear_problem()
            field.clear_problem()
        self.refresh()
        return problems

    def after_refresh(self, m: dict) -> None:
        kw = m.get("rated_power_kw")
        if not self.before_class.has_problem():
            self.before_class.set_model_value(self.class_of(kw, m.get("efficiency_before_pct")), force=True)
        if not self.after_class.has_problem():
            grade = m.get("grade_after")
            if grade not in MOTOR_CLASSES:
                grade = self.class_of(kw, m.get("efficiency_after_pct"))
            self.after_class.set_model_value(grade, force=True)
        try:
            values = ", ".join(
                f"{motor_class_label(c)}: {format_number(motor_efficiency_pct(kw, c))} %" for c in MOTOR_CLASSES
            )
            self.class_note.setText(
                self.tr("At {kw} kW: {values} (4-pole, 50 Hz; IEC 60034-30-1, GB 18613-2020)").format(
                    kw=format_number(kw), values=values
                )
            )
        except (TypeError, ValueError):
            self.class_note.setText("")


# --------------------------------------------------------------------------- VFD


class VfdForm(MeasureFormBase):
    model_cls = VfdMeasure
    title = QT_TRANSLATE_NOOP("VfdForm", "Variable-speed drive")

    def build(self) -> None:
        affinity = self.tr("n in P ~ Q^n: 3 for pure friction (affinity laws), lower with static head.")
        controls = (
            ("throttle", self.tr("Throttle valve or damper")),
            ("constant", self.tr("Constant speed, full power (bypass)")),
        )
        self.add_fields(
            power_field=Spec("rated_power_kw", self.tr("Rated power"), "kW"),
            quantity_field=Spec("quantity", self.tr("Quantity"), "pcs", "integer"),
            load_factor_field=Spec("load_factor_pct", self.tr("Load at 100 % flow"), "%"),
            hours_field=Spec("operating_hours_per_year", self.tr("Operating hours"), "h/a"),
            motor_eff_field=Spec("motor_efficiency_pct", self.tr("Motor efficiency"), "%"),
            drive_eff_field=Spec("drive_efficiency_pct", self.tr("Drive efficiency"), "%"),
            affinity_field=Spec(
                "affinity_exponent",
                self.tr("Affinity exponent"),
                name=self.tr("affinity exponent"),
                help=affinity,
                bounds="",
            ),
            control_field=Spec(
                "baseline_control", self.tr("Flow control before"), items=controls, name=self.tr("flow control before")
            ),
        )

        self.duty_model = DutyProfileModel(self.document, self)
        box = QWidget()
        blay = QVBoxLayout(box)
        blay.setContentsMargins(0, 0, 0, 0)
        self.duty_view = QTableView()
        self.duty_view.setModel(self.duty_model)
        self.duty_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.duty_view.setMinimumHeight(120)
        self.duty_view.setMaximumHeight(200)
        blay.addWidget(self.duty_view)
        row = QHBoxLayout()
        self.add_point_button = QPushButton(self.tr("Add point"))
        self.add_point_button.clicked.connect(self.duty_model.add_row)
        self.remove_point_button = QPushButton(self.tr("Remove point"))
        self.remove_point_button.clicked.connect(self._remove_point)
        row.addWidget(self.add_point_button)
        row.addWidget(self.remove_point_button)
        row.addStretch(1)
        self.duty_total = QLabel()
        row.addWidget(self.duty_total)
        blay.addLayout(row)
        self.duty_problem = note_label(error=True)
        blay.addWidget(self.duty_problem)
        self.duty_model.problemsChanged.connect(self._duty_problem)
        self.duty_model.dataChanged.connect(self._update_total)
        self.duty_model.modelReset.connect(self._update_total)
        self.duty_model.rowsInserted.connect(self._update_total)
        self.duty_model.rowsRemoved.connect(self._update_total)
        self.form.addRow(self.tr("Duty profile"), box)

    def _remove_point(self) -> None:
        idx = self.duty_view.currentIndex()
        row = idx.row() if idx.isValid() else self.duty_model.rowCount() - 1
        self.duty_model.remove_row(row)

    def _duty_problem(self, text: str) -> None:
        set_error(self.duty_problem, text)

    def _update_total(self, *_args) -> None:
        self.duty_total.setText(
            self.tr("Total time: {total} %").format(total=format_number(round(self.duty_model.total_time_pct(), 3)))
        )

    def set_index(self, index: int | None) -> None:
        super().set_index(index)
        self.duty_model.set_measure(index)
        self._update_total()


# --------------------------------------------------------------------------- specific energy


class SpecificEnergyForm(MeasureFormBase):
    model_cls = SpecificEnergyMeasure
    title = QT_TRANSLATE_NOOP("SpecificEnergyForm", "Process upgrade, per unit of output")

    def build(self) -> None:
        optional = self.tr("optional, for display")
        self.add_fields(
            unit_field=Spec("unit_name", self.tr("Unit of output"), kind="text", name=self.tr("unit of output")),
            before_field=Spec(
                "energy_per_unit_before_kwh",
                self.tr("Energy per unit before"),
                "kWh",
                name=self.tr("energy per unit before"),
            ),
            after_field=Spec(
                "energy_per_unit_after_kwh",
                self.tr("Energy per unit after"),
                "kWh",
                name=self.tr("energy per unit after"),
            ),
            output_field=Spec(
                "output_units_per_year", self.tr("Output per year (after)"), "units/a", name=self.tr("output per year")
            ),
            output_before_field=Spec(
                "output_units_per_year_before",
                self.tr("Output per year before"),
                "units/a",
                optional=True,
                placeholder=optional,
                name=self.tr("output before"),
            ),
        )
        note = note_label(
            self.tr(
                "Saved kWh = (kWh per unit before − after) × output after (production-normalised, IPMVP / GB/T 13234)."
            )
        )
        self.form.addRow("", note)

    def after_refresh(self, m: dict) -> None:
        u = m.get("unit_name") or self.tr("unit")
        for f in (self.before_field, self.after_field):
            f.set_unit(f"{unit('kWh')}/{u}")
        for f in (self.output_field, self.output_before_field):
            f.set_unit(self.tr("{unit}/year").format(unit=u))


# --------------------------------------------------------------------------- annual energy


class AnnualEnergyForm(MeasureFormBase):
    model_cls = AnnualEnergyMeasure
    title = QT_TRANSLATE_NOOP("AnnualEnergyForm", "Annual energy before and after")

    def build(self) -> None:
        self.add_fields(
            before_field=Spec(
                "energy_before_kwh_per_year", self.tr("Energy before"), "kWh/a", name=self.tr("energy before")
            ),
            after_field=Spec(
                "energy_after_kwh_per_year", self.tr("Energy after"), "kWh/a", name=self.tr("energy after")
            ),
        )


# --------------------------------------------------------------------------- PV


class PvForm(MeasureFormBase):
    model_cls = PvMeasure
    title = QT_TRANSLATE_NOOP("PvForm", "Rooftop PV")

    def build(self) -> None:
        self.common_form.setRowVisible(self.om_change_field, False)  # PV has its own O&M cost
        self.common_form.setRowVisible(self.schedule_field, False)  # PV output follows the sun
        self._last_discount = 10.0
        self._last_price: float | None = None
        azimuth = self.tr("180° = facing south, 90° = east, 270° = west.")
        exports = (
            ("allowed", self.tr("Allowed (surplus sold at the export price)")),
            ("none", self.tr("None (anti-backflow, surplus curtailed)")),
            ("capped", self.tr("Capped (export up to a limit, the rest curtailed)")),
        )
        owners = (
            ("owned", self.tr("Owned by the factory")),
            ("emc", self.tr("EMC: an investor owns it and sells the power")),
        )
        terms = (("discount", self.tr("Discount on the grid price")), ("price", self.tr("Fixed price per kWh")))
        floor = self.tr("provincial floor, optional")
        self.add_fields(
            capacity_field=Spec("capacity_kwp", self.tr("Capacity"), "kWp"),
            yield_field=Spec("specific_yield_kwh_per_kwp", self.tr("Specific yield"), "kWh/kWp"),
            degradation_field=Spec("annual_degradation_pct", self.tr("Degradation"), "%/a"),
            tilt_field=Spec("tilt_deg", self.tr("Tilt"), "deg"),
            azimuth_field=Spec("azimuth_deg", self.tr("Azimuth"), "deg", help=azimuth, bounds="°"),
            om_field=Spec("om_yuan_per_year", self.tr("O&&M cost"), "yuan/a"),
            losses_field=Spec("losses_pct", self.tr("System losses"), "%", name=self.tr("system losses")),
            dc_ac_field=Spec("dc_ac_ratio", self.tr("DC/AC ratio"), "-"),
            inverter_field=Spec(
                "inverter_efficiency_pct", self.tr("Inverter efficiency"), "%", name=self.tr("inverter efficiency")
            ),
            export_field=Spec(
                "export",
                self.tr("Export to the grid"),
                items=exports,
                name=self.tr("export"),
                mutate=self._mutate_export,
            ),
            # issue 10: export limit and the provincial minimum self-use ratio (NEA 2025 No. 7)
            export_limit_field=Spec(
                "export_limit_kw", self.tr("Export limit"), "kW", optional=True, name=self.tr("export limit")
            ),
            self_use_min_field=Spec(
                "self_use_min_pct",
                self.tr("Minimum self-use ratio"),
                "%",
                optional=True,
                placeholder=floor,
                name=self.tr("minimum self-use ratio"),
            ),
            ownership_field=Spec(
                "ownership",
                self.tr("Ownership"),
                items=owners,
                name=self.tr("ownership"),
                mutate=self._mutate_ownership,
            ),
            emc_terms_field=Spec(
                "emc_terms", self.tr("EMC terms"), items=terms, mutate=self._mutate_terms, read=self._read_terms
            ),
            discount_field=Spec("emc_discount_pct", self.tr("EMC discount"), "%", optional=True),
            emc_price_field=Spec("emc_price_yuan_per_kwh", self.tr("EMC price"), "yuan/kWh", optional=True),
        )

        # files
        self.profile_edit, row = self._file_row(
            self.tr("Import…"), self.import_generation_profile, lambda: self.clear_file("generation_profile_file")
        )
        self.form.addRow(self.tr("Generation profile"), row)
        self.weather_edit, row = self._file_row(
            self.tr("Browse…"), self.browse_weather_file, lambda: self.clear_file("weather_file")
        )
        self.form.addRow(self.tr("Weather file"), row)
        self.file_problem = error_row(self.form)

    def _file_row(self, button_text: str, pick, clear) -> tuple[QLineEdit, QWidget]:
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit()
        edit.setReadOnly(True)
        edit.setPlaceholderText(self.tr("none"))
        lay.addWidget(edit, 1)
        b = QPushButton(button_text)
        b.clicked.connect(pick)
        lay.addWidget(b)
        c = QPushButton(self.tr("Clear"))
        c.clicked.connect(clear)
        lay.addWidget(c)
        return edit, row

    # EMC terms: which of emc_discount_pct / emc_price_yuan_per_kwh is set
    def _read_terms(self, d: dict, path: tuple) -> str:
        m = get_path(d, path[:-1]) or {}
        return "price" if m.get("emc_price_yuan_per_kwh") is not None else "discount"

    def _mutate_terms(self, d: dict, path: tuple, terms: str) -> None:
        m = d["measures"][path[1]]
        if terms == "price":
            if m.get("emc_discount_pct") is not None:
                self._last_discount = m["emc_discount_pct"]
            m.pop("emc_discount_pct", None)
            if m.get("emc_price_yuan_per_kwh") is None:
                m["emc_price_yuan_per_kwh"] = (
                    self._last_price if self._last_price is not None else self._default_price(d)
                )
        else:
            if m.get("emc_price_yuan_per_kwh") is not None:
                self._last_price = m["emc_price_yuan_per_kwh"]
            m.pop("emc_price_yuan_per_kwh", None)
            if m.get("emc_discount_pct") is None:
                m["emc_discount_pct"] = self._last_discount

    @staticmethod
    def _default_price(d: dict) -> float:
        prices = d["tariff"].get("prices_yuan_per_kwh", {})
        base = prices.get("flat") or (sum(prices.values()) / len(prices) if prices else 0.5)
        return round(0.85 * base, 4)

    def _mutate_ownership(self, d: dict, path: tuple, value: str) -> None:
        m = d["measures"][path[1]]
        m["ownership"] = value
        if value == "emc" and m.get("emc_discount_pct") is None and m.get("emc_price_yuan_per_kwh") is None:
            m["emc_discount_pct"] = self._last_discount

    def _mutate_export(self, d: dict, path: tuple, value: str) -> None:
        m = d["measures"][path[1]]
        m["export"] = value
        if value == "capped" and m.get("export_limit_kw") is None:
            m["export_limit_kw"] = round(0.3 * float(m.get("capacity_kwp") or 0.0), 1)  # a start, edit it

    def after_refresh(self, m: dict) -> None:
        show_row(self.export_limit_field, m.get("export") == "capped")
        show_row(self.self_use_min_field, m.get("export") != "none")
        emc = m.get("ownership") == "emc"
        price = m.get("emc_price_yuan_per_kwh") is not None
        show_row(self.emc_terms_field, emc)
        show_row(self.discount_field, emc and not price)
        show_row(self.emc_price_field, emc and price)
        self.profile_edit.setText(m.get("generation_profile_file", ""))
        self.weather_edit.setText(m.get("weather_file", ""))

    # files
    def make_import_dialog(self) -> ImportProfileDialog:
        p = self.document.project
        return ImportProfileDialog(
            self.document.base_dir, year=p.load.calendar_year, utc_offset_h=p.site.utc_offset_h, kind="pv", parent=self
        )

    def import_generation_profile(self) -> None:
        dlg = self.make_import_dialog()
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.apply_file("generation_profile_file", dlg.stored_path())

    def browse_weather_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Weather file"),
            str(self.document.base_dir),
            self.tr("Weather data (*.epw *.csv);;All files (*)"),
        )
        if name:
            self.apply_file("weather_file", stored_profile_path(name, self.document.base_dir))

    def apply_file(self, key: str, path: str) -> list:
        label = self.tr("Set {what} of '{name}'").format(
            what=self.tr("generation profile") if key == "generation_profile_file" else self.tr("weather file"),
            name=self.measure_name(),
        )
        problems = self.edit_measure(label, lambda m: set_path(m, (key,), path or None))
        set_error(self.file_problem, problem_text(problems))
        return problems

    def clear_file(self, key: str) -> list:
        m = self.measure()
        if not m or not m.get(key):
            return []
        label = self.tr("Remove {what} of '{name}'").format(
            what=self.tr("generation profile") if key == "generation_profile_file" else self.tr("weather file"),
            name=self.measure_name(),
        )

        def mutate(mm: dict) -> None:
            mm.pop(key, None)
            if (
                not mm.get("generation_profile_file")
                and not mm.get("weather_file")
                and mm.get("specific_yield_kwh_per_kwp") is None
            ):
                mm["specific_yield_kwh_per_kwp"] = 1100.0  # a yield is needed without a file

        problems = self.edit_measure(label, mutate)
        set_error(self.file_problem, problem_text(problems))
        return problems


# --------------------------------------------------------------------------- power-factor correction (issue 10)


class PowerFactorCorrectionForm(MeasureFormBase):
    model_cls = PowerFactorCorrectionMeasure
    title = QT_TRANSLATE_NOOP("PowerFactorCorrectionForm", "Power-factor correction (capacitor bank / SVG)")

    def build(self) -> None:
        self.common_form.setRowVisible(self.schedule_field, False)  # it saves no kWh
        self.add_fields(
            target_field=Spec("target_pf", self.tr("Target power factor"), "cos φ", name=self.tr("target PF"))
        )
        self.form.addRow(
            "",
            note_label(
                self.tr(
                    "Each month's reactive energy is lowered to at most kWh × tan(acos(target PF)) on that month's "
                    "grid imports; the savings are the lower power-factor adjustment (力调电费). Capacitor banks / SVG "
                    "typically cost 60-150 yuan/kvar. Needs a power-factor standard on the Bill tab."
                )
            ),
        )


FORM_CLASSES: dict[str, type[MeasureFormBase]] = {
    "motor": MotorForm,
    "vfd": VfdForm,
    "specific_energy": SpecificEnergyForm,
    "annual_energy": AnnualEnergyForm,
    "pv": PvForm,
    "power_factor_correction": PowerFactorCorrectionForm,
}
