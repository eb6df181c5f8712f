# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Monthly batch calendar of dito_expenses: cut-off, closed day, reopening, time zone."""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dito_expenses.tools.periods import BatchMonth, CutoffCalendar

BRUSSELS = ZoneInfo("Europe/Brussels")
CAL = CutoffCalendar()


def utc(*args):
    """Naive UTC datetime, as Odoo stores them."""
    return datetime(*args)


def local(*args):
    return datetime(*args, tzinfo=BRUSSELS)


# -- configuration -----------------------------------------------------------


def test_defaults_derive_the_closed_day():
    assert CAL.cutoff_day == 5
    assert CAL.closed_days == (6,)
    assert CAL.reopen_day == 7
    assert CAL.tz == "Europe/Brussels"


def test_custom_days():
    cal = CutoffCalendar(cutoff_day=10, reopen_day=13)
    assert cal.closed_days == (11, 12)
    assert cal.batch_of(date(2025, 3, 10)) == BatchMonth(2025, 3)
    assert cal.batch_of(date(2025, 3, 11)) == BatchMonth(2025, 4)
    assert not cal.is_open(date(2025, 3, 12))
    assert cal.is_open(date(2025, 3, 13))


def test_explicit_closed_days_must_match():
    assert CutoffCalendar(cutoff_day=5, closed_days=(6,), reopen_day=7).closed_days == (6,)
    with pytest.raises(ValueError, match="closed_days"):
        CutoffCalendar(cutoff_day=5, closed_days=(6, 7), reopen_day=7)


def test_no_closed_day_when_reopening_right_after_cutoff():
    cal = CutoffCalendar(cutoff_day=5, reopen_day=6)
    assert cal.closed_days == ()
    assert all(cal.is_open(date(2025, 5, day)) for day in range(1, 32))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"cutoff_day": 7, "reopen_day": 7},
        {"cutoff_day": 8, "reopen_day": 7},
        {"cutoff_day": 0, "reopen_day": 2},
        {"cutoff_day": 27, "reopen_day": 29},
        {"tz": "Europe/Nowhere"},
    ],
)
def test_invalid_configuration(kwargs):
    with pytest.raises(ValueError):
        CutoffCalendar(**kwargs)


# -- around midnight of the 5th/6th/7th, winter and summer time ---------------


@pytest.mark.parametrize(
    "moment, batch, is_open",
    [
        # January: Brussels is UTC+1
        (utc(2025, 1, 5, 22, 59, 59), BatchMonth(2025, 1), True),  # 23:59:59 local on the 5th
        (utc(2025, 1, 5, 23, 0, 0), BatchMonth(2025, 2), False),  # 00:00 local on the 6th
        (utc(2025, 1, 6, 22, 59, 59), BatchMonth(2025, 2), False),  # 23:59:59 on the 6th
        (utc(2025, 1, 6, 23, 0, 0), BatchMonth(2025, 2), True),  # 00:00 on the 7th
        # April: Brussels is UTC+2 (summer time)
        (utc(2025, 4, 5, 21, 59, 59), BatchMonth(2025, 4), True),
        (utc(2025, 4, 5, 22, 0, 0), BatchMonth(2025, 5), False),
        (utc(2025, 4, 6, 21, 59, 59), BatchMonth(2025, 5), False),
        (utc(2025, 4, 6, 22, 0, 0), BatchMonth(2025, 5), True),
        # the UTC date would say the 5th, local time is already the 6th
        (utc(2025, 7, 5, 22, 30), BatchMonth(2025, 8), False),
        # the 1st of the month, early: still the previous month in UTC
        (utc(2025, 2, 28, 23, 30), BatchMonth(2025, 3), True),
    ],
)
def test_cutoff_around_midnight_brussels(moment, batch, is_open):
    assert CAL.batch_of(moment) == batch
    assert CAL.is_open(moment) is is_open


def test_aware_datetimes_are_converted():
    new_york = ZoneInfo("America/New_York")
    # 18:30 in New York on the 5th of March = 00:30 in Brussels on the 6th
    moment = datetime(2025, 3, 5, 18, 30, tzinfo=new_york)
    assert CAL.local_date(moment) == date(2025, 3, 6)
    assert CAL.batch_of(moment) == BatchMonth(2025, 4)
    assert CAL.batch_of(local(2025, 3, 5, 23, 59, 59)) == BatchMonth(2025, 3)
    assert CAL.batch_of(datetime(2025, 3, 5, 22, 59, 59, tzinfo=timezone.utc)) == BatchMonth(
        2025, 3
    )


def test_naive_datetimes_are_utc_and_dates_are_local():
    assert CAL.local(utc(2025, 1, 5, 23, 0)) == local(2025, 1, 6, 0, 0)
    assert CAL.local_date(date(2025, 1, 5)) == date(2025, 1, 5)
    assert CAL.batch_of(date(2025, 1, 5)) == BatchMonth(2025, 1)
    assert CAL.batch_of(date(2025, 1, 6)) == BatchMonth(2025, 2)


