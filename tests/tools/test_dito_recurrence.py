# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Single-date and period-plus-count lines of dito_expenses."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dito_expenses.tools.recurrence import (
    Recurrence,
    RecurrenceCode,
    RecurrenceError,
    check_recurrence,
    days_in_period,
    spread,
)


def test_single_date():
    rec = Recurrence(date(2025, 3, 4))
    assert rec.date_to == date(2025, 3, 4)
    assert rec.days == 1
    assert not rec.is_period
    assert rec.dates() == (date(2025, 3, 4),)


def test_single_date_cannot_count_twice():
    with pytest.raises(RecurrenceError) as info:
        Recurrence(date(2025, 3, 4), count=2)
    assert info.value.problem.code is RecurrenceCode.COUNT_TOO_HIGH
    assert info.value.problem.days == 1


def test_period_spread_evenly():
    rec = Recurrence(date(2025, 3, 1), date(2025, 3, 31), 4)
    assert rec.is_period
    assert rec.dates() == (date(2025, 3, 1), date(2025, 3, 8), date(2025, 3, 16), date(2025, 3, 24))


def test_count_equal_to_days_gives_every_day():
    rec = Recurrence(date(2024, 2, 1), date(2024, 2, 29), 29)  # leap year
    assert rec.dates() == tuple(date(2024, 2, 1) + timedelta(days=i) for i in range(29))


def test_count_bounds_in_february():
    assert check_recurrence(date(2025, 2, 1), date(2025, 2, 28), 28) is None
    problem = check_recurrence(date(2025, 2, 1), date(2025, 2, 28), 29)
    assert problem.code is RecurrenceCode.COUNT_TOO_HIGH
    assert (problem.count, problem.days) == (29, 28)
    assert check_recurrence(date(2024, 2, 1), date(2024, 2, 29), 29) is None


@pytest.mark.parametrize(
    "date_from, date_to, count, code",
    [
        (date(2025, 3, 10), date(2025, 3, 9), 1, RecurrenceCode.DATES_REVERSED),
        (date(2025, 3, 1), date(2025, 3, 31), 0, RecurrenceCode.COUNT_TOO_LOW),
        (date(2025, 3, 1), date(2025, 3, 31), -2, RecurrenceCode.COUNT_TOO_LOW),
        (date(2025, 3, 1), date(2025, 3, 31), 32, RecurrenceCode.COUNT_TOO_HIGH),
    ],
)
def test_invalid_recurrences(date_from, date_to, count, code):
    assert check_recurrence(date_from, date_to, count).code is code
    with pytest.raises(RecurrenceError) as info:
        Recurrence(date_from, date_to, count)
    assert info.value.problem.code is code
    with pytest.raises(RecurrenceError):
        spread(date_from, date_to, count)


def test_count_must_be_an_integer():
    with pytest.raises(TypeError):
        Recurrence(date(2025, 3, 1), date(2025, 3, 31), 2.0)
    with pytest.raises(TypeError):
        Recurrence(date(2025, 3, 1), date(2025, 3, 31), True)


def test_period_across_new_year():
    rec = Recurrence(date(2025, 12, 30), date(2026, 1, 2), 2)
    assert rec.days == 4
    assert rec.dates() == (date(2025, 12, 30), date(2026, 1, 1))


def test_days_in_period():
    assert days_in_period(date(2025, 1, 1)) == 1
    assert days_in_period(date(2025, 1, 1), date(2025, 12, 31)) == 365
    assert days_in_period(date(2025, 1, 2), date(2025, 1, 1)) == 0


def test_overlap():
    march = Recurrence(date(2025, 3, 1), date(2025, 3, 31), 3)
    assert march.overlap(Recurrence(date(2025, 3, 31))) == (date(2025, 3, 31), date(2025, 3, 31))
    assert march.overlap(Recurrence(date(2025, 2, 20), date(2025, 3, 2), 1)) == (
        date(2025, 3, 1),
        date(2025, 3, 2),
    )
    assert march.overlap(Recurrence(date(2025, 4, 1))) is None


@st.composite
def periods(draw):
    date_from = draw(st.dates(date(2000, 1, 1), date(2040, 12, 31)))
    date_to = date_from + timedelta(days=draw(st.integers(0, 400)))
    count = draw(st.integers(1, days_in_period(date_from, date_to)))
    return date_from, date_to, count


@given(periods())
def test_expansion_yields_count_distinct_dates_inside(period):
    date_from, date_to, count = period
    dates = Recurrence(date_from, date_to, count).dates()
    assert len(dates) == count
    assert len(set(dates)) == count
    assert list(dates) == sorted(dates)
    assert dates[0] == date_from
    assert all(date_from <= day <= date_to for day in dates)


@given(
    st.dates(date(2000, 1, 1), date(2040, 12, 31)),
    st.integers(0, 400),
    st.integers(-3, 500),
)
def test_validity_is_exactly_the_bounds(date_from, length, count):
    date_to = date_from + timedelta(days=length)
    problem = check_recurrence(date_from, date_to, count)
    assert (problem is None) == (1 <= count <= length + 1)
