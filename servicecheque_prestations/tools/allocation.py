# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The user's wallet: voucher lots, allocation to performances, yearly maxima.

One voucher pays one hour. A user number's wallet holds *lots* (one per purchase):
bought on a date, available from a later date (electronic vouchers arrive after
about a day: the delay is configuration), valid until a date (the region's
validity rule, configuration), with a remaining quantity.

:func:`allocate` takes vouchers for validated and confirmed performances:

- only electronic lots, available and not expired on the allocation date;
- the lot expiring first gives first (then the oldest available, then id);
- partially paid performances come first (oldest first), then unpaid ones
  (oldest first): new vouchers go first to partially paid performances;
- a performance never receives more than its hours, a lot never gives more than
  it holds; nothing is created or lost.

It returns *moves* (lot, performance, count) and the new lots and performances;
the caller stores them. Paper vouchers paying part of a performance are recorded
with :func:`record_paper_payment`.
"""

import dataclasses
import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Lot:
    """Vouchers bought in one go. ``valid_until`` is the last day they may be used."""

    id: object
    bought_on: datetime.date
    available_from: datetime.date
    quantity: int
    remaining: int
    valid_until: datetime.date
    electronic: bool = True

    def __post_init__(self):
        if not 0 <= self.remaining <= self.quantity:
            raise ValueError(f"lot {self.id}: need 0 <= remaining <= quantity")
        if self.available_from < self.bought_on:
            raise ValueError(f"lot {self.id}: available before it was bought")

    def usable_on(self, day):
        """Whether this lot may give vouchers on ``day`` (electronic, available, not expired)."""
        return (
            self.electronic
            and self.remaining > 0
            and self.available_from <= day <= self.valid_until
        )


@dataclass(frozen=True)
class Performance:
    """What allocation needs of a performance: vouchers due are its hours."""

    id: object
    date: datetime.date
    hours: int
    allocated: int = 0

    def __post_init__(self):
        if self.hours < 1 or not 0 <= self.allocated <= self.hours:
            raise ValueError(f"performance {self.id}: need 0 <= allocated <= hours, hours >= 1")

    @property
    def outstanding(self):
        return self.hours - self.allocated

    @property
    def partially_paid(self):
        return 0 < self.allocated < self.hours


@dataclass(frozen=True)
class Move:
    """``count`` vouchers of lot ``lot_id`` allocated to performance ``performance_id``."""

    lot_id: object
    performance_id: object
    count: int


@dataclass(frozen=True)
class PaperPayment:
    """``count`` paper vouchers paying part of performance ``performance_id`` on ``paid_on``."""

    performance_id: object
    count: int
    paid_on: datetime.date


@dataclass(frozen=True)
class AllocationResult:
    moves: tuple
    lots: tuple  # every lot given, in the order given, with its new remaining
    performances: tuple  # every performance given, in the order given, with its new allocated

    @property
    def total(self):
        return sum(move.count for move in self.moves)


def _performance_key(perf):
    return (not perf.partially_paid, perf.date, str(perf.id))


def _lot_key(lot):
    return (lot.valid_until, lot.available_from, lot.bought_on, str(lot.id))


def allocation_order(performances):
    """Performances in the order they receive vouchers: partially paid first, oldest first."""
    return sorted((p for p in performances if p.outstanding > 0), key=_performance_key)


def lot_order(lots, on):
    """Lots usable on ``on``, in the order they give vouchers: expiring first."""
    return sorted((lot for lot in lots if lot.usable_on(on)), key=_lot_key)


def allocate(lots, performances, on):
    """Allocate the wallet's usable vouchers on date ``on`` to the performances.

    ``performances`` are the user number's validated and confirmed performances
    (fully paid ones are passed through unchanged).
    """
    lots = tuple(lots)
    performances = tuple(performances)
    remaining = [lot.remaining for lot in lots]
    allocated = [perf.allocated for perf in performances]
    sources = sorted(
        (i for i, lot in enumerate(lots) if lot.usable_on(on)), key=lambda i: _lot_key(lots[i])
    )
    targets = sorted(
        (i for i, perf in enumerate(performances) if perf.outstanding > 0),
        key=lambda i: _performance_key(performances[i]),
    )
    moves = []
    source = 0
    for target in targets:
        perf = performances[target]
        while allocated[target] < perf.hours and source < len(sources):
            lot_index = sources[source]
            take = min(perf.hours - allocated[target], remaining[lot_index])
            moves.append(Move(lots[lot_index].id, perf.id, take))
            remaining[lot_index] -= take
            allocated[target] += take
            if not remaining[lot_index]:
                source += 1
    return AllocationResult(
        moves=tuple(moves),
        lots=tuple(
            dataclasses.replace(lot, remaining=left)
            for lot, left in zip(lots, remaining, strict=True)
        ),
        performances=tuple(
            dataclasses.replace(perf, allocated=count)
            for perf, count in zip(performances, allocated, strict=True)
        ),
    )


def record_paper_payment(performance, count, paid_on):
    """Record ``count`` paper vouchers paying part of ``performance``.

    Returns ``(new_performance, PaperPayment)``; raises ``ValueError`` when
    ``count`` is not between 1 and the vouchers still due.
    """
    if (
        not isinstance(count, int)
        or isinstance(count, bool)
        or not 1 <= count <= performance.outstanding
    ):
        raise ValueError(f"paper vouchers must be between 1 and {performance.outstanding}")
    return (
        dataclasses.replace(performance, allocated=performance.allocated + count),
        PaperPayment(performance.id, count, paid_on),
    )


def balance(lots, on):
    """Vouchers the wallet can spend on ``on`` (electronic, available, not expired)."""
    return sum(lot.remaining for lot in lots if lot.usable_on(on))


def expiring_lots(lots, today, within_days):
    """Lots with vouchers left that expire within ``within_days`` days of ``today``."""
    horizon = today + datetime.timedelta(days=within_days)
    return tuple(lot for lot in lots if lot.remaining > 0 and today <= lot.valid_until <= horizon)


# ---------------------------------------------------------------------------
# Yearly maxima
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class YearlyMaxima:
    """Vouchers one may buy per calendar year (dated configuration, per region)."""

    per_user: int
    per_household: int
    special: int  # per user in a special category (replaces ``per_user``)

    def for_user(self, special=False):
        """The personal yearly maximum (``special`` for the special categories)."""
        return self.special if special else self.per_user


@dataclass(frozen=True)
class YearlyCheck:
    """Result of :func:`check_yearly_maximum`.

    ``problem`` is ``None``, ``"user_maximum"`` or ``"household_maximum"``;
    ``room`` is how many more vouchers may still be bought this year.
    """

    allowed: bool
    room: int
    limit: int
    problem: str | None = None


def bought_in_year(lots, year):
    """Vouchers bought (quantity, not remaining) in calendar year ``year``."""
    return sum(lot.quantity for lot in lots if lot.bought_on.year == year)


def check_yearly_maximum(requested, bought_by_user, bought_by_household, maxima, special=False):
    """Whether buying ``requested`` more vouchers stays within the yearly maxima.

    ``bought_by_user`` / ``bought_by_household``: vouchers already bought this
    calendar year by the user and by the whole household. A user in a special
    category has ``maxima.special`` as personal limit, and the household limit is
    raised to at least that figure.
    """
    user_limit = maxima.for_user(special)
    household_limit = max(maxima.per_household, user_limit)
    user_room = max(user_limit - bought_by_user, 0)
    household_room = max(household_limit - bought_by_household, 0)
    room = min(user_room, household_room)
    problem = None
    if requested > user_room:
        problem = "user_maximum"
    elif requested > household_room:
        problem = "household_maximum"
    limit = user_limit if user_room <= household_room else household_limit
    return YearlyCheck(allowed=problem is None, room=room, limit=limit, problem=problem)
