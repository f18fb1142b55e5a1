"""Physical upper bounds of every price, power, energy and money input: one place, with the reasoning.

A value beyond its bound is refused with the field path (project file) or the
file row (profiles), never computed with: a 1e300 kW profile or a 1e30
yuan/kWh price would overflow later sums into nonsense (issue 9 item 5).
Each bound is generous, a factor of ten or more above the largest real case,
so no real project is refused.

========================  ===========  ==================================================
bound                     value        reasoning
========================  ===========  ==================================================
MAX_PRICE_YUAN_PER_KWH    100          Chinese industrial TOU prices are 0.2-2 yuan/kWh;
                                       critical-peak prices stay below 3; 100 is 30x the
                                       dearest, and also covers a price typed in fen.
MAX_POWER_KW              1e7 (10 GW)  The largest single industrial sites (aluminium
                                       smelters) draw ~6 GW; a PV plant of 10 GWp would be
                                       the largest in the world.  Applies to capacities,
                                       transformer kVA and every profile value [kW].
MAX_PROFILE_KW            1e7          = MAX_POWER_KW, for meter and PV profile values
                                       (kW, or kWh per interval of at most 1 h).
MAX_ENERGY_KWH            1e11         MAX_POWER_KW x 8760 h = 8.76e10 kWh, rounded up:
                                       the most a site within the power bound can use or
                                       save in a year.
MAX_MONEY_YUAN            1e13         10 trillion yuan, ~8 % of China's GDP; no retrofit
                                       comes near (a 10 GWp PV plant costs ~3e10 yuan).
MAX_CHARGE_YUAN_PER_KW_   1000         Basic (capacity/demand) charges are 20-50
MONTH                                  yuan/kVA or kW per month (NDRC [2023] No. 526).
========================  ===========  ==================================================
"""

from __future__ import annotations

MAX_PRICE_YUAN_PER_KWH = 100.0
MAX_POWER_KW = 1e7
MAX_PROFILE_KW = MAX_POWER_KW
MAX_ENERGY_KWH = 1e11
MAX_MONEY_YUAN = 1e13
MAX_CHARGE_YUAN_PER_KW_MONTH = 1000.0
