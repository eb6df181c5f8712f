# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import date
from decimal import Decimal

from dito_expenses.tools.lines import Line, LineKind, Note, Regime, TransportMode
from dito_expenses.tools.rates import KmRate
from dito_expenses.tools.recurrence import Recurrence
from dito_expenses.tools.register import register_rows, totals_by_volunteer

KM_RATES = [KmRate(date(2026, 1, 1), date(2026, 3, 31), TransportMode.CAR, "0.4326")]


def _note(note_id, volunteer, *lines):
    return Note(note_id, volunteer, Regime.FLAT, lines)


def test_one_row_per_occurrence_in_the_year_only():
    note = _note(
        1,
        "ann",
        Line(LineKind.ACTIVITY, Recurrence(date(2025, 12, 30), date(2026, 1, 2), 4), "10"),
    )
    rows = register_rows([note], 2026)
    assert [row.day for row in rows] == [date(2026, 1, 1), date(2026, 1, 2)]
    assert all(row.amount == Decimal("10.00") for row in rows)


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
