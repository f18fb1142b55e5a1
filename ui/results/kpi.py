"""KPI cards: the figures management decides on, formatted from the engine's summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QWidget

if TYPE_CHECKING:  # the results module imports pandas: not needed to show the window
    from planner.model.results import Summary
from ui.widgets.labels import t
from ui.widgets.layouts import column

from . import format as fmt

ACCENTS = {"money": "#1565c0", "time": "#6a1b9a", "value": "#2e7d32", "env": "#00838f"}


def _years_n(s: Summary) -> int:
    return int(s.analysis_years or 0)


@dataclass
class Kpi:
    key: str
    title_key: str  # catalogue key of the title (planner.terms)
    accent: str
    value: Callable[[Summary], str]
    sub: Callable[[Summary], str]
    levered: bool = False
    """Computed on the (after-tax, levered) net cash flow: with a loan it is the equity's (资本金)."""


def _sub_investment(s: Summary) -> str:
    net = s.net_investment_yuan
    if net is not None and s.capex_yuan is not None and abs(net - s.capex_yuan) > 0.5:
        return t("kpi_sub.net_of_subsidy", value=fmt.money(net))
    return t("kpi_sub.before_subsidy")


def _sub_first_year(s: Summary) -> str:
    b, a = s.first_year_bill_before_yuan, s.first_year_bill_after_yuan
    if b is None or a is None:
        return ""
    return t("kpi_sub.bill", before=fmt.money(b), after=fmt.money(a))


def _sub_simple(s: Summary) -> str:
    # the static (cumulative, undiscounted) payback under the simple one: the two names never mix
    return t("format.label_value", label=t("kpi.payback_years"), value=fmt.years(s.payback_years, _years_n(s)))


# With a loan the card shows the equity's figure (资本金) and its sub-line the project's
# (unlevered) one, so both are in view (issue 9 item 2).


def _sub_discounted(s: Summary) -> str:
    if s.project_npv_yuan is not None:
        return t("kpi_sub.project_unlevered", value=fmt.years(s.project_discounted_payback_years, _years_n(s)))
    return t("kpi_sub.at_discount_rate", rate=fmt.percent(s.discount_rate_pct, 1))


def _sub_npv(s: Summary) -> str:
    if s.project_npv_yuan is not None:
        return t("kpi_sub.project_unlevered", value=fmt.money(s.project_npv_yuan))
    return t("kpi_sub.years_at_rate", years=_years_n(s), rate=fmt.percent(s.discount_rate_pct, 1))


def _sub_irr(s: Summary) -> str:
    if s.project_npv_yuan is not None:
        return t("kpi_sub.project_unlevered", value=fmt.percent(s.project_irr_pct))
    return t("kpi_sub.bcr", value=fmt.number(s.benefit_cost_ratio, 2))


def _sub_lifetime(s: Summary) -> str:
    return t("kpi_sub.lifetime_before_om", years=_years_n(s))


def _sub_co2(s: Summary) -> str:
    return t("kpi_sub.lifetime", value=fmt.tonnes(s.lifetime_co2_avoided_t))


def _sub_tce(s: Summary) -> str:
    return t("kpi_sub.lifetime", value=fmt.tce(s.lifetime_tce_saved))


def _sub_monthly(s: Summary) -> str:
    return t("kpi_sub.energy_saved_per_year", value=fmt.kwh(s.first_year_energy_saved_kwh))


KPIS: list[Kpi] = [
    Kpi("capex_yuan", "kpi.capex_yuan", "money", lambda s: fmt.money(s.capex_yuan), _sub_investment),
    Kpi(
        "first_year_savings_yuan",
        "kpi.first_year_savings_yuan",
        "money",
        lambda s: fmt.money(s.first_year_savings_yuan),
        _sub_first_year,
    ),
    Kpi(
        "monthly_savings_yuan",
        "kpi.monthly_savings_yuan",
        "money",
        lambda s: fmt.money(s.monthly_savings_yuan),
        _sub_monthly,
    ),
    Kpi(
        "simple_payback_years",
        "kpi.simple_payback_years",
        "time",
        lambda s: fmt.years(s.simple_payback_years),
        _sub_simple,
    ),
    Kpi(
        "discounted_payback_years",
        "kpi.discounted_payback_years",
        "time",
        lambda s: fmt.years(s.discounted_payback_years, _years_n(s)),
        _sub_discounted,
        levered=True,
    ),
    Kpi("npv_yuan", "kpi.npv_yuan", "value", lambda s: fmt.money(s.npv_yuan), _sub_npv, levered=True),
    Kpi("irr_pct", "kpi.irr_pct", "value", lambda s: fmt.percent(s.irr_pct), _sub_irr, levered=True),
    Kpi(
        "lifetime_savings_yuan",
        "kpi.lifetime_savings_yuan",
        "value",
        lambda s: fmt.money(s.lifetime_savings_yuan),
        _sub_lifetime,
    ),
    Kpi(
        "first_year_co2_avoided_t",
        "kpi.first_year_co2_avoided_t",
        "env",
        lambda s: fmt.tonnes(s.first_year_co2_avoided_t),
        _sub_co2,
    ),
    Kpi(
        "first_year_tce_saved",
        "kpi.first_year_tce_saved",
        "env",
        lambda s: fmt.tce(s.first_year_tce_saved),
        _sub_tce,
    ),
]


