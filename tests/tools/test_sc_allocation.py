# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Wallet lots, allocation of vouchers to performances, yearly maxima."""

import collections
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicecheque_prestations.tools import allocation
from servicecheque_prestations.tools.allocation import (
    Lot,
    Move,
    Performance,
    YearlyMaxima,
)

D = datetime.date
TODAY = D(2025, 6, 15)
NEW_YEAR = D(2025, 1, 1)


def lot(lot_id, quantity, valid_until, bought_on=NEW_YEAR, available_from=None, **kw):
    return Lot(
        id=lot_id,
        bought_on=bought_on,
        available_from=available_from or bought_on + datetime.timedelta(days=1),
        quantity=quantity,
        remaining=kw.pop("remaining", quantity),
        valid_until=valid_until,
        **kw,
    )


# ---------------------------------------------------------------------------
# Examples
# ---------------------------------------------------------------------------


def test_oldest_expiring_lot_first():
    lots = [lot("late", 10, D(2026, 1, 1)), lot("soon", 3, D(2025, 7, 1))]
    result = allocation.allocate(lots, [Performance("p", D(2025, 6, 1), 4)], TODAY)
    assert result.moves == (Move("soon", "p", 3), Move("late", "p", 1))
    assert [x.remaining for x in result.lots] == [9, 0]
    assert result.performances[0].allocated == 4
    assert result.total == 4


def test_expired_not_yet_available_and_paper_lots_give_nothing():
    lots = [
        lot("expired", 5, D(2025, 6, 14)),
        lot("tomorrow", 5, D(2026, 6, 1), bought_on=TODAY, available_from=D(2025, 6, 16)),
        lot("paper", 5, D(2026, 6, 1), electronic=False),
        lot("empty", 5, D(2026, 6, 1), remaining=0),
    ]
    result = allocation.allocate(lots, [Performance("p", D(2025, 6, 1), 4)], TODAY)
    assert result.moves == ()
    assert result.lots == tuple(lots)
    assert allocation.balance(lots, TODAY) == 0


def test_lot_usable_on_its_first_and_last_day():
    one = lot("a", 2, valid_until=TODAY, bought_on=D(2025, 6, 14), available_from=TODAY)
    assert one.usable_on(TODAY)
    assert not one.usable_on(TODAY - datetime.timedelta(days=1))
    assert not one.usable_on(TODAY + datetime.timedelta(days=1))


def test_partial_allocation_when_wallet_short():
    result = allocation.allocate(
        [lot("a", 2, D(2026, 1, 1))], [Performance("p", D(2025, 6, 1), 4)], TODAY
    )
    assert result.moves == (Move("a", "p", 2),)
    assert result.performances[0].partially_paid


def test_partially_paid_performances_first_then_oldest_first():
    performances = [
        Performance("new", D(2025, 6, 10), 3),
        Performance("old", D(2025, 5, 1), 3),
        Performance("partial", D(2025, 6, 12), 4, allocated=2),
        Performance("paid", D(2025, 4, 1), 2, allocated=2),
    ]
    result = allocation.allocate([lot("a", 6, D(2026, 1, 1))], performances, TODAY)
    assert result.moves == (Move("a", "partial", 2), Move("a", "old", 3), Move("a", "new", 1))
    by_id = {p.id: p for p in result.performances}
    assert by_id["paid"] == performances[3]
    assert by_id["new"].allocated == 1
    assert [p.id for p in allocation.allocation_order(performances)] == ["partial", "old", "new"]


def test_lot_order_ties_broken_by_availability():
    lots = [
        lot("b", 1, D(2026, 1, 1), bought_on=D(2025, 3, 1)),
        lot("a", 1, D(2026, 1, 1), bought_on=D(2025, 2, 1)),
    ]
    assert [x.id for x in allocation.lot_order(lots, TODAY)] == ["a", "b"]


def test_paper_payment_recorded():
    perf = Performance("p", D(2025, 6, 1), 4, allocated=1)
    new, payment = allocation.record_paper_payment(perf, 2, TODAY)
    assert new.allocated == 3
    assert payment == allocation.PaperPayment("p", 2, TODAY)
    for count in (0, 4, -1, True):
        with pytest.raises(ValueError):
            allocation.record_paper_payment(perf, count, TODAY)
    # the rest comes from the wallet
    result = allocation.allocate([lot("a", 5, D(2026, 1, 1))], [new], TODAY)
    assert result.moves == (Move("a", "p", 1),)


def test_invalid_lots_and_performances_refused():
    with pytest.raises(ValueError):
        lot("a", 2, D(2026, 1, 1), remaining=3)
    with pytest.raises(ValueError):
        lot("a", 2, D(2026, 1, 1), remaining=-1)
    with pytest.raises(ValueError):
        lot("a", 2, D(2026, 1, 1), bought_on=TODAY, available_from=D(2025, 6, 1))
    with pytest.raises(ValueError):
        Performance("p", TODAY, 0)
    with pytest.raises(ValueError):
        Performance("p", TODAY, 2, allocated=3)


def test_expiring_lots():
    lots = [
        lot("soon", 5, D(2025, 6, 30)),
        lot("later", 5, D(2025, 9, 1)),
        lot("gone", 5, D(2025, 6, 1)),
        lot("used", 5, D(2025, 6, 20), remaining=0),
    ]
    assert [x.id for x in allocation.expiring_lots(lots, TODAY, 30)] == ["soon"]


