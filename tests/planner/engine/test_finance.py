"""Tests of planner.engine.finance.

Expected values are worked by hand (the arithmetic is in the comments) or
taken from numpy-financial, never from the function under test.
Sign convention: money out negative; year 0 at time 0, later years at the
end of the year.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from planner.engine.finance import (
    CashFlowInputs,
    benefit_cost_ratio,
    cash_flow,
    discounted_payback_period,
    irr,
    levelized_cost,
    loan_schedule,
    npv,
    payback_period,
    simple_payback,
    straight_line_depreciation,
)

FLOWS = [
    [-1000, 300, 300, 300, 300],
    [-100, 39, 59, 55, 20],
    [-5_000_000, 800_000, 850_000, 900_000, -400_000, 950_000, 1_000_000, 1_000_000],
    [-100, 0, 0, 74],
    [-64_000_000] + [7_000_000] * 25,
]


def _inputs(**overrides) -> CashFlowInputs:
    base = dict(
        analysis_years=2,
        discount_rate=0.0,
        investment=1000.0,
        subsidy=0.0,
        savings=[800.0, 800.0],
        om_costs=[100.0, 100.0],
        replacement_costs=[0.0, 0.0],
    )
    base.update(overrides)
    return CashFlowInputs(**base)


# ---------------------------------------------------------------------------
# NPV and IRR
# ---------------------------------------------------------------------------


def test_npv_by_hand():
    # -100 + 60/1.1 + 60/1.21 = -100 + (66 + 60)/1.21 = 126/1.21 - 100 = 4.132231
    assert npv(0.10, [-100, 60, 60]) == pytest.approx(126 / 1.21 - 100, rel=1e-12)
    # year 0 is not discounted: a single year-0 flow is its own NPV
    assert npv(0.25, [-123.0]) == -123.0
    # rate 0: plain sum
    assert npv(0.0, [-1000, 300, 300, 300, 300]) == pytest.approx(200.0)


@pytest.mark.parametrize("flows", FLOWS)
@pytest.mark.parametrize("rate", [0.0, 0.06, 0.08, 0.15])
def test_npv_matches_numpy_financial(rate, flows):
    assert npv(rate, flows) == pytest.approx(npf.npv(rate, flows), rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("flows", FLOWS)
def test_irr_matches_numpy_financial(flows):
    assert irr(flows) == pytest.approx(npf.irr(flows), rel=1e-9, abs=1e-12)


def test_irr_by_hand():
    # -100 + 110/(1+r) = 0  ->  r = 0.10
    assert irr([-100, 110]) == pytest.approx(0.10, rel=1e-12)
    # -100 + 121/(1+r)^2 = 0  ->  (1+r)^2 = 1.21  ->  r = 0.10
    assert irr([-100, 0, 121]) == pytest.approx(0.10, rel=1e-12)
    # numpy-financial's documented example
    assert irr([-100, 39, 59, 55, 20]) == pytest.approx(0.28095, abs=5e-6)


def test_irr_none_cases():
    assert irr([100, 200, 300]) is None  # all positive: no sign change
    assert irr([-100, -200, -300]) is None  # all negative
    assert irr([0, 0, 0]) is None
    assert irr([0, 100, 0]) is None
    # -1 + 3x - 3x^2 = 0 with x = 1/(1+r): discriminant 9 - 12 < 0, no real root
    assert irr([-1, 3, -3]) is None


def test_irr_returns_python_float():
    assert type(irr([-100, 110])) is float
    assert type(npv(0.1, [-100, 110])) is float


# ---------------------------------------------------------------------------
# paybacks
# ---------------------------------------------------------------------------


def test_payback_by_hand():
    # cumulative: -1000, -700, -400, -100, +200 -> crosses in year 4:
    # 3 + 100/300 = 3.3333...
    assert payback_period([-1000, 300, 300, 300, 300]) == pytest.approx(3 + 100 / 300, rel=1e-12)
    # cumulative reaches exactly 0 at the end of year 4 -> 3 + 250/250 = 4
    assert payback_period([-1000, 250, 250, 250, 250]) == 4.0
    # float rounding must not hide an exact payback: 3000.3 = 3 x 1000.1
    assert payback_period([-3000.3, 1000.1, 1000.1, 1000.1]) == pytest.approx(3.0, rel=1e-9)


def test_payback_mid_life_replacement_reports_first_crossing():
    # cumulative: -1000, -600, -200, +200, -300, +100, +500
    # first crossing in year 3: 2 + 200/400 = 2.5; the year-4 replacement
    # makes it negative again, but the first crossing is what we report.
    flows = [-1000, 400, 400, 400, -500, 400, 400]
    assert payback_period(flows) == pytest.approx(2.5, rel=1e-12)


def test_payback_replacement_before_payback():
    # cumulative: -1000, -700, -400, -600, -300, 0, +300
    # first >= 0 in year 5: 4 + 300/300 = 5.0
    assert payback_period([-1000, 300, 300, -200, 300, 300, 300]) == pytest.approx(5.0)


def test_payback_none_cases():
    assert payback_period([0, 100, 100]) is None  # nothing to pay back
    assert payback_period([0, -100, 300]) is None  # cum[0] >= 0
    assert payback_period([500, 100, 100]) is None  # net inflow at year 0
    assert payback_period([-1000, 100, 100, 100]) is None  # never covers (cum -700)
    assert payback_period([-1000]) is None
    assert payback_period([]) is None


def test_discounted_payback_by_hand():
    # r = 10 %: discounted flows -1000, 500/1.1 = 454.5455, 500/1.21 = 413.2231,
    # 500/1.331 = 375.6574; cumulative -1000, -545.4545, -132.2314, +243.4260.
    # Crossing in year 3: 2 + 132.2314/375.6574.  Multiplying both by 1.331:
    # 132.2314 * 1.331 = 1331 - 605 - 550 = 176, so the fraction is 176/500.
    assert discounted_payback_period(0.10, [-1000, 500, 500, 500]) == pytest.approx(2.352, rel=1e-12)
    # undiscounted payback of the same flows: 1 + 500/500 = 2 < 2.352
    assert payback_period([-1000, 500, 500, 500]) == pytest.approx(2.0)
    # at r = 0 it is the plain payback
    assert discounted_payback_period(0.0, [-1000, 300, 300, 300, 300]) == pytest.approx(3 + 1 / 3)


def test_discounted_payback_none_when_npv_never_positive():
    # cumulative pays back in year 4 (3 + 100/300) but at 10 % the NPV of all
    # four years is -1000 + 300 * 3.1699 = -49.04 < 0 -> None
    assert payback_period([-1000, 300, 300, 300, 300]) is not None
    assert discounted_payback_period(0.10, [-1000, 300, 300, 300, 300]) is None
    assert discounted_payback_period(0.10, [0, 300]) is None


def test_simple_payback():
    assert simple_payback(1000, 250) == 4.0
    assert simple_payback(1000, 3000) == pytest.approx(1 / 3)
    # not capped at any analysis period
    assert simple_payback(1000, 10) == 100.0
    assert simple_payback(0, 250) is None  # zero investment, no ZeroDivisionError
    assert simple_payback(-50, 250) is None
    assert simple_payback(1000, 0) is None  # never pays back, no ZeroDivisionError
    assert simple_payback(1000, -10) is None
    assert simple_payback(0, 0) is None


# ---------------------------------------------------------------------------
# benefit-cost ratio, depreciation, loan, LCOE
# ---------------------------------------------------------------------------


def test_benefit_cost_ratio_by_hand():
    # r = 10 %: PV(savings) = 110/1.1 + 121/1.21 = 100 + 100 = 200
    # PV(costs) = 11/1.1 = 10; BCR = 200 / (100 + 10) = 1.818181...
    assert benefit_cost_ratio(0.10, [110, 121], [11, 0], 100) == pytest.approx(200 / 110, rel=1e-12)
    # costs given as negative numbers (money-out convention): same result
    assert benefit_cost_ratio(0.10, [110, 121], [-11, 0], 100) == pytest.approx(200 / 110, rel=1e-12)


def test_benefit_cost_ratio_zero_denominator():
    assert benefit_cost_ratio(0.10, [110, 121], [0, 0], 0) is None
    assert benefit_cost_ratio(0.10, [110, 121], [0, 0], -10) is None


def test_straight_line_depreciation():
    # 1000 over 4 years: 250 a year, then nothing (no salvage)
    np.testing.assert_array_equal(straight_line_depreciation(1000, 4, 6), [250, 250, 250, 250, 0, 0])
    # period longer than the analysis: cut at N
    np.testing.assert_array_equal(straight_line_depreciation(1000, 10, 3), [100, 100, 100])
    np.testing.assert_array_equal(straight_line_depreciation(0, 10, 3), [0, 0, 0])
    with pytest.raises(ValueError):
        straight_line_depreciation(1000, 0, 3)


def test_loan_schedule_by_hand_and_against_numpy_financial():
    # 100 000 at 5 % over 3 years: A = 100000 * 0.05 / (1 - 1.05**-3) = 36 720.86
    # year 1: interest 5000.00, principal 31 720.86, balance 68 279.14
    # year 2: interest 3413.96, principal 33 306.90, balance 34 972.24
    # year 3: interest 1748.61, principal 34 972.24, balance 0
    s = loan_schedule(100_000, 0.05, 3, 5)
    assert s.instalment == pytest.approx(36_720.8564, abs=1e-4)
    np.testing.assert_allclose(s.interest[:3], [5000.0, 3413.9572, 1748.6122], atol=1e-4)
    np.testing.assert_allclose(s.balance[:3], [68_279.1436, 34_972.2443, 0.0], atol=1e-4)
    per = np.arange(1, 4)
    np.testing.assert_allclose(s.payment[:3], -npf.pmt(0.05, 3, 100_000) * np.ones(3), rtol=1e-12)
    np.testing.assert_allclose(s.interest[:3], -npf.ipmt(0.05, per, 3, 100_000), rtol=1e-10)
    np.testing.assert_allclose(s.principal_repaid[:3], -npf.ppmt(0.05, per, 3, 100_000), rtol=1e-10)
    # payments stop after the term
    np.testing.assert_array_equal(s.payment[3:], [0, 0])
    np.testing.assert_array_equal(s.interest[3:], [0, 0])
    np.testing.assert_array_equal(s.balance[3:], [0, 0])
    np.testing.assert_array_equal(s.years, [1, 2, 3, 4, 5])
    assert s.principal_repaid.sum() == pytest.approx(100_000, rel=1e-12)
    assert s.balance[2] == 0.0


def test_loan_schedule_zero_rate_and_long_term():
    # 0 %: 90 000 / 3 = 30 000 a year, no interest
    s = loan_schedule(90_000, 0.0, 3, 4)
    np.testing.assert_allclose(s.payment, [30_000, 30_000, 30_000, 0])
    np.testing.assert_array_equal(s.interest, [0, 0, 0, 0])
    # term 10 years, analysis 2 years: 8/10 of a 0 % loan still owed
    s = loan_schedule(1000, 0.0, 10, 2)
    np.testing.assert_allclose(s.payment, [100, 100])
    assert s.balance[-1] == pytest.approx(800)
    # no loan
    s = loan_schedule(0, 0.05, 5, 3)
    assert s.instalment == 0.0 and not s.payment.any()


def test_levelized_cost_by_hand():
    # r = 10 %: numerator 1000 + 10/1.1 + 10/1.21, denominator
    # 1000/1.1 + 1000/1.21.  Times 1.21: (1210 + 11 + 10) / (1100 + 1000) = 1231/2100
    assert levelized_cost(0.10, 1000, [10, 10], [1000, 1000]) == pytest.approx(1231 / 2100, rel=1e-12)
    # r = 0: (1000 + 20) / 2000 = 0.51 yuan/kWh
    assert levelized_cost(0.0, 1000, [10, 10], [1000, 1000]) == pytest.approx(0.51, rel=1e-12)
    assert levelized_cost(0.10, 1000, [10, 10], [0, 0]) is None


# ---------------------------------------------------------------------------
# the project cash flow
# ---------------------------------------------------------------------------


def test_cash_flow_without_tax_or_loan_is_exact():
    inputs = CashFlowInputs(
        analysis_years=6,
        discount_rate=0.08,
        investment=1200.3,
        subsidy=200.1,
        savings=np.array([400.7, 401.1, 402.3, 403.9, 404.4, 405.0]),
        om_costs=np.array([20.1, 20.2, 20.3, 20.4, 20.5, 20.6]),
        replacement_costs=np.array([0, 0, 300.3, 0, 0, 0.0]),
    )
    r = cash_flow(inputs)
    expected = np.concatenate([[-(1200.3 - 200.1)], inputs.savings - inputs.om_costs - inputs.replacement_costs])
    np.testing.assert_array_equal(r.net, expected)
    np.testing.assert_array_equal(r.years, np.arange(7))
    np.testing.assert_array_equal(r.tax, np.zeros(7))
    np.testing.assert_array_equal(r.loan_flows, np.zeros(7))
    assert r.om[0] == 0 and (r.om[1:] < 0).all()
    assert r.replacements[3] == -300.3
    assert r.investment[0] == -(1200.3 - 200.1) and not r.investment[1:].any()
    np.testing.assert_allclose(r.savings + r.costs, r.net, rtol=0, atol=1e-9)
    np.testing.assert_allclose(r.cumulative, np.cumsum(expected))
    np.testing.assert_allclose(r.discounted_cumulative, np.cumsum(expected / 1.08 ** np.arange(7)))
    assert r.npv == pytest.approx(npf.npv(0.08, expected), rel=1e-12)
    assert r.irr == pytest.approx(npf.irr(expected), rel=1e-9)
    assert r.discounted_cumulative[-1] == pytest.approx(r.npv, rel=1e-12)
    # simple payback = (1200.3 - 200.1) / (400.7 - 20.1) = 1000.2 / 380.6
    assert r.simple_payback_years == pytest.approx(1000.2 / 380.6, rel=1e-12)
    assert r.lifetime_savings == pytest.approx(inputs.savings.sum())


def test_cash_flow_mid_life_replacement_payback():
    # net: -1000, 400, 400, 400, -500 (400 savings - 900 replacement), 400, 400
    # cumulative: -1000, -600, -200, 200, -300, 100, 500 -> first crossing 2.5
    r = cash_flow(
        CashFlowInputs(
            analysis_years=6,
            discount_rate=0.0,
            investment=1000,
            subsidy=0,
            savings=[400] * 6,
            om_costs=[0] * 6,
            replacement_costs=[0, 0, 0, 900, 0, 0],
        )
    )
    np.testing.assert_array_equal(r.net, [-1000, 400, 400, 400, -500, 400, 400])
    assert r.payback_years == pytest.approx(2.5)
    assert r.discounted_payback_years == pytest.approx(2.5)  # r = 0
    assert r.simple_payback_years == pytest.approx(2.5)  # 1000 / 400
    assert r.cumulative[4] < 0


def test_cash_flow_tax_by_hand():
    # capex 1000, no subsidy, depreciation 2 years -> 500 a year.
    # taxable = 800 - 100 - 500 = 200 -> tax = -0.25 * 200 = -50 each year
    # net = -1000, 800 - 100 - 50 = 650, 650
    r = cash_flow(_inputs(income_tax_rate=0.25, depreciation_years=2))
    np.testing.assert_allclose(r.tax, [0, -50, -50])
    np.testing.assert_allclose(r.net, [-1000, 650, 650])
    np.testing.assert_allclose(r.costs, [-1000, -150, -150])


def test_cash_flow_tax_loss_offsets_other_profit_and_replacements_expensed():
    # year 1: taxable = 300 - 100 - 0 - 500 = -300 -> tax saved +75
    # year 2: taxable = 800 - 100 - 400 (replacement, expensed) - 500 = -200 -> +50
    # net: -1000, 300 - 100 + 75 = 275, 800 - 100 - 400 + 50 = 350
    r = cash_flow(
        _inputs(
            savings=[300.0, 800.0],
            replacement_costs=[0.0, 400.0],
            income_tax_rate=0.25,
            depreciation_years=2,
        )
    )
    np.testing.assert_allclose(r.tax, [0, 75, 50])
    np.testing.assert_allclose(r.net, [-1000, 275, 350])


def test_cash_flow_loan_and_tax_by_hand():
    # capex 1000, subsidy 200 -> net investment 800; 50 % borrowed = 400 at 10 %
    # over 2 years.  A = 400 * 0.1 / (1 - 1/1.21) = 40 * 121/21 = 4840/21 = 230.4762
    # interest: y1 40, y2 0.1 * (400 - (4840/21 - 40)) = 440/21 = 20.9524
    # depreciation of 800 over 2 years = 400 a year
    # taxable: y1 600 - 50 - 400 - 40 = 110 -> tax -27.5
    #          y2 600 - 50 - 400 - 440/21 = 2710/21 -> tax -677.5/21 = -32.2619
    # net: y0 -800 + 400 = -400
    #      y1 600 - 50 - 4840/21 - 27.5 = 292.0238
    #      y2 600 - 50 - 4840/21 - 677.5/21 = 287.2619
    r = cash_flow(
        _inputs(
            subsidy=200.0,
            savings=[600.0, 600.0],
            om_costs=[50.0, 50.0],
            income_tax_rate=0.25,
            depreciation_years=2,
            loan_share=0.5,
            loan_interest_rate=0.10,
            loan_term_years=2,
        )
    )
    a = 4840 / 21
    np.testing.assert_allclose(r.loan_flows, [400, -a, -a], rtol=1e-12)
    np.testing.assert_allclose(r.tax, [0, -27.5, -677.5 / 21], rtol=1e-12)
    np.testing.assert_allclose(r.net, [-400, 550 - a - 27.5, 550 - a - 677.5 / 21], rtol=1e-12)
    np.testing.assert_allclose(r.investment, [-800, 0, 0])
    # simple payback is unlevered and pre-tax: 800 / (600 - 50)
    assert r.simple_payback_years == pytest.approx(800 / 550)


def test_cash_flow_loan_outstanding_at_horizon_is_repaid_in_year_n():
    # 1000 borrowed at 0 % over 10 years, analysis 2 years:
    # instalments 100, 100 and the 800 still owed repaid in year 2
    r = cash_flow(_inputs(loan_share=1.0, loan_term_years=10))
    np.testing.assert_allclose(r.loan_flows, [1000, -100, -900])
    assert r.loan_flows.sum() == pytest.approx(0.0)


def test_cash_flow_benefit_cost_ratio():
    # r = 0: savings 1600; costs: investment 1000 + O&M 200 -> 1600/1200
    r = cash_flow(_inputs())
    assert r.benefit_cost_ratio == pytest.approx(1600 / 1200)
    # an O&M *reduction* (negative O&M cost) counts as a benefit, not a cost:
    # (1600 + 100) / 1000
    r = cash_flow(_inputs(om_costs=[-50.0, -50.0]))
    assert r.benefit_cost_ratio == pytest.approx(1700 / 1000)


def test_cash_flow_zero_investment_has_no_payback():
    r = cash_flow(_inputs(investment=0.0))
    assert r.payback_years is None
    assert r.discounted_payback_years is None
    assert r.simple_payback_years is None
    assert r.irr is None  # 0, 700, 700: no sign change
    assert r.npv == pytest.approx(1400)


def test_cash_flow_savings_never_cover():
    # net: -1000, 100, 100 -> cumulative -800 at year 2
    r = cash_flow(_inputs(savings=[200.0, 200.0]))
    assert r.payback_years is None
    assert r.discounted_payback_years is None
    assert r.simple_payback_years == pytest.approx(10.0)  # 1000/100, beyond N, not capped
    # IRR exists and is negative: -1000 + 100x + 100x^2 = 0
    x = (-100 + math.sqrt(100**2 + 4 * 100 * 1000)) / 200
    assert r.irr == pytest.approx(1 / x - 1, rel=1e-9)


def test_cash_flow_savings_never_positive():
    r = cash_flow(_inputs(savings=[0.0, 0.0]))
    assert r.irr is None and r.payback_years is None and r.simple_payback_years is None


def test_to_frame_columns():
    frame = cash_flow(_inputs(income_tax_rate=0.25)).to_frame()
    assert list(frame.columns) == [
        "year",
        "savings_yuan",
        "costs_yuan",
        "net_yuan",
        "cumulative_yuan",
        "discounted_cumulative_yuan",
        "om_yuan",
        "replacement_yuan",
        "loan_yuan",
        "tax_yuan",
        "investment_yuan",
    ]
    assert list(frame["year"]) == [0, 1, 2]
    np.testing.assert_allclose(frame["savings_yuan"] + frame["costs_yuan"], frame["net_yuan"])


@pytest.mark.parametrize(
    "overrides",
    [
        dict(discount_rate=6.0),  # percent given as a fraction
        dict(income_tax_rate=25.0),
        dict(loan_share=1.5),
        dict(savings=[1.0, 2.0, 3.0]),  # wrong length
        dict(om_costs=[np.nan, 0.0]),
        dict(investment=-1.0),
        dict(analysis_years=0, savings=[], om_costs=[], replacement_costs=[]),
        dict(depreciation_years=0),
        dict(loan_term_years=0),
    ],
)
def test_cash_flow_inputs_reject_bad_values(overrides):
    with pytest.raises(ValueError):
        _inputs(**overrides)


def test_inputs_and_results_are_read_only():
    inputs = _inputs()
    with pytest.raises(ValueError):
        inputs.savings[0] = 1.0
    r = cash_flow(inputs)
    with pytest.raises(ValueError):
        r.net[0] = 1.0


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

money = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
positive_money = st.floats(min_value=1.0, max_value=1e7, allow_nan=False, allow_infinity=False)
rates = st.floats(min_value=0.0, max_value=0.3, allow_nan=False)


class PerYear(NamedTuple):
    """A part of :func:`years_of`: a list of one draw of ``elements`` per year (``extra`` more)."""

    elements: st.SearchStrategy
    extra: int = 0


def per_year(elements, extra: int = 0) -> PerYear:
    return PerYear(elements, extra)


def years_of(max_years: int, *parts):
    """Draw a number of years N in 1..max_years, then a tuple of ``parts``: each a strategy drawn
    once, or a :func:`per_year` list of N (+ extra) draws."""

    def build(n):
        return st.tuples(
            *(
                st.lists(p.elements, min_size=n + p.extra, max_size=n + p.extra) if isinstance(p, PerYear) else p
                for p in parts
            )
        )

    return st.integers(1, max_years).flatmap(build)


@st.composite
def project_flows(draw, min_years=1, max_years=40):
    n = draw(st.integers(min_years, max_years))
    investment = draw(positive_money)
    later = draw(st.lists(money, min_size=n, max_size=n))
    return [-investment] + later


@settings(deadline=None, max_examples=200)
@given(project_flows())
def test_property_npv_at_irr_is_zero(flows):
    rate = irr(flows)
    if rate is None:
        return
    cf = np.asarray(flows, dtype=float)
    v = (1.0 + rate) ** -np.arange(cf.size)
    scale = np.sum(np.abs(cf) * v)
    assert abs(npv(rate, cf)) <= 1e-6 * scale


@settings(deadline=None)
@given(years_of(30, positive_money, per_year(st.floats(0, 1e6)), per_year(st.floats(-1e5, 1e6))))
def test_property_conventional_flows_have_an_irr(args):
    # one sign change (investment, then non-negative flows) and the flows
    # cover the investment -> a unique IRR >= 0 exists (Descartes)
    investment, later, _ = args
    assume(sum(later) > investment * 1.001)
    rate = irr([-investment] + later)
    assert rate is not None and rate >= -1e-9


@settings(deadline=None, max_examples=200)
@given(years_of(30, per_year(money, extra=1), per_year(st.floats(0, 1e6))))
def test_property_more_savings_never_lengthens_payback(args):
    flows, extra = args
    more = [flows[0]] + [f + e for f, e in zip(flows[1:], extra, strict=False)]
    base = payback_period(flows)
    better = payback_period(more)
    if base is not None:
        assert better is not None
        assert better <= base


@settings(deadline=None)
@given(
    years_of(
        25, positive_money, per_year(st.floats(0, 1e6)), per_year(st.floats(0, 1e5)), per_year(st.floats(0, 1e6)), rates
    )
)
def test_property_more_savings_never_lengthens_cash_flow_payback(args):
    capex, savings, extra, om, rate = args
    n = len(savings)
    common = dict(
        analysis_years=n,
        discount_rate=rate,
        investment=capex,
        subsidy=0.0,
        om_costs=om,
        replacement_costs=[0.0] * n,
        income_tax_rate=0.25,
        depreciation_years=10,
    )
    base = cash_flow(CashFlowInputs(savings=savings, **common))
    better = cash_flow(CashFlowInputs(savings=np.add(savings, extra), **common))
    for a, b in [
        (base.payback_years, better.payback_years),
        (base.discounted_payback_years, better.discounted_payback_years),
        (base.simple_payback_years, better.simple_payback_years),
    ]:
        if a is not None:
            assert b is not None
            assert b <= a + 1e-9


@settings(deadline=None)
@given(
    years_of(
        25,
        per_year(money),
        per_year(money),
        per_year(st.floats(0, 1e6)),
        rates,
        st.sampled_from([0.0, 0.25]),
        st.sampled_from([0.0, 0.7]),
    )
)
def test_property_zero_investment_gives_no_payback(args):
    savings, om, repl, rate, tax, loan = args
    n = len(savings)
    r = cash_flow(
        CashFlowInputs(
            analysis_years=n,
            discount_rate=rate,
            investment=0.0,
            subsidy=0.0,
            savings=savings,
            om_costs=om,
            replacement_costs=repl,
            income_tax_rate=tax,
            loan_share=loan,
            loan_interest_rate=0.05,
            loan_term_years=5,
        )
    )
    assert r.payback_years is None
    assert r.discounted_payback_years is None
    assert r.simple_payback_years is None
    assert r.net[0] == 0.0


@settings(deadline=None, max_examples=200)
@given(project_flows(), rates)
def test_property_payback_within_analysis_period(flows, rate):
    n = len(flows) - 1
    plain = payback_period(flows)
    discounted = discounted_payback_period(rate, flows)
    for value in (plain, discounted):
        if value is not None:
            assert 0.0 <= value <= n
    if plain is not None:
        # paid back by the end of year ceil(payback), not yet a year earlier
        cum = np.cumsum(flows)
        k = math.ceil(plain)
        assert cum[k] >= -1e-9 * abs(flows[0])
        assert (cum[: max(k, 1)] < 0).all()


@settings(deadline=None)
@given(
    years_of(30, positive_money, per_year(st.floats(0, 1e6))),
    rates,
)
def test_property_discounting_never_shortens_payback(args, rate):
    # with non-negative flows after year 0 and r >= 0, every discounted prefix
    # sum is <= the undiscounted one
    investment, later = args
    flows = [-investment] + later
    plain = payback_period(flows)
    discounted = discounted_payback_period(rate, flows)
    if discounted is not None:
        assert plain is not None
        assert plain <= discounted + 1e-9
