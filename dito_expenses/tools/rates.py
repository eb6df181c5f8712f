# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dated legal figures and how to pick the one in force.

No figure lives in code: the Odoo models build these values from dated
configuration records (volunteer allowances per year, per-km rates per quarter
for cars, per year for bikes) and pass them in. A record with ``date_to`` set to
``None`` is open-ended.
"""

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .lines import TransportMode, to_decimal


class RateNotFound(LookupError):
    """No record covers the date (or year) asked for; names it."""

    def __init__(self, what, day=None, year=None):
        self.what = what
        self.day = day
        self.year = year
        where = f"on {day.isoformat()}" if day is not None else f"in {year}"
        super().__init__(f"No {what} valid {where}: add a dated record covering it.")


class OverlappingRates(LookupError):
    """Several records cover the same date: the configuration is ambiguous."""

    def __init__(self, what, day, records):
        self.what = what
        self.day = day
        self.records = tuple(records)
        super().__init__(f"{len(self.records)} {what} records are valid on {day.isoformat()}.")


@dataclass(frozen=True)
class AllowanceRates:
    """Volunteer allowance figures valid from ``date_from`` to ``date_to`` (inclusive)."""

    date_from: date
    date_to: date | None
    per_day: Decimal  # flat rate, daily cap
    per_year: Decimal  # flat rate, yearly cap
    per_year_higher: Decimal  # yearly cap of the higher-cap categories
    km_limit_year: Decimal  # km of travel costs on top of the flat rate per year

    def __post_init__(self):
        for name in ("per_day", "per_year", "per_year_higher", "km_limit_year"):
            object.__setattr__(self, name, to_decimal(getattr(self, name)))
        _check_bounds(self)

    def year_cap(self, higher=False):
        return self.per_year_higher if higher else self.per_year


@dataclass(frozen=True)
class KmRate:
    """Legal reimbursement per km for ``mode``, valid from ``date_from`` to ``date_to``."""

    date_from: date
    date_to: date | None
    mode: TransportMode
    rate: Decimal
    record_id: Hashable = None

    def __post_init__(self):
        object.__setattr__(self, "rate", to_decimal(self.rate))
        _check_bounds(self)


def _check_bounds(record):
    if record.date_to is not None and record.date_to < record.date_from:
        raise ValueError(f"date_to {record.date_to} is before date_from {record.date_from}")


def covers(record, day):
    """Whether ``record`` is valid on ``day``."""
    return record.date_from <= day and (record.date_to is None or day <= record.date_to)


def rate_at(records, day, what="rates"):
    """The one record of ``records`` valid on ``day``.

    Raises :class:`RateNotFound` (naming the date) when none is, and
    :class:`OverlappingRates` when several are.
    """
    found = [record for record in records if covers(record, day)]
    if not found:
        raise RateNotFound(what, day=day)
    if len(found) > 1:
        raise OverlappingRates(what, day, found)
    return found[0]


def allowance_at(rates, day):
    """Allowance figures valid on ``day`` (daily cap)."""
    return rate_at(rates, day, "volunteer allowance rates")


def allowance_for_year(rates, year):
    """Allowance figures applying to calendar ``year`` (yearly cap, km limit).

    The yearly caps are checked on the year as a whole, so the record in force
    last in that year applies (figures are normally indexed on 1 January, one
    record per year).
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    found = [
        record
        for record in rates
        if record.date_from <= last and (record.date_to is None or record.date_to >= first)
    ]
    if not found:
        raise RateNotFound("volunteer allowance rates", year=year)
    return max(found, key=lambda record: record.date_from)


def km_rate_at(km_rates, mode, day):
    """Per-km rate (``Decimal``) for ``mode`` on ``day``."""
    mode = TransportMode(mode)
    of_mode = [record for record in km_rates if record.mode is mode]
    return rate_at(of_mode, day, f"{mode.value} per-km rate").rate


def overlaps(records):
    """Pairs of records whose validity overlaps (for a configuration constraint)."""
    ordered = sorted(records, key=lambda record: record.date_from)
    pairs = []
    for index, record in enumerate(ordered):
        for later in ordered[index + 1 :]:
            if record.date_to is not None and later.date_from > record.date_to:
                break
            if getattr(record, "mode", None) == getattr(later, "mode", None):
                pairs.append((record, later))
    return pairs


def quarter_bounds(day):
    """First and last day of the calendar quarter of ``day`` (car rates are per quarter)."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    first = date(day.year, first_month, 1)
    if first_month == 10:
        next_first = date(day.year + 1, 1, 1)
    else:
        next_first = date(day.year, first_month + 3, 1)
    return first, date.fromordinal(next_first.toordinal() - 1)
