"""KPI cards: the figures management decides on, formatted from the engine's summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from planner.model.results import Summary

from . import format as fmt

ACCENTS = {"money": "#1565c0", "time": "#6a1b9a", "value": "#2e7d32", "env": "#00838f"}


def _years_n(s: Summary) -> int:
    return int(s.analysis_years or 0)


@dataclass
class Kpi:
    key: str
    title: str  # source text, context "KpiPanel"
    accent: str
    value: Callable[[dict], str]
    sub: Callable[[dict], str]


def _sub_investment(s: Summary) -> str:
    net = s.net_investment_yuan
    if net is not None and s.capex_yuan is not None and abs(net - s.capex_yuan) > 0.5:
        return QCoreApplication.translate("KpiPanel", "net of subsidy: %1").replace("%1", fmt.money(net))
    return QCoreApplication.translate("KpiPanel", "year 0, before subsidy")


def _sub_first_year(s: Summary) -> str:
    b, a = s.first_year_bill_before_yuan, s.first_year_bill_after_yuan
    if b is None or a is None:
        return ""
    return (
        QCoreApplication.translate("KpiPanel", "bill %1 → %2").replace("%1", fmt.money(b)).replace("%2", fmt.money(a))
    )


def _sub_simple(s: Summary) -> str:
    return QCoreApplication.translate("KpiPanel", "cumulative: %1").replace(
        "%1", fmt.years(s.payback_years, _years_n(s))
    )


def _sub_discounted(s: Summary) -> str:
    return QCoreApplication.translate("KpiPanel", "at %1 discount rate").replace(
        "%1", fmt.percent(s.discount_rate_pct, 1)
    )


def _sub_npv(s: Summary) -> str:
    return (
        QCoreApplication.translate("KpiPanel", "%1 years at %2")
        .replace("%1", str(_years_n(s)))
        .replace("%2", fmt.percent(s.discount_rate_pct, 1))
    )


def _sub_irr(s: Summary) -> str:
    bcr = s.benefit_cost_ratio
    return QCoreApplication.translate("KpiPanel", "benefit/cost ratio %1").replace("%1", fmt.number(bcr, 2))


def _sub_lifetime(s: Summary) -> str:
    return QCoreApplication.translate("KpiPanel", "over %1 years, before O&M").replace("%1", str(_years_n(s)))


def _sub_co2(s: Summary) -> str:
    return QCoreApplication.translate("KpiPanel", "lifetime: %1").replace("%1", fmt.tonnes(s.lifetime_co2_avoided_t))


def _sub_tce(s: Summary) -> str:
    return QCoreApplication.translate("KpiPanel", "lifetime: %1").replace("%1", fmt.tce(s.lifetime_tce_saved))


def _sub_monthly(s: Summary) -> str:
    return QCoreApplication.translate("KpiPanel", "energy saved: %1 / year").replace(
        "%1", fmt.kwh(s.first_year_energy_saved_kwh)
    )


KPIS: list[Kpi] = [
    Kpi(
        "capex_yuan",
        QT_TRANSLATE_NOOP("KpiPanel", "Investment"),
        "money",
        lambda s: fmt.money(s.capex_yuan),
        _sub_investment,
    ),
    Kpi(
        "first_year_savings_yuan",
        QT_TRANSLATE_NOOP("KpiPanel", "First-year savings"),
        "money",
        lambda s: fmt.money(s.first_year_savings_yuan),
        _sub_first_year,
    ),
    Kpi(
        "monthly_savings_yuan",
        QT_TRANSLATE_NOOP("KpiPanel", "Monthly savings"),
        "money",
        lambda s: fmt.money(s.monthly_savings_yuan),
        _sub_monthly,
    ),
    Kpi(
        "simple_payback_years",
        QT_TRANSLATE_NOOP("KpiPanel", "Simple payback"),
        "time",
        lambda s: fmt.years(s.simple_payback_years),
        _sub_simple,
    ),
    Kpi(
        "discounted_payback_years",
        QT_TRANSLATE_NOOP("KpiPanel", "Discounted payback"),
        "time",
        lambda s: fmt.years(s.discounted_payback_years, _years_n(s)),
        _sub_discounted,
    ),
    Kpi("npv_yuan", QT_TRANSLATE_NOOP("KpiPanel", "NPV"), "value", lambda s: fmt.money(s.npv_yuan), _sub_npv),
    Kpi("irr_pct", QT_TRANSLATE_NOOP("KpiPanel", "IRR"), "value", lambda s: fmt.percent(s.irr_pct), _sub_irr),
    Kpi(
        "lifetime_savings_yuan",
        QT_TRANSLATE_NOOP("KpiPanel", "Lifetime savings"),
        "value",
        lambda s: fmt.money(s.lifetime_savings_yuan),
        _sub_lifetime,
    ),
    Kpi(
        "first_year_co2_avoided_t",
        QT_TRANSLATE_NOOP("KpiPanel", "CO₂ avoided per year"),
        "env",
        lambda s: fmt.tonnes(s.first_year_co2_avoided_t),
        _sub_co2,
    ),
    Kpi(
        "first_year_tce_saved",
        QT_TRANSLATE_NOOP("KpiPanel", "Standard coal saved per year"),
        "env",
        lambda s: fmt.tce(s.first_year_tce_saved),
        _sub_tce,
    ),
]


class KpiCard(QFrame):
    def __init__(self, kpi: Kpi, parent=None):
        super().__init__(parent)
        self.kpi = kpi
        self.setObjectName("KpiCard")
        accent = ACCENTS[kpi.accent]
        self.setStyleSheet(
            "#KpiCard { background: #ffffff; border: 1px solid #d9dee5; border-left: 4px solid %s;"
            " border-radius: 5px; }"
            "#KpiCard QLabel { background: transparent; border: none; }" % accent
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
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 8, 6)
        lay.setSpacing(1)
        lay.addWidget(self.title_label)
        lay.addWidget(self.value_label)
        lay.addWidget(self.sub_label)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(150)
        self._summary: Summary | None = None
        self.retranslate()

    def value_text(self) -> str:
        return self.value_label.text()

    def sub_text(self) -> str:
        return self.sub_label.text()

    def set_summary(self, summary: Summary | None) -> None:
        self._summary = summary
        self.retranslate()

    def retranslate(self) -> None:
        self.title_label.setText(QCoreApplication.translate("KpiPanel", self.kpi.title))
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
        self.value_label.setStyleSheet(f"color: {color};")
        self.setToolTip(f"{self.title_label.text()}: {self.value_label.text()}\n{self.sub_label.text()}")


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
        for card in self.cards.values():
            card.set_summary(summary)
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
