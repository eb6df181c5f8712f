# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Monthly batch calendar: cut-off day, closed days and reopening, in local time.

With the defaults (cut-off 5, reopen 7, Europe/Brussels): a note signed up to
the end of the 5th, local time, belongs to that month's batch (invoiced and paid
that month); the 6th is closed (the batch is prepared); from the 7th entry is
open again and a signature belongs to the next month's batch. December's
next batch is January of the next year.

The volunteer who signed in time did everything right: a note signed by the
cut-off stays in that month's batch as long as its holder approves it before
the batch is billed, that is before the end of the closed day(s) (the 6th).
The batch is billed from the start of the reopen day (the 7th); holders are
reminded of waiting notes on the cut-off day and on the closed day(s).

Moments are read as Odoo stores them: a naive ``datetime`` is UTC, an aware one
is converted; a plain ``date`` is taken as a local date.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LAST_DAY_IN_EVERY_MONTH = 28


@dataclass(frozen=True, order=True)
class BatchMonth:
    """A monthly batch, named by its year and month."""

    year: int
    month: int

    def __post_init__(self):
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1..12, not {self.month}")

    @classmethod
    def of(cls, day):
        """The batch named after ``day``'s month."""
        return cls(day.year, day.month)

    def shift(self, months):
        index = self.year * 12 + self.month - 1 + months
        return BatchMonth(index // 12, index % 12 + 1)

    def next(self):
        return self.shift(1)

    def previous(self):
        return self.shift(-1)

    @property
    def first_day(self):
        return date(self.year, self.month, 1)

    @property
    def last_day(self):
        return self.next().first_day - timedelta(days=1)

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class EntryStatus:
    """What the portal banner says at a moment.

    ``batch``: the batch a note signed now goes to; ``deadline``: the (exclusive,
    aware, local) end of its signing window; when entry is closed, ``reopens_on``
    is the local date it opens again.
    """

    moment: datetime | None
    is_open: bool
    batch: BatchMonth
    deadline: datetime
    reopens_on: date | None


@dataclass(frozen=True)
class CutoffCalendar:
    """Cut-off, closed and reopen days of the month, in time zone ``tz``.

    ``closed_days`` are the days strictly between ``cutoff_day`` and
    ``reopen_day``; left out, they are derived, given, they must match. All days
    are at most 28 so that every month has them.
    """

    cutoff_day: int = 5
    closed_days: tuple[int, ...] | None = None
    reopen_day: int = 7
    tz: str = "Europe/Brussels"

    def __post_init__(self):
        if not 1 <= self.cutoff_day < self.reopen_day <= LAST_DAY_IN_EVERY_MONTH:
            raise ValueError(
                f"need 1 <= cutoff_day < reopen_day <= {LAST_DAY_IN_EVERY_MONTH}, "
                f"got {self.cutoff_day} and {self.reopen_day}"
            )
        expected = tuple(range(self.cutoff_day + 1, self.reopen_day))
        if self.closed_days is None:
            object.__setattr__(self, "closed_days", expected)
        elif tuple(sorted(set(self.closed_days))) != expected:
            raise ValueError(
                f"closed_days {tuple(self.closed_days)} must be the days between "
                f"cutoff_day and reopen_day: {expected}"
            )
        else:
            object.__setattr__(self, "closed_days", expected)
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {self.tz!r}")

    @property
    def zone(self):
        return ZoneInfo(self.tz)

    # -- reading moments ---------------------------------------------------

    def local(self, moment):
        """``moment`` as an aware local datetime (naive means UTC)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(self.zone)

    def local_date(self, moment):
        """The local date of a datetime; a ``date`` is returned as is."""
        if isinstance(moment, datetime):
            return self.local(moment).date()
        return moment

    # -- the batch of a moment ---------------------------------------------

    def batch_of(self, moment):
        """The batch a note signed (or submitted) at ``moment`` belongs to."""
        day = self.local_date(moment)
        batch = BatchMonth.of(day)
        return batch if day.day <= self.cutoff_day else batch.next()

    def is_open(self, moment):
        """Whether notes can be entered and signed at ``moment``."""
        return self.local_date(moment).day not in self.closed_days

    def last_closed_batch(self, moment):
        """The latest batch whose signing window has ended at ``moment``."""
        return self.batch_of(moment).previous()

    # -- approval and billing ----------------------------------------------

    def billing_moment(self, batch):
        """Aware local instant from which ``batch`` is billed: the start of the reopen day.

        Until then (the end of the closed days) holders may still approve the
        notes signed in time.
        """
        day = self.reopens_on(batch)
        return datetime(day.year, day.month, day.day, tzinfo=self.zone)

    def billing_moment_utc(self, batch):
        """:meth:`billing_moment` as a naive UTC datetime (as Odoo stores datetimes)."""
        return self.billing_moment(batch).astimezone(timezone.utc).replace(tzinfo=None)

    def last_billable_batch(self, moment):
        """The latest batch whose billing moment has come at ``moment``."""
        day = self.local_date(moment)
        batch = BatchMonth.of(day)
        return batch if day.day >= self.reopen_day else batch.previous()

    def approved_in_time(self, batch, approved_on):
        """Whether a note approved at ``approved_on`` is billed with ``batch``."""
        return self.local(approved_on) < self.billing_moment(batch)

    def is_holder_reminder_day(self, moment):
        """Whether holders are reminded of waiting notes on ``moment``'s local day.

        The cut-off day and the closed day(s): the last days to approve the
        notes of this month's batch.
        """
        return self.local_date(moment).day in (self.cutoff_day, *self.closed_days)

    # -- dates of a batch --------------------------------------------------

    def last_signing_day(self, batch):
        """Last local day on which a signature still counts for ``batch``."""
        return date(batch.year, batch.month, self.cutoff_day)

    def deadline(self, batch):
        """Aware local instant at which ``batch``'s signing window ends (exclusive)."""
        day = self.last_signing_day(batch) + timedelta(days=1)
        return datetime(day.year, day.month, day.day, tzinfo=self.zone)

    def deadline_utc(self, batch):
        """:meth:`deadline` as a naive UTC datetime (as Odoo stores datetimes)."""
        return self.deadline(batch).astimezone(timezone.utc).replace(tzinfo=None)

    def window_start(self, batch):
        """Aware local instant from which a signature counts for ``batch``."""
        return self.deadline(batch.previous())

    def closing_day(self, batch):
        """First local day after the cut-off: the day ``batch`` is closed and billed."""
        return self.last_signing_day(batch) + timedelta(days=1)

    def reopens_on(self, batch):
        """Local date entry opens again, for the batch after ``batch``."""
        return date(batch.year, batch.month, self.reopen_day)

    def status(self, moment):
        """Banner data at ``moment``: open or closed, batch, deadline, reopening."""
        local = self.local(moment) if isinstance(moment, datetime) else None
        batch = self.batch_of(moment)
        is_open = self.is_open(moment)
        return EntryStatus(
            moment=local,
            is_open=is_open,
            batch=batch,
            deadline=self.deadline(batch),
            reopens_on=None if is_open else self.reopens_on(batch.previous()),
        )
