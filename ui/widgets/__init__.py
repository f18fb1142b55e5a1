"""Small widgets shared by the editors: fields with units and inline problems,
the paintable TOU grid, the load-profile chart."""

from ui.widgets.fields import (
    CheckField,
    ChoiceField,
    DateListField,
    FieldBase,
    NumberField,
    ParseError,
    TextField,
    format_number,
    parse_number,
)
from ui.widgets.tou_grid import PERIOD_COLOURS, PeriodPalette, TouGrid

__all__ = [
    "CheckField",
    "ChoiceField",
    "DateListField",
    "FieldBase",
    "NumberField",
    "ParseError",
    "TextField",
    "format_number",
    "parse_number",
    "PERIOD_COLOURS",
    "PeriodPalette",
    "TouGrid",
]
