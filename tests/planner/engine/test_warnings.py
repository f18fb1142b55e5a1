"""The results' warnings are catalogue phrases: the English (results JSON, CLI) is the wording the engine
wrote before they became phrases, word for word, and each reads in Chinese in the app."""

import pytest

from planner.terms import Note, has_cjk

CASES = [
    (
        Note("warning.negative_after", n=12),
        "measures save more than the baseline load in 12 hours: check the load or the measures' schedules "
        "(the post-retrofit load is taken as 0 there for PV netting)",
    ),
    (
        Note("warning.storage_losses"),
        "storage: round-trip losses are extra grid kWh and count against energy saved, CO2 and tce "
        "(location-based accounting); see storage[].first_year_losses_kwh",
    ),
    (Note("warning.export_none"), "PV measures disagree on export; anti-backflow (no export) applied to all"),
    (
        Note("warning.export_capped", limit=1500.0),
        "PV measures disagree on export; export capped at 1500 kW for the whole site",
    ),
    (
        Note("warning.pf_penalty", months=[4, 5, 10]),
        "the retrofit lowers the power factor below the standard and creates a power-factor penalty in month "
        "4, 5, 10 (PV and efficiency lower kWh, not kvarh): consider power-factor correction",
    ),
    (
        Note("warning.pfc_no_tariff"),
        "a power_factor_correction measure saves nothing: the tariff has no power_factor adjustment",
    ),
    (
        Note("warning.lost_kva_discount", months=[7, 8]),
        "the retrofit lowers kWh per kVA below 260 and loses the 90 % demand price in month 7, 8",
    ),
    (
        Note("warning.self_use", ratio=43.21, floor=50.0),
        "PV self-use ratio 43.2 % is below the provincial minimum 50 % for general C&I (NEA 2025 No. 7): "
        "reduce the PV size, cap export or add storage",
    ),
    (
        Note("warning.contract_low", minimum=0.4 * 2500.0, found=800.0),
        "tariff/basic_charge/contract_demand_kw: expected at least 40 % of transformer_kva (1000), found 800: "
        "the rule forbids a contract this low (billed as given)",
    ),
]


@pytest.mark.parametrize(("note", "english"), CASES, ids=[c[0].key for c in CASES])
def test_english_is_the_former_wording_and_chinese_exists(note, english):
    assert note == english and note.text("en") == english
    zh = note.text("zh")
    assert has_cjk(zh) and zh != english


def test_month_lists_read_in_chinese():
    assert "4、5、10 月" in Note("warning.pf_penalty", months=[4, 5, 10]).text("zh")
