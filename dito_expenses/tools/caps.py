# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Legal caps of the volunteer allowance (law of 3 July 2005), across all notes.

What counts (see :class:`~.lines.Occurrence`):

- **flat-rate allowance**: activities of flat-rate notes. Capped per day and per
  calendar year (the higher yearly cap for the categories that have it; the
  daily cap stays the same);
- **travel**: trips of any note. In a calendar year with any flat-rate allowance
  they come on top of it, up to the yearly km limit, unless the volunteer keeps
  a logbook for regularly transporting vulnerable people;
- **real costs**: every other line. They cannot share a calendar year with the
  flat-rate allowance.

Exceeding a cap makes the whole year's allowance taxable, so a note whose
occurrences would exceed one is refused *before* it is submitted:
:func:`check_caps` compares a candidate note with everything the volunteer
already has (all live notes of every channel, the candidate excluded) and
returns structured :class:`CapViolation` values for the Odoo layer to word.
Violations are only reported where the candidate contributes, so a note
unrelated to an old excess is not blocked by it.
"""

import enum
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .lines import Regime
from .rates import allowance_at, allowance_for_year

ZERO = Decimal(0)


class CapCode(enum.Enum):
    """Which rule a violation breaks. Amounts are in euros, except ``KM_PER_YEAR``."""

    FLAT_RATE_PER_DAY = "flat_rate_per_day"
    FLAT_RATE_PER_YEAR = "flat_rate_per_year"
    KM_PER_YEAR = "km_per_year"
    FLAT_RATE_WITH_REAL_COSTS = "flat_rate_with_real_costs"


@dataclass(frozen=True)
class VolunteerProfile:
    """The volunteer's flags that change the caps."""

    higher_cap: bool = False  # sports roles, minding people, non-urgent patient transport
    transport_logbook: bool = False  # regularly transports vulnerable people: no km limit


@dataclass(frozen=True)
class CapViolation:
    """A cap the candidate would exceed, with the numbers a message needs.

    ``used`` is what other notes already take, ``requested`` what the candidate
    adds, ``excess = used + requested - cap`` and ``available = max(cap - used, 0)``.
    For ``FLAT_RATE_WITH_REAL_COSTS`` the cap is 0, ``used`` is the other notes'
    amount under ``existing_regime`` (the one already in the year) and
    ``requested`` the candidate's conflicting amount.
    """

    code: CapCode
    year: int
    day: date | None
    cap: Decimal
    used: Decimal
    requested: Decimal
    excess: Decimal
    available: Decimal
    higher_cap: bool = False
    existing_regime: Regime | None = None


@dataclass(frozen=True)
class YearlyOverview:
    """Where a volunteer stands in a calendar year (the portal's yearly overview)."""

    year: int
    allowance_total: Decimal  # flat-rate allowance received or claimed
    year_cap: Decimal
    year_available: Decimal
    day_cap: Decimal
    busiest_day: date | None  # the day with the most flat-rate allowance
    busiest_day_total: Decimal
    km_total: Decimal  # km of all trips of the year
    km_limit: Decimal | None  # ``None`` when the logbook flag lifts the limit
    km_available: Decimal | None
    real_costs_total: Decimal  # real costs other than travel
    higher_cap: bool
    mixed_regimes: bool  # flat rate and real costs in the same year (must not happen)

    @property
    def km_limit_applies(self):
        """Km count against the limit only in a year with flat-rate allowance."""
        return self.km_limit is not None and self.allowance_total > 0


# ---------------------------------------------------------------------------
# Totals
# ---------------------------------------------------------------------------


@dataclass
class _YearTotals:
    flat: Decimal = ZERO
    has_flat: bool = False
    real: Decimal = ZERO
    has_real: bool = False
    km: Decimal = ZERO


def _by_day(occurrences):
    totals = defaultdict(lambda: ZERO)
    for occ in occurrences:
        if occ.is_flat_allowance:
            totals[occ.day] += occ.unit_amount
    return totals


