"""What every sheet writer of the proposal reads: the project, its results,
the kWh-by-period attribution, the sheet titles and the row plan.

The row plan is fixed before any sheet is written (the workbook is written
in constant-memory mode, row by row, and sheets refer to each other's
rows), so the layout of every cross-referenced table lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from planner.engine.attribution import Attribution, attribute
from planner.model.project import PvMeasure
from planner.report.layout import Book
from planner.report.text import label, sheet_title

BASE_SHEETS = ("summary", "assumptions", "measures", "cash_flow", "pv_years", "monthly", "emissions")
EXTRA_SHEETS = ("bill_check", "storage", "scenarios", "sensitivity", "montecarlo")
HELPER_SHEETS = ("measure_cf",)


@dataclass
class Context:
    project: Any
    result: Any
    lang: str
    today: date
    book: Book
    analysis: dict[str, Any] = field(default_factory=dict)
    attribution: Attribution | None = None

    def __post_init__(self) -> None:
        p, r = self.project, self.result
        self.a = self.attribution or attribute(p, r)
        self.n = int(p.finance.analysis_years)
        self.s = r.summary
        self.has_loan = p.finance.loan is not None
        self.has_tax = p.finance.income_tax_pct > 0
        self.pv_measures = [m for m in p.measures if m.enabled and isinstance(m, PvMeasure)]
        self.has_pv = bool(self.pv_measures) and self.a.pv is not None
        self.pv_idx = [i for i, mr in enumerate(r.measures) if mr.type == "pv"]
        self.pv_pos = {i: j for j, i in enumerate(self.pv_idx)}
        self.by_name = {m.name: m for m in p.measures if m.enabled}
        self.ranked = sorted(range(len(r.measures)), key=lambda i: (r.measures[i].rank, i))
        self.single_pv = len(self.pv_measures) == 1
        emc = [m for m in self.pv_measures if m.ownership == "emc"]
        self.emc = emc[0] if self.single_pv and emc else None
        self.demand_basis = self.a.demand_rate > 0 or (
            p.tariff.basic_charge is not None and p.tariff.basic_charge.basis == "demand"
        )
        # sheets present
        self.present = [k for k in BASE_SHEETS if k != "pv_years" or self.has_pv]
        self.present += [k for k in EXTRA_SHEETS if self.extra(k)]
        self.present += list(HELPER_SHEETS)
        taken: set[str] = set()
        self.titles: dict[str, str] = {}
        for key in self.present:
            self.titles[key] = sheet_title(label(f"sheet.{key}", self.lang), taken)
            taken.add(self.titles[key])
        # row plan (0-based)
        self.m_first = 3
        self.m_row = {i: self.m_first + pos for pos, i in enumerate(self.ranked)}
        self.m_last = self.m_first + max(len(self.ranked), 1) - 1
        self.mcf_first = 3
        self.mcf_row = {i: self.mcf_first + 2 * pos for pos, i in enumerate(self.ranked)}
        self.cf_first = 3  # year 0
        self.pvy_first = 3  # year 1
        self.em_first = 3  # year 1

    def L(self, key: str, **fmt: object) -> str:
        return label(key, self.lang, **fmt)

    def cf_row(self, k: int) -> int:
        return self.cf_first + k

    def pvy_row(self, k: int) -> int:
        return self.pvy_first + k - 1

    def extra(self, key: str) -> Any:
        """The data of an optional sheet, or None when it has nothing to show."""
        r, an = self.result, self.analysis
        if key == "bill_check":
            return getattr(r, "bill_check", None) or an.get("bill_check")
        if key == "storage":
            return getattr(r, "storage", None) or an.get("storage")
        if key == "scenarios":
            sc = an.get("scenarios")
            return sc if sc and len(sc.get("scenarios", [])) > 0 else None
        if key == "sensitivity":
            return an.get("sensitivity")
        if key == "montecarlo":
            return an.get("montecarlo")
        return None

    @property
    def na(self) -> str:
        return self.L("na")

    def not_within(self) -> str:
        return self.L("not_within", n=self.n)

    def undefined_payback(self, net0: float) -> str:
        return self.na if net0 >= 0 else self.not_within()

    def growth(self) -> np.ndarray:
        esc = self.project.tariff.escalation_pct_per_year / 100.0
        return (1.0 + esc) ** np.arange(self.n)
