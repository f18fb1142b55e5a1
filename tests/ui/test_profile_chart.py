"""The meter-import preview chart: a year of hourly kW, and no kW scale while empty."""

import numpy as np

from ui.widgets.profile_chart import ProfileChart


def test_empty_chart_shows_no_kw_scale(qtbot):
    chart = ProfileChart()
    qtbot.addWidget(chart)
    assert chart.point_count() == 0 and not chart.y_axis.labelsVisible()


def test_a_profile_sets_the_scale_and_an_empty_one_clears_it(qtbot):
    chart = ProfileChart()
    qtbot.addWidget(chart)
    kw = np.full(8760, 1000.0)
    kw[100] = 2300.0
    chart.set_profile(kw)
    assert chart.point_count() == 8760 and chart.y_axis.labelsVisible()
    assert chart.y_axis.max() >= 2300.0 * 1.05 - 1e-9  # 5 % headroom above the peak, then nice numbers
    assert chart.x_axis.max() == 365.0  # 8760 h / 24
    chart.set_profile(None)
    assert chart.point_count() == 0 and not chart.y_axis.labelsVisible()
