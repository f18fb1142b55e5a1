"""Tariff editor: template, period prices, export price, basic charge,
escalation, and the 12 x 24 period schedules painted on coloured grids."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from planner.io.reference import merge_tariff_template_dict, tariff_templates
from planner.model.project import PERIODS, BasicCharge, Tariff
from ui.editors.common import EditorPage, error_row, group, note_label, set_error, show_row, toggle_section
from ui.widgets.binding import get_path, project_data
from ui.widgets.fields import ChoiceField, NumberField
from ui.widgets.formspec import Spec
from ui.widgets.labels import period_label, pick_label, problem_text, reference_text
from ui.widgets.labels import t as term_text
from ui.widgets.tou_grid import PeriodPalette, TouGrid


class TariffEditor(EditorPage):
    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(document, parent)
        self._last_basic_charge: dict = {
            "basis": "demand",
            "yuan_per_kw_month": 0.0,
            "transformer_kva": 0.0,
            "yuan_per_kva_month": 0.0,
        }
        lay = self.lay

        # -- template ---------------------------------------------------------------------
        box, form = group(self.tr("Template"))
        row = QWidget()
        rlay = QHBoxLayout(row)
        rlay.setContentsMargins(0, 0, 0, 0)
        self.templates = tariff_templates()
        self.template_field = ChoiceField([(t["id"], self._template_title(t)) for t in self.templates])
        self.template_field.combo.currentIndexChanged.connect(self._show_template_info)
        rlay.addWidget(self.template_field, 1)
        self.load_template_button = QPushButton(self.tr("Load template"))
        self.load_template_button.setToolTip(self.tr("Replace prices and schedules by the template's (one undo step)"))
        self.load_template_button.clicked.connect(lambda: self.load_template(self.template_field.current_value()))
        rlay.addWidget(self.load_template_button)
        form.addRow(self.tr("Provincial template"), row)
        self.template_info = note_label()
        form.addRow("", self.template_info)
        self.template_problem = error_row(form)
        lay.addWidget(box)

        # -- prices ------------------------------------------------------------------------
        unused, missing = self.tr("not used"), self.tr("Leave empty for a period the tariff does not have.")
        prices = {
            f"{p}_price_field": Spec(
                f"prices_yuan_per_kwh.{p}",
                period_label(p),
                "yuan/kWh",
                optional=True,
                placeholder=unused,
                help=missing,
                bounds=None,
                name=lambda p=p: self.tr("{period} price").format(period=period_label(p)),
            )
            for p in PERIODS
        }
        surplus = self.tr("Paid for PV surplus fed into the grid.")
        self.section(
            self.tr("Energy prices"),
            **prices,
            export_field=Spec(
                "export_price_yuan_per_kwh", self.tr("Export price"), "yuan/kWh", help=surplus, bounds=None
            ),
            escalation_field=Spec("escalation_pct_per_year", self.tr("Price escalation"), "%/a", bounds="%"),
            notes_field=Spec("notes", self.tr("Notes"), kind="text", name=self.tr("tariff notes")),
            under="tariff",
            model=Tariff,
        )
        self.price_fields: dict[str, NumberField] = {p: getattr(self, f"{p}_price_field") for p in PERIODS}

        # -- basic charge --------------------------------------------------------------------
        bases = (
            ("demand", self.tr("Per kW of the month's maximum demand")),
            ("capacity", self.tr("Per kVA of transformer capacity")),
            ("contract_demand", self.tr("Per kW of contracted demand (see the Bill tab)")),
        )
        on = self.tr("The factory pays a basic charge")
        self.basic_rows = self.section(
            self.tr("Basic charge (two-part tariff)"),
            basic_check=Spec(None, "", text=on, edited=self.set_basic_charge_enabled),
            basis_field=Spec("basis", self.tr("Basis"), items=bases, name=self.tr("basic charge basis")),
            demand_price_field=Spec(
                "yuan_per_kw_month",
                self.tr("Demand charge"),
                "yuan/kW-month",
                bounds=None,
                name=self.tr("demand charge"),
            ),
            kva_field=Spec(
                "transformer_kva",
                self.tr("Transformer capacity"),
                "kVA",
                bounds="kVA",
                name=self.tr("transformer capacity"),
            ),
            kva_price_field=Spec(
                "yuan_per_kva_month",
                self.tr("Capacity charge"),
                "yuan/kVA-month",
                bounds=None,
                name=self.tr("capacity charge"),
            ),
            under="tariff.basic_charge",
            model=BasicCharge,
        )[1:]

        # -- schedules ------------------------------------------------------------------------
        sbox = QGroupBox(self.tr("Period schedule"))
        slay = QVBoxLayout(sbox)
        help_label = QLabel(
            self.tr(
                "Pick a period, then press and drag over the hours to paint them. Click a month name to paint "
                "the whole month, an hour number to paint that hour in every month. Right click picks a period."
            )
        )
        help_label.setWordWrap(True)
        slay.addWidget(help_label)
        self.palette_widget = PeriodPalette()
        self.palette_widget.periodSelected.connect(self._set_period)
        slay.addWidget(self.palette_widget)
        slay.addWidget(QLabel("<b>" + self.tr("Working days") + "</b>"))
        self.weekday_grid = TouGrid()
        self.weekday_grid.strokeFinished.connect(lambda cells, p: self.paint("weekday_schedule", cells, p))
        self.weekday_grid.periodPicked.connect(self.palette_widget.set_period)
        slay.addWidget(self.weekday_grid)
        slay.addWidget(QLabel("<b>" + self.tr("Rest days (weekends and holidays)") + "</b>"))
        rest_row = QHBoxLayout()
        self.same_schedule_check = QCheckBox(self.tr("Same as working days"))
        self.same_schedule_check.clicked.connect(self.set_rest_days_follow)
        rest_row.addWidget(self.same_schedule_check)
        self.copy_button = QPushButton(self.tr("Copy working days"))
        self.copy_button.clicked.connect(self.copy_weekday_to_rest_days)
        rest_row.addWidget(self.copy_button)
        rest_row.addStretch(1)
        slay.addLayout(rest_row)
        self.weekend_grid = TouGrid()
        self.weekend_grid.strokeFinished.connect(lambda cells, p: self.paint("weekend_schedule", cells, p))
        self.weekend_grid.periodPicked.connect(self.palette_widget.set_period)
        slay.addWidget(self.weekend_grid)
        self.schedule_problem = note_label(error=True)
        slay.addWidget(self.schedule_problem)
        lay.addWidget(sbox)

        self._set_period(self.palette_widget.period())
        self.follow_project()
        self._select_current_template()

    # -- helpers -----------------------------------------------------------------------------
    def _template_title(self, t: dict) -> str:
        title = pick_label(t)
        if t.get("illustrative") and "illustrative" not in title.lower() and "示意" not in title:
            title += " — " + self.tr("illustrative")
        return title

    def _template(self, template_id: str | None) -> dict | None:
        for t in self.templates:
            if t["id"] == template_id:
                return t
        return None

    def _show_template_info(self, *_args) -> None:
        t = self._template(self.template_field.current_value())
        if t is None:
            self.template_info.setText("")
            return
        text = self.tr("Source: {source}\nDate: {date}").format(
            source=reference_text(t.get("source", "")), date=t.get("date", "")
        )
        if t.get("illustrative"):
            text += "\n" + self.tr("Illustrative figures: check them against the factory's electricity bill.")
        current = get_path(project_data(self.document), ("tariff", "template"))
        if current == t["id"]:
            text += "\n" + self.tr("The project's tariff was loaded from this template.")
        self.template_info.setText(text)

    def _select_current_template(self) -> None:
        current = get_path(project_data(self.document), ("tariff", "template"))
        if current and self._template(current):
            self.template_field.set_model_value(current, force=True)
        self._show_template_info()

    def _set_period(self, period: str) -> None:
        self.weekday_grid.set_current_period(period)
        self.weekend_grid.set_current_period(period)

    # -- model -> widget -------------------------------------------------------------------
    def refresh(self) -> None:
        data = project_data(self.document)
        self.binder.refresh(data)
        tariff = data["tariff"]
        prices = tariff.get("prices_yuan_per_kwh", {})
        self.palette_widget.set_prices(prices)
        self.weekday_grid.set_prices(prices)
        self.weekend_grid.set_prices(prices)
        basic = tariff.get("basic_charge")
        if basic:
            self._last_basic_charge = dict(basic)
        self.basic_check.set_model_value(bool(basic), force=True)
        demand = bool(basic) and basic.get("basis") in ("demand", "contract_demand")
        for i, field in enumerate(self.basic_rows):
            # rows: basis, demand price, transformer kVA (capacity basis and the 260 kWh/kVA rule), kVA price
            show_row(field, bool(basic) and (i in (0, 2) or (i == 1) == demand))
        weekday = tariff["weekday_schedule"]
        weekend = tariff.get("weekend_schedule")
        self.weekday_grid.set_schedule(weekday)
        self.weekend_grid.set_schedule(weekend or weekday)
        self.weekend_grid.set_read_only(weekend is None)
        self.same_schedule_check.setChecked(weekend is None)
        self.copy_button.setEnabled(weekend is not None)
        current = tariff.get("template")
        if current and self._template(current) and self.template_field.current_value() != current:
            self.template_field.set_model_value(current, force=True)  # the picker shows this project's template
        self._show_template_info()

    # -- widget -> model ---------------------------------------------------------------------
    def paint(self, key: str, cells: list[tuple[int, int]], period: str) -> list:
        """Give ``cells`` (month index, hour) of ``key``'s schedule the ``period``: one undo step."""
        tariff = project_data(self.document)["tariff"]
        current = tariff.get(key) or tariff["weekday_schedule"]
        changed = sum(1 for m, h in cells if current[m][h] != period)
        if not changed:
            self.refresh()
            return []

        def mutate(d: dict) -> None:
            t = d["tariff"]
            if t.get(key) is None:
                t[key] = copy.deepcopy(t["weekday_schedule"])
            for m, h in cells:
                t[key][m][h] = period

        if key == "weekday_schedule":
            label = self.tr("Paint {n} hours {period} on working days")
        else:
            label = self.tr("Paint {n} hours {period} on rest days")
        problems = self.document.edit(label.format(n=changed, period=period_label(period)), mutate)
        if problems:
            text = problem_text(problems)
            if period not in tariff.get("prices_yuan_per_kwh", {}):
                text = self.tr("Set a price for {period} first.").format(period=period_label(period)) + "\n" + text
            set_error(self.schedule_problem, text)
            self.refresh()  # the grid shows the project's schedule again
        else:
            set_error(self.schedule_problem, "")
        return problems

    def set_rest_days_follow(self, follow: bool) -> list:
        def mutate(d: dict) -> None:
            t = d["tariff"]
            if follow:
                t.pop("weekend_schedule", None)
            elif t.get("weekend_schedule") is None:
                t["weekend_schedule"] = copy.deepcopy(t["weekday_schedule"])

        label = (
            self.tr("Use the working-day schedule on rest days")
            if follow
            else self.tr("Give rest days their own schedule")
        )
        problems = self.edit_step(label, mutate, self.schedule_problem)
        self.refresh()
        return problems

    def copy_weekday_to_rest_days(self) -> list:
        def mutate(d: dict) -> None:
            d["tariff"]["weekend_schedule"] = copy.deepcopy(d["tariff"]["weekday_schedule"])

        problems = self.edit_step(self.tr("Copy the working-day schedule to rest days"), mutate, self.schedule_problem)
        return problems

    def set_basic_charge_enabled(self, on: bool) -> list:
        mutate = toggle_section("tariff", "basic_charge", dict(self._last_basic_charge), on)
        label = self.tr("Add a basic charge") if on else self.tr("Remove the basic charge")
        problems = self.document.edit(label, mutate)
        if problems:
            self.basic_check.show_problem(problem_text(problems))
        self.refresh()
        return problems

    def load_template(self, template_id: str | None) -> list:
        """Replace prices and schedules by the template's: one undo step.

        The site's basic charge is the factory's contract, not the
        province's: a project that has one keeps it (and the template note
        says so); only a project without one takes the template's.  In
        Chinese the template's notes are stored in Chinese.
        """
        t = self._template(template_id)
        if t is None:
            return []
        kept: list[str] = []

        def mutate(d: dict) -> None:
            # the factory's basic charge and power factor are kept, never silently replaced (issue 10)
            new, messages = merge_tariff_template_dict(copy.deepcopy(d.get("tariff")), t["id"])
            kept[:] = messages
            if new.get("notes") and new["notes"] == t["tariff"].get("notes"):
                new["notes"] = reference_text(new["notes"])  # the template's notes in the UI language
            d["tariff"] = new

        problems = self.edit_step(
            self.tr("Load tariff template '{name}'").format(name=pick_label(t)), mutate, self.template_problem
        )
        self.template_merge_messages = [] if problems else kept
        self.refresh()
        if not problems and any("kept the site's basic_charge" in m for m in kept):
            self.template_info.setText(self.template_info.text() + "\n" + term_text("table.template_basic_kept"))
        return problems
