# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dito_expenses.tools.amounts import bill_total, note_amounts
from dito_expenses.tools.lines import Line, LineKind, Note, Regime, TransportMode
from dito_expenses.tools.rates import KmRate
from dito_expenses.tools.recurrence import Recurrence
from dito_expenses.tools.register import register_rows, totals_by_volunteer

KM_RATES = [
    KmRate(date(2025, 10, 1), date(2025, 12, 31), TransportMode.CAR, "0.4312"),
    KmRate(date(2026, 1, 1), date(2026, 3, 31), TransportMode.CAR, "0.4326"),
    KmRate(date(2025, 1, 1), date(2026, 12, 31), TransportMode.BIKE, "0.37"),
]


def _car_trip(day, km, date_to=None, count=1):
    return Line(
        LineKind.TRIP,
        Recurrence(day, date_to, count),
        km=km,
        mode=TransportMode.CAR,
        origin="A",
        destination="B",
    )


def _note(note_id, volunteer, *lines):
    return Note(note_id, volunteer, Regime.FLAT, lines)


def test_register_shows_what_was_paid_line_by_line():
    """Issue 9.1: "Four 7 km car trips in 2026 Q1 are paid 12.11 (one rounding per line)
    but the register shows 12.12 (rounded per occurrence). The register is a legal
    document: it must show exactly what was paid, line by line, and sum to the bills."""
    note = _note(1, "ann", _car_trip(date(2026, 1, 5), "7", date(2026, 1, 31), 4))
    paid = note_amounts(note, KM_RATES)
    assert paid.total == Decimal("12.11")
    rows = register_rows([note], 2026, KM_RATES)
    assert len(rows) == 1
    assert rows[0].amount == Decimal("12.11")
    assert (rows[0].day, rows[0].day_to, rows[0].count) == (
        date(2026, 1, 5),
        rows[0].day_to,
        4,
    )
    assert rows[0].km == Decimal("28")


def test_a_line_across_new_year_is_shared_by_year_and_adds_up():
    """A line from 30 Dec to 2 Jan: each year shows its part (31 Dec / 1 Jan boundary),
    and the parts add up to the line as paid."""
    note = _note(
        1,
        "ann",
        Line(LineKind.ACTIVITY, Recurrence(date(2025, 12, 30), date(2026, 1, 2), 4), "10"),
    )
    rows_2026 = register_rows([note], 2026)
    assert [(row.day, row.day_to, row.count) for row in rows_2026] == [
        (date(2026, 1, 1), date(2026, 1, 2), 2)
    ]
    assert rows_2026[0].amount == Decimal("20.00")
    rows_2025 = register_rows([note], 2025)
    assert [(row.day, row.day_to) for row in rows_2025] == [
        (date(2025, 12, 30), date(2025, 12, 31))
    ]
    # cents straddling New Year: 3 car trips of 7 km, 2 in 2025 Q4 and 1 in 2026 Q1
    trip = _note(2, "ann", _car_trip(date(2025, 12, 30), "7", date(2026, 1, 1), 3))
    total = note_amounts(trip, KM_RATES).total
    parts = [register_rows([trip], year, KM_RATES)[0].amount for year in (2025, 2026)]
    assert sum(parts) == total


@st.composite
def _lines(draw):
    kind = draw(st.sampled_from([LineKind.ACTIVITY, LineKind.TRIP]))
    start = date(2025, 10, 1) + timedelta(days=draw(st.integers(0, 150)))
    length = draw(st.integers(0, 20))
    end = start + timedelta(days=length)
    count = draw(st.integers(1, length + 1))
    if kind is LineKind.TRIP:
        mode = draw(st.sampled_from([TransportMode.CAR, TransportMode.BIKE]))
        km = Decimal(draw(st.integers(1, 5000))) / 10
        return Line(
            kind, Recurrence(start, end, count), km=km, mode=mode, origin="A", destination="B"
        )
    amount = Decimal(draw(st.integers(1, 10000))) / 100
    return Line(kind, Recurrence(start, end, count), amount)


@given(st.lists(st.lists(_lines(), min_size=1, max_size=5), min_size=1, max_size=4))
def test_register_total_equals_billed_total(notes_lines):
    """Hypothesis: for any set of lines, the register (all years) sums to the bills."""
    notes = [
        _note(
            index, "ann", *(replace(line, line_id=(index, pos)) for pos, line in enumerate(lines))
        )
        for index, lines in enumerate(notes_lines)
    ]
    billed = bill_total(note_amounts(note, KM_RATES).total for note in notes)
    registered = sum(
        (row.amount for year in (2025, 2026) for row in register_rows(notes, year, KM_RATES)),
        Decimal(0),
    )
    assert registered == billed
    # and line by line
    for note in notes:
        paid = dict(note_amounts(note, KM_RATES).lines)
        for line in note.lines:
            shown = sum(
                (
                    row.amount
                    for year in (2025, 2026)
                    for row in register_rows([note], year, KM_RATES)
                    if row.line_id == line.line_id
                ),
                Decimal(0),
            )
            assert shown == paid[line.line_id]


def test_trips_give_km_and_rounded_amount():
    trip = Line(
        LineKind.TRIP,
        Recurrence(date(2026, 2, 3)),
        km="10",
        mode=TransportMode.CAR,
        origin="A",
        destination="B",
    )
    rows = register_rows([_note(1, "ann", trip)], 2026, KM_RATES)
    assert rows[0].amount == Decimal("4.33")
    assert rows[0].km == Decimal("10")


def test_sorted_by_volunteer_then_date_and_totals():
    first = _note(1, "bob", Line(LineKind.ACTIVITY, Recurrence(date(2026, 3, 2)), "5"))
    second = _note(2, "ann", Line(LineKind.ACTIVITY, Recurrence(date(2026, 3, 5)), "7"))
    third = _note(3, "ann", Line(LineKind.ACTIVITY, Recurrence(date(2026, 3, 1)), "3"))
    rows = register_rows([first, second, third], 2026)
    assert [(row.volunteer_id, row.day.day) for row in rows] == [("ann", 1), ("ann", 5), ("bob", 2)]
    assert totals_by_volunteer(rows) == {
        "ann": (Decimal("10.00"), Decimal(0)),
        "bob": (Decimal("5.00"), Decimal(0)),
    }


def test_empty():
    assert register_rows([], 2026) == []
    assert totals_by_volunteer([]) == {}


def test_a_period_line_shows_its_period_not_invented_dates():
    """Issue 10.9: "the register invents dates for '3x in a period' lines (show the
    period)": a line "3 times between 1 and 31 March" is one row from 1 to 31 March,
    3 times — not the spread days the caps use (1, 11 and 21 March)."""
    line = Line(LineKind.ACTIVITY, Recurrence(date(2026, 3, 1), date(2026, 3, 31), 3), "10")
    rows = register_rows([_note(1, "ann", line)], 2026)
    assert [(row.day, row.day_to, row.count) for row in rows] == [
        (date(2026, 3, 1), date(2026, 3, 31), 3)
    ]
    # across New Year: each year shows its part of the period (31 Dec / 1 Jan)
    line = Line(LineKind.ACTIVITY, Recurrence(date(2025, 12, 1), date(2026, 1, 31), 2), "10")
    note = _note(2, "ann", line)
    assert [(r.day, r.day_to, r.count) for r in register_rows([note], 2025)] == [
        (date(2025, 12, 1), date(2025, 12, 31), 1)
    ]
    assert [(r.day, r.day_to, r.count) for r in register_rows([note], 2026)] == [
        (date(2026, 1, 1), date(2026, 1, 31), 1)
    ]