def test_deadlines_follow_summer_time():
    assert CAL.deadline(BatchMonth(2025, 1)) == local(2025, 1, 6)
    assert CAL.deadline_utc(BatchMonth(2025, 1)) == utc(2025, 1, 5, 23, 0)
    assert CAL.deadline_utc(BatchMonth(2025, 4)) == utc(2025, 4, 5, 22, 0)
    assert CAL.window_start(BatchMonth(2025, 4)) == local(2025, 3, 6)
    assert CAL.last_signing_day(BatchMonth(2025, 4)) == date(2025, 4, 5)
    assert CAL.closing_day(BatchMonth(2025, 4)) == date(2025, 4, 6)
    assert CAL.reopens_on(BatchMonth(2025, 4)) == date(2025, 4, 7)


def test_cutoff_on_the_day_summer_time_ends():
    # 26 October 2025: clocks go back from 03:00 CEST to 02:00 CET
    cal = CutoffCalendar(cutoff_day=26, reopen_day=28)
    assert cal.deadline_utc(BatchMonth(2025, 10)) == utc(2025, 10, 26, 23, 0)
    assert cal.batch_of(utc(2025, 10, 26, 0, 30)) == BatchMonth(2025, 10)  # 02:30 CEST
    assert cal.batch_of(utc(2025, 10, 26, 1, 30)) == BatchMonth(2025, 10)  # 02:30 CET
    assert cal.batch_of(utc(2025, 10, 26, 22, 59, 59)) == BatchMonth(2025, 10)
    assert cal.batch_of(utc(2025, 10, 26, 23, 0)) == BatchMonth(2025, 11)
    assert not cal.is_open(utc(2025, 10, 26, 23, 0))


def test_deadline_offset_changes_when_summer_time_starts():
    # 30 March 2025: clocks jump from 02:00 CET to 03:00 CEST
    cal = CutoffCalendar(cutoff_day=1, reopen_day=3)
    assert cal.deadline_utc(BatchMonth(2025, 3)) == utc(2025, 3, 1, 23, 0)
    assert cal.deadline_utc(BatchMonth(2025, 4)) == utc(2025, 4, 1, 22, 0)


# -- month and year boundaries ----------------------------------------------


def test_december_goes_to_january_of_next_year():
    assert CAL.batch_of(utc(2025, 12, 5, 22, 59, 59)) == BatchMonth(2025, 12)
    assert CAL.batch_of(utc(2025, 12, 5, 23, 0)) == BatchMonth(2026, 1)
    assert CAL.batch_of(date(2025, 12, 7)) == BatchMonth(2026, 1)
    # 31 December 23:30 UTC is already New Year's Day in Brussels
    assert CAL.local_date(utc(2025, 12, 31, 23, 30)) == date(2026, 1, 1)
    assert CAL.batch_of(utc(2025, 12, 31, 23, 30)) == BatchMonth(2026, 1)
    assert CAL.batch_of(date(2026, 1, 5)) == BatchMonth(2026, 1)
    assert CAL.batch_of(date(2026, 1, 6)) == BatchMonth(2026, 2)


def test_status_banner():
    opened = CAL.status(utc(2025, 12, 2, 9, 0))
    assert opened.is_open
    assert opened.batch == BatchMonth(2025, 12)
    assert opened.deadline == local(2025, 12, 6)
    assert opened.reopens_on is None

    closed = CAL.status(utc(2025, 12, 6, 12, 0))
    assert not closed.is_open
    assert closed.batch == BatchMonth(2026, 1)
    assert closed.reopens_on == date(2025, 12, 7)
    assert closed.deadline == local(2026, 1, 6)

    reopened = CAL.status(local(2025, 12, 7, 0, 0))
    assert reopened.is_open
    assert reopened.batch == BatchMonth(2026, 1)


def test_last_closed_batch():
    assert CAL.last_closed_batch(date(2025, 1, 5)) == BatchMonth(2024, 12)
    assert CAL.last_closed_batch(date(2025, 1, 6)) == BatchMonth(2025, 1)
    assert CAL.last_closed_batch(date(2025, 1, 31)) == BatchMonth(2025, 1)


def test_batch_month_arithmetic():
    assert BatchMonth(2025, 12).next() == BatchMonth(2026, 1)
    assert BatchMonth(2026, 1).previous() == BatchMonth(2025, 12)
    assert BatchMonth(2025, 1).shift(-13) == BatchMonth(2023, 12)
    assert BatchMonth(2024, 2).last_day == date(2024, 2, 29)
    assert BatchMonth(2025, 2).last_day == date(2025, 2, 28)
    assert BatchMonth(2025, 12).last_day == date(2025, 12, 31)
    assert str(BatchMonth(2026, 3)) == "2026-03"
    assert BatchMonth(2025, 12) < BatchMonth(2026, 1)
    with pytest.raises(ValueError):
        BatchMonth(2025, 13)


