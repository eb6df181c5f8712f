# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Belgian public holidays, working-day arithmetic and the auto-validation due date.

The ten federal public holidays are fixed by law (the "wettelijke feestdagen");
regional or sector holidays (11 July in Flanders, 27 September in Wallonia, 8 May
in Brussels, a company's bridge day, ...) are passed in as ``extra_holidays``:
each either a :class:`datetime.date` (that day only) or a ``(month, day)`` tuple
(that day every year).

A working day is Monday to Friday and not a holiday. How many days auto-validation
waits, and whether they are calendar or working days, is regional configuration
passed in by the caller.
"""

import datetime
import functools
from importlib import import_module

from dateutil.easter import easter

# the shared dated-configuration rules, under the package name of this addon
# ("odoo.addons" in Odoo, none in the Odoo-free test suite)
_ROOT = __package__.rpartition(".")[0].rpartition(".")[0]
dated = import_module(f"{_ROOT}.benefits_base.tools.dated".lstrip("."))
add_months = dated.add_months

# (month, day) of the fixed federal holidays
_FIXED_HOLIDAYS = ((1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25))


@functools.lru_cache(maxsize=64)
def _federal_holidays(year):
    easter_sunday = easter(year)
    movable = (
        easter_sunday + datetime.timedelta(days=1),  # Easter Monday
        easter_sunday + datetime.timedelta(days=39),  # Ascension
        easter_sunday + datetime.timedelta(days=50),  # Whit Monday
    )
    return frozenset(datetime.date(year, m, d) for m, d in _FIXED_HOLIDAYS) | frozenset(movable)


def _extra_for_year(year, extra_holidays):
    days = set()
    for extra in extra_holidays:
        if isinstance(extra, datetime.date):
            if extra.year == year:
                days.add(extra if type(extra) is datetime.date else extra.date())
        else:
            month, day = extra
            days.add(datetime.date(year, month, day))
    return days


def belgian_holidays(year, extra_holidays=()):
    """The Belgian public holidays of ``year`` (plus the extra ones), as a frozenset of dates."""
    return _federal_holidays(year) | frozenset(_extra_for_year(year, extra_holidays))


class _Holidays:
    """Membership test over any year, computing each year's holidays once."""

    def __init__(self, extra_holidays):
        self._extra = tuple(extra_holidays)
        self._years = {}

    def __contains__(self, day):
        holidays = self._years.get(day.year)
        if holidays is None:
            holidays = self._years[day.year] = belgian_holidays(day.year, self._extra)
        return day in holidays


def is_working_day(day, extra_holidays=()):
    """Monday to Friday and not a (federal or extra) holiday."""
    return day.weekday() < 5 and day not in belgian_holidays(day.year, extra_holidays)


def add_working_days(start, days, extra_holidays=()):
    """The date ``days`` working days after ``start`` (``start`` itself not counted).

    ``days`` may be 0 (``start`` is returned unchanged) or negative (counting back).
    """
    holidays = _Holidays(extra_holidays)
    step = datetime.timedelta(days=1 if days >= 0 else -1)
    left = abs(days)
    day = start
    while left:
        day += step
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


def working_days_between(start, end, extra_holidays=()):
    """Working days in ``(start, end]``, or minus those in ``[end, start)`` going back.

    The inverse of :func:`add_working_days`: for a working day ``end``,
    ``add_working_days(start, working_days_between(start, end)) == end``.
    """
    holidays = _Holidays(extra_holidays)
    one = datetime.timedelta(days=1)
    if end < start:
        first, last, sign = end, start - one, -1
    else:
        first, last, sign = start + one, end, 1
    count = 0
    day = first
    while day <= last:
        if day.weekday() < 5 and day not in holidays:
            count += 1
        day += one
    return sign * count


def auto_validation_due(encoded_on, days, working_days, extra_holidays=()):
    """The date on which automatic validation becomes due.

    ``days`` calendar days after ``encoded_on`` (the webinar's rule: 5 calendar
    days), or ``days`` working days after it when ``working_days`` is true (the
    current Flemish rule). The encoding day itself is never counted.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    if isinstance(encoded_on, datetime.datetime):
        encoded_on = encoded_on.date()
    if working_days:
        return add_working_days(encoded_on, days, extra_holidays)
    return encoded_on + datetime.timedelta(days=days)


def months_back_limit(today, months):
    """The earliest date of a sliding window of ``months`` months ending ``today``."""
    return add_months(today, -months)


def unpaid_too_long(performed_on, today, months):
    """Whether a performance of ``performed_on`` is unpaid for more than ``months`` months.

    The Flemish rule: more than 12 months unpaid, the performance is billed to the
    user outside service vouchers (``months`` comes from the region's configuration).
    """
    return today > add_months(performed_on, months)
