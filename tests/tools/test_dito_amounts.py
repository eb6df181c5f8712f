# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Money of lines, notes and bills: rounded once per line, nothing created or lost."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from benefits_base.tools.dated import NoFigureInForce
from hypothesis import given
from hypothesis import strategies as st

from dito_expenses.tools.amounts import (
    CENT,
    bill_total,
    line_amount,
    note_amounts,
    note_total,
    occurrence_amount,
    round_money,
    trip_amount,
)
from dito_expenses.tools.lines import Line, LineKind, Note, Regime, TransportMode
from dito_expenses.tools.rates import KmRate
from dito_expenses.tools.recurrence import Recurrence

D = Decimal
CAR, BIKE, PUBLIC = TransportMode.CAR, TransportMode.BIKE, TransportMode.PUBLIC_TRANSPORT
ACTIVITY, TRIP, REAL_COST = LineKind.ACTIVITY, LineKind.TRIP, LineKind.REAL_COST

# Test data: per-km rates of shared/domain.md section 1 (none published for cars in 2025).
KM_RATES = [
    KmRate(date(2024, 1, 1), date(2024, 3, 31), CAR, "0.4269"),
    KmRate(date(2024, 4, 1), date(2024, 6, 30), CAR, "0.4265"),
    KmRate(date(2026, 1, 1), date(2026, 3, 31), CAR, "0.4326"),
    KmRate(date(2024, 1, 1), date(2024, 12, 31), BIKE, "0.35"),
    KmRate(date(2026, 1, 1), date(2026, 12, 31), BIKE, "0.37"),
]


def trip(day, km, mode=CAR, date_to=None, count=1, ticket="0"):
    return Line(TRIP, Recurrence(day, date_to, count), D(ticket), D(km), mode)


@pytest.mark.parametrize(
    "value, rounded",
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("0.125", "0.13"),
        ("2.675", "2.68"),
        ("-0.005", "-0.01"),
    ],
)
def test_round_half_up(value, rounded):
    assert round_money(D(value)) == D(rounded)
    assert round_money(D(value)).as_tuple().exponent == -2


def test_round_accepts_floats_through_their_text():
    assert round_money(2.675) == D("2.68")  # binary 2.67499... would round down


@pytest.mark.parametrize(
    "day, km, mode, expected",
    [
        (date(2024, 2, 10), "37", CAR, "15.80"),  # 37 × 0.4269 = 15.7953
        (date(2024, 5, 10), "37", CAR, "15.78"),  # 37 × 0.4265 = 15.7805
        (date(2026, 3, 31), "100", CAR, "43.26"),
        (date(2024, 9, 1), "12.5", BIKE, "4.38"),  # 4.375
        (date(2026, 9, 1), "12.5", BIKE, "4.63"),  # 4.625
    ],
)
def test_trip_by_car_and_bike(day, km, mode, expected):
    assert line_amount(trip(day, km, mode), KM_RATES) == D(expected)


def test_public_transport_is_the_ticket_cost():
    line = trip(date(2025, 3, 3), "0", PUBLIC, date(2025, 3, 31), 4, ticket="3.40")
    assert line_amount(line) == D("13.60")  # no per-km rate needed, even in 2025
    assert trip_amount(D(55), PUBLIC, date(2025, 3, 3), (), D("3.40")) == D("3.40")


def test_car_rate_missing_for_2025():
    with pytest.raises(NoFigureInForce, match="2025-04-01"):
        line_amount(trip(date(2025, 4, 1), "10"), KM_RATES)


def test_rounding_happens_once_per_line():
    # 3 × 1 km × 0.4265 = 1.2795 → 1.28 (rounding each trip would give 3 × 0.43 = 1.29)
    line = trip(date(2024, 4, 1), "1", date_to=date(2024, 4, 3), count=3)
    assert line_amount(line, KM_RATES) == D("1.28")


