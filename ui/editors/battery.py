"""The battery (measure type ``battery``) form: fields with units, in groups
size / efficiency and limits / dispatch / cost and life / ownership.

Labels come from the bilingual catalogue (``assets/terms/storage.json``
through :func:`planner.terms.term`), so this module adds no ``tr()``
strings to the Qt translation.  Importing it registers the form in
:data:`ui.editors.measure_forms.FORM_CLASSES` and gives
:func:`default_battery` for the "Add measure" menu.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QWidget

from planner.model.project import PERIODS, BatteryMeasure
from planner.terms import term
from ui.editors.common import group, show_row
from ui.editors.measure_forms import FORM_CLASSES, MeasureFormBase
from ui.i18n import current_language
from ui.widgets.fields import FieldBase
from ui.widgets.formspec import Spec
from ui.widgets.labels import period_label, unit


def T(key: str, **fmt: object) -> str:
    """The catalogue's label for ``key`` in the app's language."""
    return term(key, "zh" if current_language().startswith("zh") else "en", **fmt)


def default_battery(name: str) -> dict:
    """A new battery measure: 2 MWh / 1 MW, DESIGN.md's example figures."""
    return {
        "type": "battery",
        "name": name,
        "energy_kwh": 2000.0,
        "power_kw": 1000.0,
        "round_trip_efficiency_pct": 88.0,
        "min_soc_pct": 5.0,
        "max_soc_pct": 95.0,
        "dispatch": "tou_rule",
        "charge_periods": ["deep_valley", "valley"],
        "discharge_periods": ["critical_peak", "peak"],
        "charge_from_grid": True,
        "capex_yuan": 1_600_000.0,
        "om_yuan_per_year": 20_000.0,
        "life_years": 15,
        "cycle_life": 6000.0,
        "end_of_life_capacity_pct": 70.0,
        "calendar_fade_pct_per_year": 1.0,
        "ownership": "owned",
    }


class PeriodsField(FieldBase):
    """A set of TOU periods as check boxes; its value is the list of the checked
    period names, in :data:`planner.model.project.PERIODS` order."""

    def __init__(self, parent: QWidget | None = None):
        box = QWidget()
        lay = QHBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[str, QCheckBox] = {}
        for p in PERIODS:
            cb = QCheckBox(period_label(p))
            cb.clicked.connect(self._on_clicked)
            lay.addWidget(cb)
            self.checks[p] = cb
        lay.addStretch(1)
        super().__init__(box, "", parent)

    def value(self) -> list[str]:
        return [p for p in PERIODS if self.checks[p].isChecked()]

    def _display(self, value: Any) -> None:
        chosen = set(value or [])
        for p, cb in self.checks.items():
            cb.blockSignals(True)
            cb.setChecked(p in chosen)
            cb.blockSignals(False)

    def _shows(self, value: Any) -> bool:
        return set(value or []) == set(self.value())

    def _on_clicked(self, _checked: bool = False) -> None:
        self.clear_problem()
        self.edited.emit(self.value())


class BatteryForm(MeasureFormBase):
    model_cls = BatteryMeasure

    def _title(self) -> str:
        return T("storage.group.size")

    def _spec(self, key: str, unit: str = "", **kw: Any) -> Spec:
        """The row ``key``, labelled (and named in undo labels) by the catalogue's ``storage.<key>``."""
        return Spec(key, T(f"storage.{key}"), unit, **kw)

    def _section(self, title: str) -> QFormLayout:
        """A new titled group at the end of the page; its form."""
        box, form = group(title)
        outer = self.layout()
        outer.insertWidget(outer.count(), box)
        return form

    def build(self) -> None:
        self.common_form.setRowVisible(self.om_change_field, False)  # the battery has its own O&M cost
        self.common_form.setRowVisible(self.schedule_field, False)  # dispatch places it in the hours
        row = self._spec
        dispatches = tuple((d, T(f"storage.dispatch.{d}")) for d in ("tou_rule", "optimal"))
        owners = tuple((o, T(f"storage.ownership.{o}")) for o in ("owned", "emc"))
        per_kw = unit("yuan") + "/" + unit("kW")
        # size (the base class's type group)
        self.add_fields(energy_field=row("energy_kwh", "kWh"), power_field=row("power_kw", "kW"))
        self.add_fields(
            self._section(T("storage.group.efficiency")),
            rte_field=row("round_trip_efficiency_pct", "%"),
            min_soc_field=row("min_soc_pct", "%"),
            max_soc_field=row("max_soc_pct", "%"),
        )
        self.add_fields(
            self._section(T("storage.group.dispatch")),
            dispatch_field=row("dispatch", items=dispatches),
            charge_field=row("charge_periods", widget=PeriodsField),
            discharge_field=row("discharge_periods", widget=PeriodsField),
            grid_field=row("charge_from_grid", text=T("storage.charge_from_grid")),
        )
        # cost and life (capex and life stay in the common group above)
        self.add_fields(
            self._section(T("storage.group.cost")),
            per_kwh_field=row("capex_yuan_per_kwh", "yuan/kWh", optional=True),
            per_kw_field=row("capex_yuan_per_kw", per_kw, optional=True, bounds=None),
            om_field=row("om_yuan_per_year", "yuan/a"),
            cycles_field=row("cycle_life", T("storage.unit.cycles"), bounds=None),
            eol_field=row("end_of_life_capacity_pct", "%"),
            fade_field=row("calendar_fade_pct_per_year", "%/a"),
        )
        self.add_fields(
            self._section(T("storage.group.ownership")),
            ownership_field=row("ownership", items=owners, mutate=self._mutate_ownership),
            share_field=row("emc_share_pct", "%", optional=True),
        )
        self._last_share = 15.0  # REFERENCE-DATA.md: commonly 10-20 %

    def _mutate_ownership(self, d: dict, path: tuple, value: str) -> None:
        m = d["measures"][path[1]]
        m["ownership"] = value
        if value == "emc" and m.get("emc_share_pct") is None:
            m["emc_share_pct"] = self._last_share

    def after_refresh(self, m: dict) -> None:
        emc = m.get("ownership") == "emc"
        show_row(self.share_field, emc)
        rule = m.get("dispatch", "tou_rule") == "tou_rule"
        show_row(self.charge_field, rule)  # the optimal dispatch ignores the periods
        show_row(self.discharge_field, rule)
        if m.get("emc_share_pct") is not None:
            self._last_share = float(m["emc_share_pct"])


FORM_CLASSES.setdefault("battery", BatteryForm)