def has_loan(result) -> bool:
    """True when the result's cash flow carries loan flows (its NPV, IRR and paybacks are then the equity's)."""
    detail = getattr(result, "cash_flow_detail", None)
    flows = getattr(detail, "loan_flows", None)
    if flows is None:
        return False
    return any(abs(float(v)) > 0.5 for v in flows)


class KpiCard(QFrame):
    def __init__(self, kpi: Kpi, parent=None):
        super().__init__(parent)
        self.kpi = kpi
        self.setObjectName("KpiCard")
        accent = ACCENTS[kpi.accent]
        self.setStyleSheet(
            f"#KpiCard {{ background: #ffffff; border: 1px solid #d9dee5; border-left: 4px solid {accent};"
            " border-radius: 5px; }"
            "#KpiCard QLabel { background: transparent; border: none; }"
        )
        self.title_label = QLabel(self)
        self.title_label.setObjectName("title")
        self.value_label = QLabel("—", self)
        self.value_label.setObjectName("value")
        self.sub_label = QLabel(self)
        self.sub_label.setObjectName("sub")
        f = self.title_label.font()
        f.setPointSizeF(max(f.pointSizeF() - 0.5, 7.5))
        self.title_label.setFont(f)
        self.title_label.setStyleSheet("color: #5f6b7a;")
        vf = self.value_label.font()
        vf.setPointSizeF(vf.pointSizeF() * 1.45)
        vf.setBold(True)
        self.value_label.setFont(vf)
        self.sub_label.setFont(f)
        self.sub_label.setStyleSheet("color: #7a8594;")
        self.sub_label.setWordWrap(True)  # never cut off at 1366 x 768
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column(self, self.title_label, self.value_label, self.sub_label, margins=(10, 6, 8, 6), spacing=1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setMinimumWidth(150)
        self._summary: Summary | None = None
        self.levered = False
        self.retranslate()

    def value_text(self) -> str:
        return self.value_label.text()

    def sub_text(self) -> str:
        return self.sub_label.text()

    def set_summary(self, summary: Summary | None, levered: bool = False) -> None:
        self._summary = summary
        self.levered = levered
        self.retranslate()

    def title_text(self) -> str:
        title = t(self.kpi.title_key)
        if self.levered and self.kpi.levered:
            title = t("format.equity", label=title)
        return title

    def retranslate(self) -> None:
        self.title_label.setText(self.title_text())
        s = self._summary
        if s is None:
            self.value_label.setText("—")
            self.sub_label.setText("")
            return
        self.value_label.setText(self.kpi.value(s))
        self.sub_label.setText(self.kpi.sub(s))
        v = getattr(s, self.kpi.key)
        color = "#1f2933"
        if (
            isinstance(v, (int, float))
            and self.kpi.key in ("npv_yuan", "first_year_savings_yuan", "monthly_savings_yuan", "lifetime_savings_yuan")
            and v < 0
        ):
            color = "#c62828"
        if v is None:
            color = "#8a94a3"
        style = f"color: {color};"
        if self.value_label.styleSheet() != style:  # a style sheet re-polishes the label: only on a change
            self.value_label.setStyleSheet(style)
        tip = f"{self.title_label.text()}: {self.value_label.text()}\n{self.sub_label.text()}"
        if self.kpi.key == "simple_payback_years":
            tip += "\n" + t("kpi_sub.simple_definition")
        if self.levered and self.kpi.levered:
            tip += "\n" + t("kpi_sub.equity_note")
        self.setToolTip(tip)


class KpiPanel(QWidget):
    """Ten KPI cards in two rows."""

    COLUMNS = 5

    def __init__(self, parent=None):
        super().__init__(parent)
        self.cards: dict[str, KpiCard] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        for i, k in enumerate(KPIS):
            card = KpiCard(k, self)
            self.cards[k.key] = card
            grid.addWidget(card, i // self.COLUMNS, i % self.COLUMNS)
        for c in range(self.COLUMNS):
            grid.setColumnStretch(c, 1)
        self._stale = False

    def card(self, key: str) -> KpiCard:
        return self.cards[key]

    def set_result(self, result) -> None:
        summary = result.summary if result is not None else None
        levered = has_loan(result) if result is not None else False
        for card in self.cards.values():
            card.set_summary(summary, levered)
        self.set_stale(False)

    def set_stale(self, stale: bool) -> None:
        """Grey the cards out while they show results of an earlier (valid) project."""
        self._stale = stale
        for card in self.cards.values():
            card.setEnabled(not stale)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            for card in self.cards.values():
                card.retranslate()
        super().changeEvent(event)