def _by_year(occurrences):
    totals = defaultdict(_YearTotals)
    for occ in occurrences:
        year = totals[occ.day.year]
        if occ.is_flat_allowance:
            year.flat += occ.unit_amount
            year.has_flat = True
        elif occ.is_travel:
            year.km += occ.km
        else:
            year.real += occ.unit_amount
            year.has_real = True
    return totals


def _over(code, year, day, cap, used, requested, **extra):
    excess = used + requested - cap
    if excess <= 0:
        return None
    return CapViolation(
        code, year, day, cap, used, requested, excess, max(cap - used, ZERO), **extra
    )


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def check_caps(existing, candidate, allowance_rates, profile=None):
    """Every cap the ``candidate`` occurrences would exceed on top of ``existing``.

    ``existing``: occurrences of the volunteer's other live notes (all channels);
    ``candidate``: occurrences of the note being submitted;
    ``allowance_rates``: :class:`~.rates.AllowanceRates` records.
    An empty list means the candidate may be submitted.
    """
    profile = profile or VolunteerProfile()
    existing, candidate = tuple(existing), tuple(candidate)
    violations = []

    day_used, day_requested = _by_day(existing), _by_day(candidate)
    for day in sorted(day_requested):
        cap = allowance_at(allowance_rates, day).per_day
        violations.append(
            _over(CapCode.FLAT_RATE_PER_DAY, day.year, day, cap, day_used[day], day_requested[day])
        )

    year_used, year_requested = _by_year(existing), _by_year(candidate)
    for year in sorted(year_requested):
        used, requested = year_used[year], year_requested[year]
        if requested.has_flat:
            rates = allowance_for_year(allowance_rates, year)
            violations.append(
                _over(
                    CapCode.FLAT_RATE_PER_YEAR,
                    year,
                    None,
                    rates.year_cap(profile.higher_cap),
                    used.flat,
                    requested.flat,
                    higher_cap=profile.higher_cap,
                )
            )
        violations.append(_mixed(year, used, requested))
        has_flat = used.has_flat or requested.has_flat
        adds = requested.km > 0 or requested.has_flat
        if has_flat and adds and not profile.transport_logbook:
            rates = allowance_for_year(allowance_rates, year)
            violations.append(
                _over(CapCode.KM_PER_YEAR, year, None, rates.km_limit_year, used.km, requested.km)
            )
    return [violation for violation in violations if violation is not None]


def _mixed(year, used, requested):
    """Flat rate and real costs meeting in ``year`` because of the candidate."""
    if requested.has_real and (used.has_flat or requested.has_flat):
        regime, already, conflicting = Regime.FLAT, used.flat, requested.real
    elif requested.has_flat and used.has_real:
        regime, already, conflicting = Regime.REAL, used.real, requested.flat
    else:
        return None
    return CapViolation(
        CapCode.FLAT_RATE_WITH_REAL_COSTS,
        year,
        None,
        ZERO,
        already,
        conflicting,
        conflicting,
        ZERO,
        existing_regime=regime,
    )


def yearly_overview(occurrences, year, allowance_rates, profile=None):
    """The volunteer's standing in ``year`` from all their live occurrences."""
    profile = profile or VolunteerProfile()
    rates = allowance_for_year(allowance_rates, year)
    in_year = [occ for occ in occurrences if occ.day.year == year]
    totals = _by_year(in_year)[year]
    days = _by_day(in_year)
    busiest = max(sorted(days), key=lambda day: days[day], default=None)
    year_cap = rates.year_cap(profile.higher_cap)
    km_limit = None if profile.transport_logbook else rates.km_limit_year
    return YearlyOverview(
        year=year,
        allowance_total=totals.flat,
        year_cap=year_cap,
        year_available=max(year_cap - totals.flat, ZERO),
        day_cap=rates.per_day,
        busiest_day=busiest,
        busiest_day_total=days[busiest] if busiest else ZERO,
        km_total=totals.km,
        km_limit=km_limit,
        km_available=None if km_limit is None else max(km_limit - totals.km, ZERO),
        real_costs_total=totals.real,
        higher_cap=profile.higher_cap,
        mixed_regimes=totals.has_flat and totals.has_real,
    )
