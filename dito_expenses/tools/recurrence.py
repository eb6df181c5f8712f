# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""When a line happened: one date, or a period plus how many times.

A single date is a period of one day, so one rule covers both: the dates are
ordered and ``1 <= count <= days in the period`` (at most once a day).

Expansion spreads the ``count`` occurrences evenly over the period: occurrence
``i`` falls ``floor(i * days / count)`` days after ``date_from``. The first one is
always ``date_from``, the dates are distinct and ascending, and the spread is
deterministic (a weekly activity entered as "March, 4 times" lands a week
apart), so caps and registers give the same answer on every run.
"""

import enum
from dataclasses import dataclass
from datetime import date, timedelta


class RecurrenceCode(enum.Enum):
    """Why a date/period/count combination is refused."""

    DATES_REVERSED = "dates_reversed"
    COUNT_TOO_LOW = "count_too_low"
    COUNT_TOO_HIGH = "count_too_high"


@dataclass(frozen=True)
class RecurrenceProblem:
    """A refused recurrence, with the numbers a message needs."""

    code: RecurrenceCode
    date_from: date
    date_to: date
    count: int
    days: int  # days in the period (0 when the dates are reversed)


class RecurrenceError(ValueError):
    """Raised when building an invalid :class:`Recurrence`; carries the problem."""

    def __init__(self, problem):
        self.problem = problem
        super().__init__(
            f"{problem.code.value}: {problem.date_from}..{problem.date_to}, "
            f"count {problem.count}, {problem.days} day(s)"
        )


def days_in_period(date_from, date_to=None):
    """Number of days from ``date_from`` to ``date_to`` inclusive (0 if reversed)."""
    date_to = date_from if date_to is None else date_to
    return max((date_to - date_from).days + 1, 0)


def check_recurrence(date_from, date_to=None, count=1):
    """The problem with this combination, or ``None`` when it is valid."""
    date_to = date_from if date_to is None else date_to
    days = days_in_period(date_from, date_to)
    code = None
    if date_to < date_from:
        code = RecurrenceCode.DATES_REVERSED
    elif count < 1:
        code = RecurrenceCode.COUNT_TOO_LOW
    elif count > days:
        code = RecurrenceCode.COUNT_TOO_HIGH
    if code is None:
        return None
    return RecurrenceProblem(code, date_from, date_to, count, days)


def spread(date_from, date_to, count):
    """The ``count`` dates of a valid period, evenly spread (see module docstring)."""
    problem = check_recurrence(date_from, date_to, count)
    if problem:
        raise RecurrenceError(problem)
    days = days_in_period(date_from, date_to)
    return tuple(date_from + timedelta(days=i * days // count) for i in range(count))


@dataclass(frozen=True)
class Recurrence:
    """A single date (``date_to`` omitted, ``count`` 1) or a period plus a count."""

    date_from: date
    date_to: date | None = None
    count: int = 1

    def __post_init__(self):
        if self.date_to is None:
            object.__setattr__(self, "date_to", self.date_from)
        if isinstance(self.count, bool) or not isinstance(self.count, int):
            raise TypeError(f"count must be an int, not {self.count!r}")
        problem = check_recurrence(self.date_from, self.date_to, self.count)
        if problem:
            raise RecurrenceError(problem)

    @property
    def days(self):
        """Days in the period (1 for a single date)."""
        return days_in_period(self.date_from, self.date_to)

    @property
    def is_period(self):
        return self.date_to != self.date_from

    def dates(self):
        """The occurrences' dates, ascending and distinct."""
        return spread(self.date_from, self.date_to, self.count)

    def overlap(self, other):
        """``(first, last)`` common days of both periods, or ``None``."""
        first = max(self.date_from, other.date_from)
        last = min(self.date_to, other.date_to)
        return (first, last) if first <= last else None
