# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Dated legal figures of the volunteer allowance, and the one in force.

No figure lives in code: the Odoo models build these values from dated
configuration records (volunteer allowances per year, per-km rates per quarter
for cars, per year for bikes) and pass them in. The meaning of the dates is
the shared one of ``benefits_base.tools.dated``: a figure applies from
``date_from``; ``date_to`` is its end (the models pass the effective end);
``None`` ends it the day before the next figure of its group starts, or never
while it is the latest. A day without a figure raises
:class:`dated.NoFigureInForce`, which names the day and the gap around it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .lines import TransportMode, dated, to_decimal

ALLOWANCE_FIGURE = "volunteer allowance rates"
KM_FIGURE = "per-km rate"


@dataclass(frozen=True)
class AllowanceRates:
    """Volunteer allowance figures in force from ``date_from`` to ``date_to`` (inclusive)."""

    date_from: date
    date_to: date | None
    per_day: Decimal  # flat rate, daily cap
    per_year: Decimal  # flat rate, yearly cap
    per_year_higher: Decimal  # yearly cap of the higher-cap categories
    km_limit_year: Decimal  # km of travel costs on top of the flat rate per year

    def __post_init__(self):
        for name in ("per_day", "per_year", "per_year_higher", "km_limit_year"):
            object.__setattr__(self, name, to_decimal(getattr(self, name)))

    def year_cap(self, higher=False):
        return self.per_year_higher if higher else self.per_year


@dataclass(frozen=True)
class KmRate:
    """Legal reimbursement per km for ``mode``, in force from ``date_from`` to ``date_to``."""

    date_from: date
    date_to: date | None
    mode: TransportMode
    rate: Decimal

    def __post_init__(self):
        object.__setattr__(self, "mode", TransportMode(self.mode))
        object.__setattr__(self, "rate", to_decimal(self.rate))


def _periods(records, group=lambda record: ()):
    """``records`` as ``dated.Period`` values keyed by their index."""
    return [
        dated.Period(record.date_from, record.date_to, group(record), index)
        for index, record in enumerate(records)
    ]


def allowance_at(rates, day):
    """Allowance figures in force on ``day`` (daily cap)."""
    rates = list(rates)
    return rates[dated.in_force(_periods(rates), day, figure=ALLOWANCE_FIGURE).key]


def allowance_for_year(rates, year):
    """Allowance figures applying to calendar ``year`` (yearly cap, km limit).

    The yearly caps are checked on the year as a whole, so the figure in force
    last in that year applies (figures are indexed on 1 January, one per year).
    """
    rates = list(rates)
    first, last = date(year, 1, 1), date(year, 12, 31)
    resolved = dated.resolve(_periods(rates))
    found = [
        period
        for period in resolved
        if period.date_from <= last and (period.date_end is None or period.date_end >= first)
    ]
    if not found:
        raise dated.no_figure_error(resolved, first, figure=ALLOWANCE_FIGURE)
    return rates[max(found, key=lambda period: period.date_from).key]


def km_rate_at(km_rates, mode, day):
    """Per-km rate (``Decimal``) for ``mode`` on ``day``."""
    mode = TransportMode(mode)
    of_mode = [record for record in km_rates if record.mode is mode]
    period = dated.in_force(_periods(of_mode), day, figure=KM_FIGURE, group_label=mode.value)
    return of_mode[period.key].rate


def quarter_bounds(day):
    """First and last day of the calendar quarter of ``day`` (car rates are per quarter)."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    first = date(day.year, first_month, 1)
    return first, dated.add_months(first, 3) - dated.ONE_DAY
