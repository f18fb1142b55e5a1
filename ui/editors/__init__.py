"""Input editors: site & load, tariff (painted TOU grid), measures, finance, emissions.

``InputPanel(document)`` holds them all; the main window embeds it.
"""

from ui.editors.panel import InputPanel

__all__ = ["InputPanel"]
