"""Hand-made inputs of the optional sheets, with the keys of DESIGN.md.

The figures are invented (they are not engine output); the tests check that
the sheets show them and that the live cells compute from them by hand.
"""

from __future__ import annotations

# 12 months; model = 1.02 x actual kWh in every month, bills 1.5 % above
BILL_CHECK = {
    "months": [
        {
            "month": m,
            "model_kwh": 1_020_000.0,
            "actual_kwh": 1_000_000.0,
            "kwh_difference_pct": 2.0,
            "model_total_yuan": 812_000.0,
            "actual_total_yuan": 800_000.0,
            "difference_yuan": 12_000.0,
            "difference_pct": 1.5,
        }
        for m in range(1, 13)
    ],
    "total": {
        "month": None,
        "model_kwh": 12_240_000.0,
        "actual_kwh": 12_000_000.0,
        "kwh_difference_pct": 2.0,
        "model_total_yuan": 9_744_000.0,
        "actual_total_yuan": 9_600_000.0,
        "difference_yuan": 144_000.0,
        "difference_pct": 1.5,
    },
    "calibrated": False,
}

STORAGE = [
    {
        "name": "储能 2 MWh / Battery 2 MWh",
        "energy_kwh": 2000.0,
        "power_kw": 1000.0,
        "dispatch": "tou_rule",
        "first_year_charged_kwh": 1_200_000.0,
        "first_year_discharged_kwh": 1_056_000.0,
        "first_year_savings_yuan": 420_000.0,
        "equivalent_full_cycles_per_year": 586.7,
        "first_year_losses_kwh": 144_000.0,
        "replacement_years": [10, 20],
    }
]

SCENARIOS = {
    "scenarios": [
        {
            "name": "基准 / Base",
            "summary": {
                "capex_yuan": 9e6,
                "npv_yuan": 8e6,
                "irr_pct": 21.0,
                "payback_years": 4.2,
                "simple_payback_years": 3.9,
                "discounted_payback_years": 5.1,
                "first_year_savings_yuan": 2.3e6,
                "first_year_co2_avoided_t": 3000.0,
            },
        },
        {
            "name": "EMC",
            "summary": {
                "capex_yuan": 1e6,
                "npv_yuan": 5e6,
                "irr_pct": None,
                "payback_years": None,
                "simple_payback_years": None,
                "discounted_payback_years": None,
                "first_year_savings_yuan": 1.1e6,
                "first_year_co2_avoided_t": 3000.0,
            },
        },
    ]
}

# energy_price: NPV linear, slope (9.6e6 - 6.4e6) / 0.4 = 8e6 yuan per unit change (x = +-20 %)
SENSITIVITY = {
    "base": {"npv_yuan": 8e6, "irr_pct": 21.0, "payback_years": 4.2},
    "drivers": [
        {
            "driver": "energy_price",
            "low": -20,
            "high": 20,
            "npv_low_yuan": 6.4e6,
            "npv_high_yuan": 9.6e6,
            "irr_low_pct": 17.0,
            "irr_high_pct": 25.0,
            "payback_low_years": 5.0,
            "payback_high_years": 3.6,
        },
        {
            "driver": "discount_rate",
            "low": -2,
            "high": 2,
            "npv_low_yuan": 9.1e6,
            "npv_high_yuan": 7.0e6,
            "irr_low_pct": 21.0,
            "irr_high_pct": 21.0,
            "payback_low_years": 4.2,
            "payback_high_years": 4.2,
        },
    ],
    "break_even": {"energy_price_pct": -100.0, "capex_pct": 90.0},
}

MONTECARLO = {
    "draws": 1000,
    "npv_yuan": {"mean": 8e6, "p10": 5e6, "p50": 8e6, "p90": 1.1e7},
    "irr_pct": {"mean": 21.0, "p10": 15.0, "p50": 21.0, "p90": 27.0},
    "payback_years": {"mean": 4.3, "p10": 3.5, "p50": 4.2, "p90": 5.4},
    "probability_npv_positive": 0.97,
    "probability_payback_within": {"3": 0.02, "5": 0.81, "8": 1.0},
    # a triangular-looking spread: the sum of two evenly spread sequences, 6e6 .. 1e7
    "npv_samples_yuan": [6e6 + 2e6 * (((i * 7919) % 1000) / 1000 + ((i * 104729) % 997) / 997) for i in range(1000)],
}

ANALYSIS = {
    "bill_check": BILL_CHECK,
    "storage": STORAGE,
    "scenarios": SCENARIOS,
    "sensitivity": SENSITIVITY,
    "montecarlo": MONTECARLO,
}