# ---------------------------------------------------------------------------
# Invariants
# ---------------------------------------------------------------------------

days = st.integers(-400, 400).map(lambda n: TODAY + datetime.timedelta(days=n))


@st.composite
def lots_strategy(draw):
    bought = draw(days)
    available = bought + datetime.timedelta(days=draw(st.integers(0, 3)))
    quantity = draw(st.integers(1, 30))
    return Lot(
        id=draw(st.uuids()),
        bought_on=bought,
        available_from=available,
        quantity=quantity,
        remaining=draw(st.integers(0, quantity)),
        valid_until=available + datetime.timedelta(days=draw(st.integers(0, 500))),
        electronic=draw(st.booleans()),
    )


@st.composite
def performances_strategy(draw):
    hours = draw(st.integers(1, 9))
    return Performance(
        id=draw(st.uuids()),
        date=draw(days),
        hours=hours,
        allocated=draw(st.integers(0, hours)),
    )


@settings(max_examples=300)
@given(st.lists(lots_strategy(), max_size=8), st.lists(performances_strategy(), max_size=12))
def test_allocation_invariants(lots, performances):
    result = allocation.allocate(lots, performances, TODAY)
    moved_from = collections.Counter()
    moved_to = collections.Counter()
    for move in result.moves:
        assert move.count > 0
        moved_from[move.lot_id] += move.count
        moved_to[move.performance_id] += move.count

    # vouchers are never created or lost
    assert sum(x.remaining for x in lots) == sum(x.remaining for x in result.lots) + result.total
    assert sum(p.allocated for p in result.performances) == (
        sum(p.allocated for p in performances) + result.total
    )
    for before, after in zip(lots, result.lots, strict=True):
        assert after.id == before.id and after.quantity == before.quantity
        # a lot never gives more than it holds; balances never negative
        assert 0 <= after.remaining <= before.remaining
        assert before.remaining - after.remaining == moved_from[before.id]
        # expired, not yet available or paper lots give nothing
        if not before.usable_on(TODAY):
            assert moved_from[before.id] == 0
    for before, after in zip(performances, result.performances, strict=True):
        # a performance never receives more than its hours
        assert after.allocated <= after.hours
        assert after.allocated - before.allocated == moved_to[before.id]

    # nothing left undone: either every performance is paid or the wallet is empty
    assert all(p.outstanding == 0 for p in result.performances) or (
        allocation.balance(result.lots, TODAY) == 0
    )
    assert allocation.balance(result.lots, TODAY) == allocation.balance(lots, TODAY) - result.total

    # partially paid performances are served before unpaid ones
    order = [p.id for p in allocation.allocation_order(performances)]
    served = [pid for pid in order if moved_to[pid]]
    assert served == order[: len(served)]


@given(st.lists(lots_strategy(), max_size=8), st.lists(performances_strategy(), max_size=12))
def test_allocation_is_idempotent_once_done(lots, performances):
    first = allocation.allocate(lots, performances, TODAY)
    second = allocation.allocate(first.lots, first.performances, TODAY)
    assert second.moves == ()


# ---------------------------------------------------------------------------
# Yearly maxima
# ---------------------------------------------------------------------------

MAXIMA = YearlyMaxima(per_user=500, per_household=1000, special=2000)


def test_bought_in_year_counts_quantity_of_the_calendar_year():
    lots = [
        lot("a", 100, D(2026, 1, 1), bought_on=D(2025, 1, 2), remaining=0),
        lot("b", 50, D(2026, 1, 1), bought_on=D(2025, 12, 31)),
        lot("c", 70, D(2025, 6, 1), bought_on=D(2024, 12, 31)),
    ]
    assert allocation.bought_in_year(lots, 2025) == 150
    assert allocation.bought_in_year(lots, 2024) == 70


@pytest.mark.parametrize(
    ("requested", "user", "household", "special", "allowed", "room", "problem"),
    [
        (100, 0, 0, False, True, 500, None),
        (500, 0, 0, False, True, 500, None),
        (501, 0, 0, False, False, 500, "user_maximum"),
        (10, 495, 495, False, False, 5, "user_maximum"),
        (100, 300, 950, False, False, 50, "household_maximum"),
        (50, 300, 950, False, True, 50, None),
        (1500, 0, 0, True, True, 2000, None),
        (2001, 0, 0, True, False, 2000, "user_maximum"),
        (1, 600, 2000, True, False, 0, "household_maximum"),
        (1, 600, 600, False, False, 0, "user_maximum"),  # already beyond: room stays 0
    ],
)
def test_check_yearly_maximum(requested, user, household, special, allowed, room, problem):
    check = allocation.check_yearly_maximum(requested, user, household, MAXIMA, special=special)
    assert (check.allowed, check.room, check.problem) == (allowed, room, problem)


@given(st.integers(0, 3000), st.integers(0, 2500), st.integers(0, 2500), st.booleans())
def test_yearly_check_consistent(requested, user, household, special):
    check = allocation.check_yearly_maximum(requested, user, household, MAXIMA, special=special)
    assert check.room >= 0
    assert check.allowed == (requested <= check.room)
