"""Small layout and combo-box helpers shared by the app's widgets."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QComboBox, QLayout, QVBoxLayout, QWidget


def column(parent: QWidget, *widgets, margins: tuple[int, int, int, int] = (0, 0, 0, 0), spacing: int = 6):
    """A :class:`QVBoxLayout` on ``parent`` holding ``widgets`` in order; an item ``(widget, stretch)``
    gets that stretch."""
    lay = QVBoxLayout(parent)
    lay.setContentsMargins(*margins)
    lay.setSpacing(spacing)
    for w in widgets:
        if isinstance(w, tuple):
            lay.addWidget(*w)
        else:
            lay.addWidget(w)
    return lay


def refill_combo(box: QComboBox, names: list[str]) -> None:
    """Replace the items of ``box`` by ``names``, keeping the current text when it is still there,
    without emitting a change signal while doing it."""
    current = box.currentText()
    box.blockSignals(True)
    box.clear()
    box.addItems(names)
    if current in names:
        box.setCurrentIndex(names.index(current))
    box.blockSignals(False)


def fill(layout: QBoxLayout, *items) -> QBoxLayout:
    """Add ``items`` to ``layout`` in order and return it: each a widget or a layout, or ``(item, stretch)``."""
    for item in items:
        thing, stretch = item if isinstance(item, tuple) else (item, 0)
        if isinstance(thing, QLayout):
            layout.addLayout(thing, stretch)
        else:
            layout.addWidget(thing, stretch)
    return layout
