# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Note lines of dito_expenses: validation and expansion to occurrences."""

from datetime import date
from decimal import Decimal

import pytest

from dito_expenses.tools.lines import (
    Line,
    LineCode,
    LineKind,
    Note,
    Regime,
    TransportMode,
    check_line,
    check_note,
    occurrences_of,
    to_decimal,
)
from dito_expenses.tools.recurrence import Recurrence

D = Decimal
DAY = Recurrence(date(2025, 3, 3))


@pytest.mark.parametrize(
    "line, regime, codes",
    [
        (Line(LineKind.ACTIVITY, DAY, D(10)), Regime.FLAT, []),
        (Line(LineKind.REAL_COST, DAY, D(10)), Regime.REAL, []),
        (Line(LineKind.REAL_COST, DAY, D(10)), Regime.FLAT, [LineCode.REAL_COST_UNDER_FLAT_RATE]),
        (Line(LineKind.TRIP, DAY, km=D(5)), Regime.FLAT, [LineCode.TRIP_WITHOUT_MODE]),
        (
            Line(LineKind.TRIP, DAY, km=D(0), mode=TransportMode.CAR),
            Regime.FLAT,
            [LineCode.TRIP_WITHOUT_KM],
        ),
        (Line(LineKind.TRIP, DAY, km=D(8), mode=TransportMode.BIKE), Regime.REAL, []),
        (
            Line(LineKind.TRIP, DAY, km=D(8), mode=TransportMode.PUBLIC_TRANSPORT),
            Regime.REAL,
            [LineCode.TICKET_COST_MISSING],
        ),
        (
            Line(LineKind.TRIP, DAY, D("2.5"), mode=TransportMode.PUBLIC_TRANSPORT),
            Regime.REAL,
            [],
        ),
        (Line(LineKind.ACTIVITY, DAY, D(-1)), Regime.FLAT, [LineCode.NEGATIVE_AMOUNT]),
        (
            Line(LineKind.TRIP, DAY, km=D(-3), mode=TransportMode.CAR),
            Regime.FLAT,
            [LineCode.NEGATIVE_KM],
        ),
    ],
)
def test_check_line(line, regime, codes):
    assert [problem.code for problem in check_line(line, regime)] == codes


def test_check_note_names_the_lines():
    note = Note(
        7,
        "vol",
        Regime.FLAT,
        [
            Line(LineKind.ACTIVITY, DAY, D(10), line_id=1),
            Line(LineKind.REAL_COST, DAY, D(10), line_id=2),
        ],
    )
    (problem,) = check_note(note)
    assert (problem.code, problem.line_id) == (LineCode.REAL_COST_UNDER_FLAT_RATE, 2)


def test_occurrences_carry_note_regime_and_line():
    line = Line(
        LineKind.TRIP,
        Recurrence(date(2025, 3, 1), date(2025, 3, 10), 2),
        km=12.5,
        mode=TransportMode.CAR,
        line_id=4,
    )
    note = Note(9, "vol", Regime.REAL, [line])
    occurrences = note.occurrences()
    assert [occ.day for occ in occurrences] == [date(2025, 3, 1), date(2025, 3, 6)]
    assert {(occ.note_id, occ.line_id, occ.regime, occ.km) for occ in occurrences} == {
        (9, 4, Regime.REAL, D("12.5"))
    }
    assert all(occ.is_travel and not occ.is_real_cost for occ in occurrences)
    assert occurrences_of([note, note]) == occurrences * 2


def test_occurrence_classes():
    flat = Note(1, "v", Regime.FLAT, [Line(LineKind.ACTIVITY, DAY, D(1))]).occurrences()[0]
    real = Note(2, "v", Regime.REAL, [Line(LineKind.ACTIVITY, DAY, D(1))]).occurrences()[0]
    assert flat.is_flat_allowance and not flat.is_real_cost
    assert real.is_real_cost and not real.is_flat_allowance


def test_to_decimal():
    assert to_decimal(None) == 0
    assert to_decimal(0.1) == D("0.1")
    assert to_decimal("3.40") == D("3.40")
    assert to_decimal(7) == D(7)