def test_recurring_trip_across_quarters_uses_each_quarter_rate():
    line = trip(date(2024, 3, 31), "10", date_to=date(2024, 4, 1), count=2)
    assert line_amount(line, KM_RATES) == D("8.53")  # 4.269 + 4.265 = 8.534


def test_activity_and_real_cost():
    activity = Line(ACTIVITY, Recurrence(date(2025, 3, 1), date(2025, 3, 31), 4), D("42.31"))
    assert line_amount(activity) == D("169.24")
    receipt = Line(REAL_COST, Recurrence(date(2025, 3, 1)), D("19.999"))
    assert line_amount(receipt) == D("20.00")


def test_occurrence_amounts_are_exact():
    (occ,) = trip(date(2024, 2, 1), "3").occurrences(Regime.FLAT)
    assert occurrence_amount(occ, KM_RATES) == D("1.2807")


def test_note_and_bill_totals():
    first = Note(
        1,
        "vol-1",
        Regime.FLAT,
        [
            Line(ACTIVITY, Recurrence(date(2024, 5, 1)), D("41.48"), line_id=11),
            trip(date(2024, 5, 1), "37"),
        ],
    )
    second = Note(2, "vol-1", Regime.REAL, [trip(date(2024, 6, 1), "20", BIKE)])
    amounts = note_amounts(first, KM_RATES)
    assert amounts.note_id == 1
    assert amounts.lines == ((11, D("41.48")), (None, D("15.78")))
    assert amounts.total == D("57.26")
    assert note_total([]) == 0
    assert bill_total([amounts.total, note_amounts(second, KM_RATES).total]) == D("64.26")


# -- invariants ------------------------------------------------------------------

WINDOWS = [(date(2024, 1, 1), date(2024, 6, 30)), (date(2026, 1, 1), date(2026, 3, 31))]


@st.composite
def lines(draw):
    first, last = draw(st.sampled_from(WINDOWS))
    date_from = first + timedelta(days=draw(st.integers(0, (last - first).days)))
    date_to = date_from + timedelta(days=draw(st.integers(0, (last - date_from).days)))
    count = draw(st.integers(1, (date_to - date_from).days + 1))
    recurrence = Recurrence(date_from, date_to, count)
    kind = draw(st.sampled_from(list(LineKind)))
    amount = draw(st.decimals(min_value=0, max_value=500, places=2))
    if kind is not TRIP:
        return Line(kind, recurrence, amount)
    km = draw(st.decimals(min_value=0, max_value=900, places=1))
    return Line(kind, recurrence, amount, km, draw(st.sampled_from(list(TransportMode))))


NOTES = st.lists(
    st.builds(
        lambda note_id, regime, note_lines: Note(note_id, "vol", regime, note_lines),
        st.integers(),
        st.sampled_from(list(Regime)),
        st.lists(lines(), max_size=6),
    ),
    max_size=6,
)


@given(lines())
def test_line_is_its_exact_amount_rounded_once(line):
    exact = sum((occurrence_amount(occ, KM_RATES) for occ in line.occurrences(Regime.REAL)), D(0))
    amount = line_amount(line, KM_RATES)
    assert amount.as_tuple().exponent == -2
    assert abs(amount - exact) <= CENT / 2


@given(NOTES)
def test_money_is_never_created_or_lost(notes):
    totals = []
    for note in notes:
        amounts = note_amounts(note, KM_RATES)
        assert [line_id for line_id, _amount in amounts.lines] == [
            line.line_id for line in note.lines
        ]
        assert amounts.total == sum((amount for _line_id, amount in amounts.lines), D(0))
        assert amounts.total == sum((line_amount(line, KM_RATES) for line in note.lines), D(0))
        totals.append(amounts.total)
    bill = bill_total(totals)
    assert bill == sum(totals, D(0))
    every_line = [line_amount(line, KM_RATES) for note in notes for line in note.lines]
    assert bill == sum(every_line, D(0))
    assert bill == bill_total(reversed(totals))  # order does not matter
