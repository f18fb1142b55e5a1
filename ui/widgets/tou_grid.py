"""The 12 x 24 time-of-use period schedule as a coloured grid that can be painted.

Rows are months (January at the top), columns the hours 0-23.  Pick a
period in the :class:`PeriodPalette` (it doubles as the legend), press the
left mouse button and drag over cells: the cells take the period while
dragging and one :attr:`TouGrid.strokeFinished` is emitted on release with
every cell of the stroke, so the editor pushes one undo command per stroke.
Pressing on a month name paints the whole month, on an hour number the hour
in every month.  Right click picks the period under the cursor.  Keyboard:
arrows move, Space paints the current cell.

The grid never changes the project; it shows what it is given with
:meth:`TouGrid.set_schedule`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QWidget,
)

from planner.model.project import PERIODS
from ui.widgets.fields import format_number
from ui.widgets.labels import month_label, period_label, period_short, unit

PERIOD_COLOURS: dict[str, str] = {
    "critical_peak": "#b71c1c",
    "peak": "#f57c00",
    "flat": "#fdd835",
    "valley": "#81d4fa",
    "deep_valley": "#1565c0",
}
"""Fill colour of each period (warm = expensive, cool = cheap)."""

_TEXT_COLOURS = {
    "critical_peak": "#ffffff",
    "peak": "#000000",
    "flat": "#000000",
    "valley": "#000000",
    "deep_valley": "#ffffff",
}


def period_icon(period: str, size: int = 14) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(QColor(PERIOD_COLOURS.get(period, "#cccccc")))
    p = QPainter(pm)
    p.setPen(QColor("#555555"))
    p.drawRect(0, 0, size - 1, size - 1)
    p.end()
    return QIcon(pm)


class TouGrid(QWidget):
    """Paintable 12 x 24 period grid."""

    strokeFinished = Signal(object, str)
    """(cells, period): ``cells`` is a sorted list of (month index 0-11, hour 0-23)."""

    periodPicked = Signal(str)
    """Right click on a cell: its period."""

    ROWS = 12
    COLS = 24

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._schedule: list[list[str]] = [["flat"] * 24 for _ in range(12)]
        self._period = "peak"
        self._prices: dict[str, float] = {}
        self._stroke: set[tuple[int, int]] | None = None
        self._last_pos: QPointF | None = None
        self._read_only = False
        self._cursor = (0, 0)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, True)

    # -- data --------------------------------------------------------------------------
    def set_schedule(self, rows: list[list[str]]) -> None:
        self._schedule = [list(r) for r in rows]
        self.update()

    def schedule(self) -> list[list[str]]:
        """What the grid shows, the stroke in progress included."""
        out = [list(r) for r in self._schedule]
        for m, h in self._stroke or ():
            out[m][h] = self._period
        return out

    def set_current_period(self, period: str) -> None:
        self._period = period

    def current_period(self) -> str:
        return self._period

    def set_prices(self, prices: dict[str, float]) -> None:
        self._prices = dict(prices)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._stroke = None
        self.update()

    def is_read_only(self) -> bool:
        return self._read_only

    def stroke_active(self) -> bool:
        return self._stroke is not None

    # -- geometry ------------------------------------------------------------------------
    def _header(self) -> tuple[float, float]:
        fm = self.fontMetrics()
        left = max(fm.horizontalAdvance(month_label(m)) for m in range(1, 13)) + 10
        top = fm.height() + 4
        return float(left), float(top)

    def _cell_size(self) -> tuple[float, float]:
        left, top = self._header()
        return (max(self.width() - left - 1, 24) / self.COLS, max(self.height() - top - 1, 12) / self.ROWS)

    def cell_rect(self, month_index: int, hour: int) -> QRectF:
        left, top = self._header()
        cw, ch = self._cell_size()
        return QRectF(left + hour * cw, top + month_index * ch, cw, ch)

    def cell_center(self, month_index: int, hour: int) -> QPoint:
        return self.cell_rect(month_index, hour).center().toPoint()

    def month_header_center(self, month_index: int) -> QPoint:
        left, top = self._header()
        _, ch = self._cell_size()
        return QPointF(left / 2, top + (month_index + 0.5) * ch).toPoint()

    def hour_header_center(self, hour: int) -> QPoint:
        left, top = self._header()
        cw, _ = self._cell_size()
        return QPointF(left + (hour + 0.5) * cw, top / 2).toPoint()

    def hit(self, pos: QPoint | QPointF) -> list[tuple[int, int]]:
        """Cells under ``pos``: one cell, a whole month (month names) or a whole hour (hour numbers)."""
        left, top = self._header()
        cw, ch = self._cell_size()
        x, y = pos.x(), pos.y()
        col = int((x - left) // cw) if x >= left else -1
        row = int((y - top) // ch) if y >= top else -1
        if x < left and 0 <= row < self.ROWS:
            return [(row, h) for h in range(self.COLS)]
        if y < top and 0 <= col < self.COLS:
            return [(m, col) for m in range(self.ROWS)]
        if 0 <= row < self.ROWS and 0 <= col < self.COLS:
            return [(row, col)]
        return []

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        left, top = self._header()
        return QSize(int(left + 24 * 26 + 2), int(top + 12 * 21 + 2))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        left, top = self._header()
        return QSize(int(left + 24 * 15 + 2), int(top + 12 * 15 + 2))

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        left, top = self._header()
        cw, ch = self._cell_size()
        pal = self.palette()
        text_colour = pal.windowText().color()
        if not self.isEnabled() or self._read_only:
            p.setOpacity(0.55)
        # hour numbers
        p.setPen(text_colour)
        step = 1 if cw >= 18 else (2 if cw >= 10 else 3)
        for h in range(0, 24, step):
            p.drawText(QRectF(left + h * cw, 0, cw, top), Qt.AlignmentFlag.AlignCenter, str(h))
        for m in range(12):
            p.drawText(
                QRectF(0, top + m * ch, left - 6, ch),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                month_label(m + 1),
            )
        sched = self.schedule()
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        p.setFont(font)
        show_text = cw >= 16 and ch >= 12
        grid_pen = QPen(QColor("#ffffff"))
        grid_pen.setWidthF(1.0)
        for m in range(12):
            for h in range(24):
                period = sched[m][h]
                r = self.cell_rect(m, h)
                p.fillRect(r, QColor(PERIOD_COLOURS.get(period, "#cccccc")))
                p.setPen(grid_pen)
                p.drawRect(r)
                if show_text:
                    p.setPen(QColor(_TEXT_COLOURS.get(period, "#000000")))
                    p.drawText(r, Qt.AlignmentFlag.AlignCenter, period_short(period))
        if self.hasFocus() and not self._read_only:
            pen = QPen(text_colour)
            pen.setWidth(2)
            pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawRect(self.cell_rect(*self._cursor).adjusted(1, 1, -1, -1))
        p.end()

    # -- mouse -------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        cells = self.hit(event.position())
        if event.button() == Qt.MouseButton.RightButton and len(cells) == 1:
            m, h = cells[0]
            self.periodPicked.emit(self._schedule[m][h])
            event.accept()
            return
        if event.button() != Qt.MouseButton.LeftButton or self._read_only or not self.isEnabled():
            super().mousePressEvent(event)
            return
        self._stroke = set(cells)
        self._last_pos = event.position()
        if len(cells) == 1:
            self._cursor = cells[0]
        self.update()
        event.accept()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # the stroke is tracked by press/release, not event.buttons(): synthetic
        # moves (tests, some tablets) do not always carry the button state
        if self._stroke is not None:
            before = len(self._stroke)
            self._add_segment(event.position())
            if len(self._stroke) != before:
                self.update()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._stroke is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        self._add_segment(event.position())
        self._finish()
        event.accept()

    def _add_segment(self, pos: QPointF) -> None:
        """Add the cells under the straight line from the previous mouse position to ``pos``
        (a fast drag skips cells between two move events)."""
        start = self._last_pos if self._last_pos is not None else pos
        cw, ch = self._cell_size()
        dx, dy = pos.x() - start.x(), pos.y() - start.y()
        steps = max(1, int(max(abs(dx) / (cw / 3), abs(dy) / (ch / 3))))
        for i in range(1, steps + 1):
            t = i / steps
            self._stroke.update(self.hit(QPointF(start.x() + dx * t, start.y() + dy * t)))
        self._last_pos = pos

    def _finish(self) -> None:
        cells = sorted(self._stroke or ())
        self._stroke = None
        if cells:
            # the editor answers by pushing an edit (or refusing it); show the
            # painted cells until then so the grid does not flicker back
            for m, h in cells:
                self._schedule[m][h] = self._period
            self.strokeFinished.emit(cells, self._period)
        self.update()

    def cancel_stroke(self) -> None:
        self._stroke = None
        self.update()

    # -- keyboard ---------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        m, h = self._cursor
        key = event.key()
        moves = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0)}
        if key in moves:
            dm, dh = moves[key]
            self._cursor = (min(11, max(0, m + dm)), min(23, max(0, h + dh)))
            self.update()
            event.accept()
            return
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._read_only:
            self._stroke = {self._cursor}
            self._finish()
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self._stroke is not None:
            self.cancel_stroke()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- tooltips ------------------------------------------------------------------------
    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            cells = self.hit(event.pos())
            if len(cells) == 1:
                m, h = cells[0]
                period = self._schedule[m][h]
                price = self._prices.get(period)
                text = f"{month_label(m + 1)} {h:02d}:00–{h + 1:02d}:00  {period_label(period)}"
                if price is not None:
                    text += f"  {format_number(price)} {unit('yuan/kWh')}"
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class PeriodPalette(QWidget):
    """The legend of the grid and the period to paint with: one button per period."""

    periodSelected = Signal(str)

    COLUMNS = 3
    """Buttons per row (two rows fit a narrow input panel)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QGridLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        for period in PERIODS:
            b = QToolButton()
            b.setCheckable(True)
            b.setIcon(period_icon(period))
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setAutoRaise(False)
            b.clicked.connect(lambda _=False, p=period: self._clicked(p))
            self.group.addButton(b)
            self.buttons[period] = b
            i = len(self.buttons) - 1
            lay.addWidget(b, i // self.COLUMNS, i % self.COLUMNS)
        lay.setColumnStretch(self.COLUMNS, 1)
        self.set_prices({})
        self.buttons["peak"].setChecked(True)

    def set_prices(self, prices: dict[str, float]) -> None:
        for period, b in self.buttons.items():
            price = prices.get(period)
            if price is None:
                b.setText(period_label(period))
                b.setToolTip(self.tr("No price set for this period"))
            else:
                b.setText(f"{period_label(period)} {format_number(price)}")
                b.setToolTip(f"{period_label(period)}: {format_number(price)} {unit('yuan/kWh')}")

    def period(self) -> str:
        for period, b in self.buttons.items():
            if b.isChecked():
                return period
        return "peak"

    def set_period(self, period: str) -> None:
        if period in self.buttons:
            self.buttons[period].setChecked(True)
            self.periodSelected.emit(period)

    def _clicked(self, period: str) -> None:
        self.periodSelected.emit(period)
