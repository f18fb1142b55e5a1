"""The TOU schedule grid: painted with the mouse, one undo step per stroke."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from planner.engine.chain import run_project
from planner.io.projectfile import project_from_dict, project_to_dict
from planner.io.reference import tariff_template
from tests.conftest import SEEDS
from tests.ui.conftest import input_panel
from ui.editors import InputPanel
from ui.widgets.tou_grid import PERIOD_COLOURS, TouGrid

SEED = SEEDS / "shandong-midsize-factory.json"


@pytest.fixture
def editor(qtbot, doc):
    panel = input_panel(qtbot, doc, tab=InputPanel.TAB_TARIFF)
    qtbot.waitExposed(panel)
    ed = panel.tariff_editor
    yield ed  # (the fixture frame keeps the panel alive)


def drag(qtbot, grid: TouGrid, start, end, via=()) -> None:
    """Press on cell ``start``, move over ``via`` to ``end``, release (cells are (month index, hour))."""
    scroll = _scroll_area(grid)
    if scroll is not None:
        scroll.ensureWidgetVisible(grid, 0, 0)
        qtbot.wait(10)
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=grid.cell_center(*start))
    for cell in via:
        qtbot.mouseMove(grid, pos=grid.cell_center(*cell))
    qtbot.mouseMove(grid, pos=grid.cell_center(*end))
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=grid.cell_center(*end))


def _scroll_area(w):
    from PySide6.QtWidgets import QScrollArea

    while w is not None and not isinstance(w, QScrollArea):
        w = w.parentWidget()
    return w


def results(doc) -> dict:
    doc.recompute_now()
    assert doc.results is not None, doc.last_error
    return doc.results.to_dict()


def test_grid_shows_the_schedule_with_a_colour_per_period(editor, doc):
    grid = editor.weekday_grid
    assert grid.schedule() == doc.project.tariff.weekday_schedule
    assert editor.weekend_grid.schedule() == doc.project.tariff.weekend_schedule
    assert set(PERIOD_COLOURS) == {"critical_peak", "peak", "flat", "valley", "deep_valley"}
    assert len(set(PERIOD_COLOURS.values())) == 5
    img = grid.grab().toImage()
    c = grid.cell_center(0, 2)  # January 02:00 is valley
    assert img.pixelColor(c.x() + 6, c.y() + 5).name() == PERIOD_COLOURS["valley"]
    # the palette is the legend: one button per period with its price
    assert "1.156" in editor.palette_widget.buttons["peak"].text()


def test_paint_a_stroke_changes_schedule_and_bill_one_undo_step(qtbot, editor, doc):
    grid = editor.weekday_grid
    before = results(doc)
    old = [list(r) for r in doc.project.tariff.weekday_schedule]
    editor.palette_widget.buttons["peak"].click()
    n = doc.undo_stack.count()
    # January, 00:00-06:59 (valley) dragged through to March: 3 months x 7 hours
    drag(qtbot, grid, (0, 0), (2, 6), via=[(0, 3), (0, 6), (1, 6)])
    sched = doc.project.tariff.weekday_schedule
    assert sched[0][0:7] == ["peak"] * 7
    assert sched[1][6] == "peak" and sched[2][6] == "peak"
    assert sched[1][0] == old[1][0]  # only the cells the stroke passed over
    painted = {(0, h) for h in range(7)} | {(1, 6), (2, 6)}
    for m in range(12):
        for h in range(24):
            if (m, h) not in painted:
                assert sched[m][h] == old[m][h]
    assert doc.undo_stack.count() == n + 1
    assert doc.undo_stack.undoText() == "Paint 9 hours Peak on working days"
    assert grid.schedule() == sched

    after = results(doc)
    assert after == run_project(doc.project, doc.base_dir).to_dict()
    jan_before = before["monthly"][0]["bill_before_yuan"]
    jan_after = after["monthly"][0]["bill_before_yuan"]
    assert jan_after > jan_before  # valley hours now cost the peak price

    doc.undo_stack.undo()
    assert doc.project.tariff.weekday_schedule == old
    assert grid.schedule() == old
    assert results(doc) == before


def test_click_on_month_name_paints_the_whole_month(qtbot, editor, doc):
    grid = editor.weekday_grid
    editor.palette_widget.set_period("flat")
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.month_header_center(4))
    assert doc.project.tariff.weekday_schedule[4] == ["flat"] * 24
    assert doc.undo_stack.count() == 1


def test_click_on_hour_paints_that_hour_in_every_month(qtbot, editor, doc):
    grid = editor.weekday_grid
    editor.palette_widget.set_period("deep_valley")
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.hour_header_center(3))
    assert all(row[3] == "deep_valley" for row in doc.project.tariff.weekday_schedule)


def test_stroke_that_changes_nothing_pushes_nothing(qtbot, editor, doc):
    grid = editor.weekday_grid
    editor.palette_widget.set_period("valley")
    drag(qtbot, grid, (0, 0), (0, 3))  # already valley
    assert doc.undo_stack.count() == 0


def test_right_click_picks_the_period(qtbot, editor):
    grid = editor.weekday_grid
    qtbot.mouseClick(grid, Qt.MouseButton.RightButton, pos=grid.cell_center(0, 18))
    assert editor.palette_widget.period() == "critical_peak"
    assert grid.current_period() == "critical_peak"


def test_keyboard_painting(qtbot, editor, doc):
    grid = editor.weekday_grid
    editor.palette_widget.set_period("peak")
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert doc.project.tariff.weekday_schedule[0][1] == "peak"


def test_rest_days_paint_and_follow_working_days(qtbot, editor, doc):
    rest = editor.weekend_grid
    assert not rest.is_read_only()
    editor.palette_widget.set_period("valley")
    drag(qtbot, rest, (6, 16), (6, 21))
    assert doc.project.tariff.weekend_schedule[6][16:22] == ["valley"] * 6
    assert doc.undo_stack.undoText() == "Paint 6 hours Valley on rest days"
    editor.same_schedule_check.click()
    assert doc.project.tariff.weekend_schedule is None
    assert rest.is_read_only()
    assert rest.schedule() == doc.project.tariff.weekday_schedule
    drag(qtbot, rest, (0, 0), (0, 5))  # read-only: nothing happens
    assert doc.project.tariff.weekend_schedule is None
    editor.same_schedule_check.click()
    assert doc.project.tariff.weekend_schedule == doc.project.tariff.weekday_schedule
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.project.tariff.weekend_schedule[6][16:22] == ["valley"] * 6


def test_painting_a_period_without_price_is_explained(qtbot, editor, doc):
    d = project_to_dict(doc.project)
    d["tariff"] = tariff_template("flat_illustrative").model_dump(mode="json", exclude_none=True)
    doc.replace_project(project_from_dict(d), "flat")
    grid = editor.weekday_grid
    old = [list(r) for r in doc.project.tariff.weekday_schedule]
    n = doc.undo_stack.count()
    editor.palette_widget.set_period("peak")
    drag(qtbot, grid, (0, 8), (0, 11))
    assert doc.project.tariff.weekday_schedule == old
    assert doc.undo_stack.count() == n
    assert grid.schedule() == old  # the grid shows the project again
    text = editor.schedule_problem.text()
    assert "Peak" in text and "price" in text
    assert not editor.schedule_problem.isHidden()
    # give peak a price, then the same stroke works
    editor.price_fields["peak"].line_edit.setText("1.2")
    editor.price_fields["peak"].line_edit.textEdited.emit("1.2")
    editor.price_fields["peak"].line_edit.editingFinished.emit()
    drag(qtbot, grid, (0, 8), (0, 11))
    assert doc.project.tariff.weekday_schedule[0][8:12] == ["peak"] * 4
    assert editor.schedule_problem.isHidden()
