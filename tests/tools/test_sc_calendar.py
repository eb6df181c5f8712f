# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Belgian holidays, working days and the auto-validation due date."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicecheque_prestations.tools import calendar

D = datetime.date

# from the official calendars (Easter 2025-04-20, 2026-04-05, 2027-03-28)
HOLIDAYS = {
    2025: {
        D(2025, 1, 1),
        D(2025, 4, 21),
        D(2025, 5, 1),
        D(2025, 5, 29),
        D(2025, 6, 9),
        D(2025, 7, 21),
        D(2025, 8, 15),
        D(2025, 11, 1),
        D(2025, 11, 11),
        D(2025, 12, 25),
    },
    2026: {
        D(2026, 1, 1),
        D(2026, 4, 6),
        D(2026, 5, 1),
        D(2026, 5, 14),
        D(2026, 5, 25),
        D(2026, 7, 21),
        D(2026, 8, 15),
        D(2026, 11, 1),
        D(2026, 11, 11),
        D(2026, 12, 25),
    },
    2027: {
        D(2027, 1, 1),
        D(2027, 3, 29),
        D(2027, 5, 1),
        D(2027, 5, 6),
        D(2027, 5, 17),
        D(2027, 7, 21),
        D(2027, 8, 15),
        D(2027, 11, 1),
        D(2027, 11, 11),
        D(2027, 12, 25),
    },
}

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31))


@pytest.mark.parametrize("year", sorted(HOLIDAYS))
def test_belgian_holidays(year):
    assert calendar.belgian_holidays(year) == HOLIDAYS[year]


def test_extra_holidays_by_month_day_and_by_date():
    holidays = calendar.belgian_holidays(
        2025, extra_holidays=[(7, 11), D(2025, 12, 26), D(2026, 1, 2)]
    )
    assert HOLIDAYS[2025] < holidays
    assert holidays - HOLIDAYS[2025] == {D(2025, 7, 11), D(2025, 12, 26)}


def test_is_working_day():
    assert calendar.is_working_day(D(2025, 4, 22))  # Tuesday
    assert not calendar.is_working_day(D(2025, 4, 21))  # Easter Monday
    assert not calendar.is_working_day(D(2025, 4, 19))  # Saturday
    assert not calendar.is_working_day(D(2025, 4, 20))  # Sunday
    assert calendar.is_working_day(D(2025, 7, 11))
    assert not calendar.is_working_day(D(2025, 7, 11), extra_holidays=[(7, 11)])


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2025, 1, 3), 1, D(2025, 1, 6)),  # Friday -> Monday
        (D(2025, 1, 4), 1, D(2025, 1, 6)),  # Saturday -> Monday
        (D(2025, 4, 17), 2, D(2025, 4, 22)),  # over Easter Monday
        (D(2025, 5, 26), 5, D(2025, 6, 3)),  # over Ascension
        (D(2025, 12, 24), 1, D(2025, 12, 26)),  # over Christmas
        (D(2025, 12, 31), 1, D(2026, 1, 2)),  # over New Year, into the next year
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # New Year on a Friday, then weekend
        (D(2025, 1, 6), 0, D(2025, 1, 6)),
        (D(2025, 1, 6), -1, D(2025, 1, 3)),  # back over the weekend
        (D(2026, 1, 2), -1, D(2025, 12, 31)),  # back over New Year
        (D(2025, 7, 18), 1, D(2025, 7, 22)),  # over 21 July (Monday)
        (D(2025, 11, 10), 1, D(2025, 11, 12)),  # over 11 November
    ],
)
def test_add_working_days(start, days, expected):
    assert calendar.add_working_days(start, days) == expected


def test_add_working_days_with_regional_holiday():
    assert calendar.add_working_days(D(2025, 7, 10), 1) == D(2025, 7, 11)
    assert calendar.add_working_days(D(2025, 7, 10), 1, extra_holidays=[(7, 11)]) == D(2025, 7, 14)


def test_working_days_between():
    assert calendar.working_days_between(D(2025, 12, 22), D(2026, 1, 5)) == 8
    assert calendar.working_days_between(D(2026, 1, 5), D(2025, 12, 22)) == -8
    assert calendar.working_days_between(D(2025, 1, 6), D(2025, 1, 6)) == 0


@given(dates, st.integers(-40, 40))
def test_add_and_count_working_days_agree(start, days):
    end = calendar.add_working_days(start, days)
    assert calendar.working_days_between(start, end) == days
    if days:
        assert calendar.is_working_day(end)
        assert (end > start) == (days > 0)


@given(dates, st.integers(0, 30))
def test_working_days_never_before_calendar_days(start, days):
    by_work = calendar.auto_validation_due(start, days, working_days=True)
    by_calendar = calendar.auto_validation_due(start, days, working_days=False)
    assert by_work >= by_calendar


@pytest.mark.parametrize(
    ("encoded_on", "days", "working", "extra", "expected"),
    [
        (D(2025, 3, 3), 5, False, (), D(2025, 3, 8)),  # webinar: 5 calendar days
        (D(2025, 12, 29), 5, False, (), D(2026, 1, 3)),  # holidays do not matter
        (D(2025, 3, 3), 5, True, (), D(2025, 3, 10)),  # Monday + 5 working days
        (D(2025, 5, 26), 5, True, (), D(2025, 6, 3)),  # over Ascension
        (D(2025, 5, 26), 4, True, (), D(2025, 6, 2)),
        (D(2025, 7, 7), 5, True, ((7, 11),), D(2025, 7, 15)),  # over regional 11 July
        (D(2025, 3, 3), 60, False, (), D(2025, 5, 2)),  # Brussels/Wallonia user: 60 days
        (D(2025, 3, 3), 0, True, (), D(2025, 3, 3)),
    ],
)
def test_auto_validation_due(encoded_on, days, working, extra, expected):
    assert calendar.auto_validation_due(encoded_on, days, working, extra) == expected


def test_auto_validation_due_accepts_datetime_and_refuses_negative_days():
    moment = datetime.datetime(2025, 3, 3, 18, 30)
    assert calendar.auto_validation_due(moment, 5, working_days=False) == D(2025, 3, 8)
    with pytest.raises(ValueError):
        calendar.auto_validation_due(D(2025, 3, 3), -1, working_days=False)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2025, 3, 29), -13, D(2024, 2, 29)),
        (D(2025, 6, 15), -13, D(2024, 5, 15)),
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2025, 11, 30), 2, D(2026, 1, 30)),
    ],
)
def test_add_months(day, months, expected):
    assert calendar.add_months(day, months) == expected


def test_months_back_limit_and_unpaid_too_long():
    assert calendar.months_back_limit(D(2025, 6, 15), 13) == D(2024, 5, 15)
    assert not calendar.unpaid_too_long(D(2024, 6, 15), D(2025, 6, 15), 12)
    assert calendar.unpaid_too_long(D(2024, 6, 15), D(2025, 6, 16), 12)
