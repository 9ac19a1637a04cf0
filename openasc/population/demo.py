"""Synthetic mid-year estimates for the demo council: its adults by single year of age and
sex, England-like in shape (fewer people at each older age, more women among the oldest),
growing slowly. Adults only: the returns' rates are per 100,000 adults (18-64 and 65+)."""

from __future__ import annotations

import math

from .models import OLDEST

GROWTH_PER_YEAR = 0.005


def _shape() -> dict[int, float]:
    """Relative number of people at each age 18-90 (90 = 90 and over)."""
    weight = {
        age: 1.0 if age < 60 else math.exp(-(((age - 60) / 17) ** 1.6)) for age in range(18, 110)
    }
    shape = {age: weight[age] for age in range(18, OLDEST)}
    shape[OLDEST] = sum(weight[a] for a in range(OLDEST, 110))
    return shape


def _female_share(age: int) -> float:
    return 0.49 if age < 60 else min(0.49 + (age - 60) * 0.006, 0.68)


def demo_estimates(area: str, adults: int, years: range, base_year: int) -> dict:
    """(area, year, age, sex) -> people, with ``adults`` in ``base_year``."""
    shape = _shape()
    total = sum(shape.values())
    cells = {}
    for year in years:
        scale = adults * (1 + GROWTH_PER_YEAR) ** (year - base_year) / total
        for age, w in shape.items():
            people = w * scale
            female = round(people * _female_share(age))
            cells[(area, year, age, "female")] = female
            cells[(area, year, age, "male")] = round(people) - female
    return cells
