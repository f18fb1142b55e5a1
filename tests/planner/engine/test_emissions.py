"""planner.engine.emissions against hand values."""

import numpy as np
import pytest

from planner.engine.emissions import Impact, emissions


def test_year_by_year_and_totals_by_hand():
    # efficiency 1,000,000 kWh/a; PV 500,000 kWh in year 1 and 495,000 in year 2
    em = emissions(
        1_000_000.0, np.array([500_000.0, 495_000.0]), grid_factor_kg_per_kwh=0.5703, tce_kgce_per_kwh=0.1229
    )
    assert em.energy_saved_kwh_by_year.tolist() == [1_500_000.0, 1_495_000.0]
    # year 1: 1,500,000 kWh x 0.5703 kg/kWh / 1000 = 855.45 t CO2; x 0.1229 kgce/kWh / 1000 = 184.35 tce
    assert em.first_year == Impact(1_500_000.0, pytest.approx(855.45), pytest.approx(184.35))
    # lifetime: 2,995,000 kWh -> 1708.0485 t CO2, 368.0855 tce
    assert em.lifetime.energy_kwh == 2_995_000.0
    assert em.lifetime.co2_t == pytest.approx(1708.0485) and em.lifetime.tce == pytest.approx(368.0855)
    assert em.table["co2_avoided_t"].sum() == pytest.approx(em.lifetime.co2_t)


def test_no_years_gives_zeros():
    em = emissions(1_000.0, np.array([]), grid_factor_kg_per_kwh=0.5703, tce_kgce_per_kwh=0.1229)
    assert em.first_year == em.lifetime == Impact(0.0, 0.0, 0.0)
