"""planner.terms: the bilingual-name splitter and the CJK test."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.terms import has_cjk, split_bilingual


@pytest.mark.parametrize(
    ("name", "zh", "en"),
    [
        ("冷却水泵变频 / Cooling pump VFD", "冷却水泵变频", "Cooling pump VFD"),
        ("Cooling pump VFD / 冷却水泵变频", "冷却水泵变频", "Cooling pump VFD"),
        # three separators: only the middle one leaves two halves of two parts each
        ("储能 2 MWh / 1 MW / Battery 2 MWh / 1 MW", "储能 2 MWh / 1 MW", "Battery 2 MWh / 1 MW"),
        # two separators: no split gives equal halves, so the name stays whole
        ("储能 / 2 MWh / Battery", "储能 / 2 MWh / Battery", "储能 / 2 MWh / Battery"),
        # both halves Chinese, or both English: not a bilingual name
        ("电机 / 水泵", "电机 / 水泵", "电机 / 水泵"),
        ("Motor / Pump", "Motor / Pump", "Motor / Pump"),
        ("屋顶光伏", "屋顶光伏", "屋顶光伏"),
        ("a/b 电机", "a/b 电机", "a/b 电机"),  # no spaced separator
    ],
)
def test_split_bilingual(name, zh, en):
    assert split_bilingual(name, "zh") == zh
    assert split_bilingual(name, "zh_CN") == zh
    assert split_bilingual(name, "en") == en


@pytest.mark.parametrize(
    ("text", "expected"),
    [("屋顶光伏", True), ("PV 2 MWp", False), ("CO₂", False), ("ｋＷ", True), ("", False), ("tce 标准煤", True)],
)
def test_has_cjk(text, expected):
    assert has_cjk(text) is expected


@given(
    st.text(alphabet="光伏储能电机", min_size=1, max_size=6),
    st.text(alphabet="PV battery motor", min_size=1, max_size=12).filter(lambda s: s.strip() and "/" not in s),
)
def test_the_two_halves_of_a_bilingual_name_come_back(zh, en):
    name = f"{zh} / {en}"
    assert split_bilingual(name, "zh") == zh.strip()
    assert split_bilingual(name, "en") == en.strip()
