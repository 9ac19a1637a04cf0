"""April uplifts: prices drawn in today's money, scaled back year by year (pure, no database)."""

import random
from datetime import date

from openasc.demo import mix as m
from openasc.demo.packages import Prices

AS_OF = date(2025, 6, 30).toordinal()


def test_financial_years_turn_on_the_first_of_april():
    prices = Prices(random.Random(1), AS_OF, 2015)
    march31, april1 = date(2024, 3, 31).toordinal(), date(2024, 4, 1).toordinal()
    assert prices.year_index(april1) == prices.year_index(march31) + 1
    assert prices.next_april(march31) == april1
    assert prices.next_april(april1) == date(2025, 4, 1).toordinal()


def test_todays_price_is_the_drawn_price_and_each_earlier_year_is_an_uplift_less():
    prices = Prices(random.Random(1), AS_OF, 2015)
    assert prices.cost(2200, AS_OF) == 2200
    assert prices.cost(2200, date(2025, 4, 1).toordinal()) == 2200
    lo, hi = m.ANNUAL_UPLIFT
    for year in range(2016, 2025):
        before = prices.cost(100000, date(year, 3, 31).toordinal())
        after = prices.cost(100000, date(year, 4, 1).toordinal())
        assert before * (1 + lo) - 1 <= after <= before * (1 + hi) + 1