# -- invariants --------------------------------------------------------------

MOMENTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31, 23, 59, 59))
CALENDARS = st.builds(
    lambda cutoff, gap: CutoffCalendar(cutoff_day=cutoff, reopen_day=cutoff + gap),
    st.integers(1, 20),
    st.integers(1, 8),
)


@given(MOMENTS, CALENDARS)
def test_batch_windows_partition_time(moment, cal):
    batch = cal.batch_of(moment)
    aware = moment.replace(tzinfo=timezone.utc)
    assert cal.window_start(batch) <= aware < cal.deadline(batch)
    day = cal.local_date(moment)
    assert batch in (BatchMonth.of(day), BatchMonth.of(day).next())
    assert (batch == BatchMonth.of(day)) == (day.day <= cal.cutoff_day)


@given(MOMENTS, CALENDARS)
def test_entry_closed_exactly_between_cutoff_and_reopen(moment, cal):
    day = cal.local_date(moment).day
    assert cal.is_open(moment) == (not cal.cutoff_day < day < cal.reopen_day)
    status = cal.status(moment)
    if not status.is_open:
        assert status.reopens_on > cal.local_date(moment)
        assert status.reopens_on - cal.local_date(moment) < timedelta(days=cal.reopen_day)


@given(st.integers(1990, 2100), st.integers(1, 12), st.integers(-30, 30))
def test_batch_shift_round_trips(year, month, months):
    batch = BatchMonth(year, month)
    assert batch.shift(months).shift(-months) == batch
    assert batch.next().first_day == batch.last_day + timedelta(days=1)


# -- issue 9.6: signed by the 5th -> billed and paid that month ------------------

BRUSSELS = ZoneInfo("Europe/Brussels")


def _brussels(*args):
    return datetime(*args, tzinfo=BRUSSELS)


def test_signed_by_the_fifth_stays_in_the_month_when_approved_by_the_end_of_the_sixth():
    """Seed 000: "Alle onkosten die ten laatste op de 5de van de maand correct zijn
    ingediend en ondertekend … worden diezelfde maand gefactureerd en uitbetaald";
    issue 9.6: "that note belongs to this month's batch as long as it is approved
    before the batch is billed … the batch waits for them until the end of the 6th"."""
    march = BatchMonth(2026, 3)
    assert CAL.batch_of(_brussels(2026, 3, 5, 23, 59)) == march
    assert CAL.batch_of(_brussels(2026, 3, 6, 0, 0)) == march.next()
    assert not CAL.is_open(_brussels(2026, 3, 6, 0, 0))
    assert CAL.approved_in_time(march, _brussels(2026, 3, 6, 23, 59, 59))
    assert not CAL.approved_in_time(march, _brussels(2026, 3, 7, 0, 0))
    assert CAL.billing_moment(march) == _brussels(2026, 3, 7)
    # naive UTC, as Odoo stores it: the 7th 00:00 in Brussels is the 6th 23:00 UTC
    assert CAL.billing_moment_utc(march) == datetime(2026, 3, 6, 23, 0)
    assert CAL.approved_in_time(march, datetime(2026, 3, 6, 22, 59, 59))
    assert not CAL.approved_in_time(march, datetime(2026, 3, 6, 23, 0))


def test_billing_waits_for_the_end_of_the_sixth():
    march = BatchMonth(2026, 3)
    assert CAL.last_billable_batch(_brussels(2026, 3, 6, 23, 59)) == march.previous()
    assert CAL.last_billable_batch(_brussels(2026, 3, 7, 0, 0)) == march
    assert CAL.last_billable_batch(date(2026, 3, 31)) == march
    assert CAL.last_billable_batch(date(2026, 1, 6)) == BatchMonth(2025, 12)
    assert CAL.last_billable_batch(date(2026, 1, 7)) == BatchMonth(2026, 1)


def test_holders_are_reminded_on_the_fifth_and_the_sixth():
    days = [day for day in range(1, 29) if CAL.is_holder_reminder_day(date(2026, 3, day))]
    assert days == [5, 6]
    assert CAL.is_holder_reminder_day(_brussels(2026, 3, 6, 23, 59))
    assert not CAL.is_holder_reminder_day(_brussels(2026, 3, 7, 0, 0))
    # the 4th 23:30 UTC is already the 5th in Brussels
    assert CAL.is_holder_reminder_day(datetime(2026, 3, 4, 23, 30))


@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)))
def test_a_batch_is_billed_only_after_its_signing_window(moment):
    batch = CAL.last_billable_batch(moment)
    assert CAL.billing_moment(batch) <= CAL.local(moment)
    assert CAL.deadline(batch) < CAL.billing_moment(batch)
    assert CAL.billing_moment(batch.next()) > CAL.local(moment)
