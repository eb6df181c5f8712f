# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dated legal figures of dito_expenses: picking the one in force."""

from datetime import date
from decimal import Decimal

import pytest
from benefits_base.tools.dated import NoFigureInForce, OverlappingFigures

from dito_expenses.tools.lines import TransportMode
from dito_expenses.tools.rates import (
    AllowanceRates,
    KmRate,
    allowance_at,
    allowance_for_year,
    km_rate_at,
    quarter_bounds,
)

CAR, BIKE = TransportMode.CAR, TransportMode.BIKE

# Test data: the figures of shared/domain.md section 1 (2025 car rate not published).
ALLOWANCES = [
    AllowanceRates(date(2024, 1, 1), date(2024, 12, 31), "41.48", "1659.29", "3047.43", 2000),
    AllowanceRates(date(2025, 1, 1), date(2025, 12, 31), "42.31", "1692.51", "3108.44", 2000),
    AllowanceRates(date(2026, 1, 1), None, "44.02", "1760.83", "3233.91", 2000),
]
KM_RATES = [
    KmRate(date(2024, 1, 1), date(2024, 3, 31), CAR, "0.4269"),
    KmRate(date(2024, 4, 1), date(2024, 6, 30), CAR, "0.4265"),
    KmRate(date(2026, 1, 1), date(2026, 3, 31), CAR, "0.4326"),
    KmRate(date(2024, 1, 1), date(2024, 12, 31), BIKE, "0.35"),
    KmRate(date(2026, 1, 1), date(2026, 12, 31), BIKE, "0.37"),
]


@pytest.mark.parametrize(
    "day, per_day, per_year, higher",
    [
        (date(2024, 1, 1), "41.48", "1659.29", "3047.43"),
        (date(2024, 12, 31), "41.48", "1659.29", "3047.43"),
        (date(2025, 6, 15), "42.31", "1692.51", "3108.44"),
        (date(2026, 1, 1), "44.02", "1760.83", "3233.91"),
        (date(2031, 5, 1), "44.02", "1760.83", "3233.91"),  # open-ended record
    ],
)
def test_allowance_in_force(day, per_day, per_year, higher):
    rates = allowance_at(ALLOWANCES, day)
    assert rates.per_day == Decimal(per_day)
    assert rates.year_cap() == Decimal(per_year)
    assert rates.year_cap(higher=True) == Decimal(higher)
    assert rates.km_limit_year == 2000


def test_no_rate_names_the_date():
    with pytest.raises(NoFigureInForce, match="2023-12-31") as info:
        allowance_at(ALLOWANCES, date(2023, 12, 31))
    assert info.value.params["date"] == date(2023, 12, 31)
    assert info.value.params["start"] == date(2024, 1, 1)


def test_overlapping_records_are_refused():
    records = [*ALLOWANCES, AllowanceRates(date(2025, 7, 1), None, 1, 2, 3, 4)]
    with pytest.raises(OverlappingFigures, match="2025-01-01"):
        allowance_at(records, date(2025, 8, 1))


def test_a_figure_without_end_runs_until_the_next_one():
    """ "A figure without an end date ends where the next figure of its group starts."""
    records = [
        AllowanceRates(date(2026, 1, 1), None, "44.02", "1760.83", "3233.91", 2000),
        AllowanceRates(date(2027, 1, 1), None, "45", "1800", "3300", 2000),
    ]
    assert allowance_at(records, date(2026, 12, 31)).per_day == Decimal("44.02")
    assert allowance_at(records, date(2027, 1, 1)).per_day == Decimal(45)
    assert allowance_for_year(records, 2026).per_year == Decimal("1760.83")


def test_year_figures():
    assert allowance_for_year(ALLOWANCES, 2025).per_year == Decimal("1692.51")
    assert allowance_for_year(ALLOWANCES, 2030).per_year == Decimal("1760.83")
    with pytest.raises(NoFigureInForce, match="2023-01-01"):
        allowance_for_year(ALLOWANCES, 2023)


def test_year_figures_take_the_record_in_force_last():
    records = [
        AllowanceRates(date(2027, 1, 1), date(2027, 6, 30), 40, 1600, 3000, 2000),
        AllowanceRates(date(2027, 7, 1), date(2027, 12, 31), 45, 1800, 3300, 2000),
    ]
    assert allowance_for_year(records, 2027).per_year == 1800
    assert allowance_at(records, date(2027, 3, 1)).per_day == 40


@pytest.mark.parametrize(
    "mode, day, rate",
    [
        (CAR, date(2024, 3, 31), "0.4269"),
        (CAR, date(2024, 4, 1), "0.4265"),
        (CAR, date(2026, 2, 14), "0.4326"),
        (BIKE, date(2024, 8, 1), "0.35"),
        (BIKE, date(2026, 8, 1), "0.37"),
        ("car", date(2024, 1, 1), "0.4269"),
    ],
)
def test_km_rates(mode, day, rate):
    assert km_rate_at(KM_RATES, mode, day) == Decimal(rate)


def test_missing_car_rate_of_2025_is_a_clear_error():
    with pytest.raises(NoFigureInForce, match=r"per-km rate \(car\) is in force on 2025-05-02"):
        km_rate_at(KM_RATES, CAR, date(2025, 5, 2))


def test_values_become_decimals():
    record = KmRate(date(2024, 1, 1), None, CAR, 0.4269)
    assert record.rate == Decimal("0.4269")
    assert ALLOWANCES[0].km_limit_year == Decimal(2000)
    with pytest.raises(ValueError):
        KmRate(date(2024, 2, 1), None, CAR, "NaN")


@pytest.mark.parametrize(
    "day, first, last",
    [
        (date(2024, 2, 29), date(2024, 1, 1), date(2024, 3, 31)),
        (date(2024, 4, 1), date(2024, 4, 1), date(2024, 6, 30)),
        (date(2025, 9, 30), date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 12, 31), date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_quarter_bounds(day, first, last):
    assert quarter_bounds(day) == (first, last)
