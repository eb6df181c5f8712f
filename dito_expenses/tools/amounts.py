# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Money of lines, notes and bills.

Each occurrence's amount is exact (a car trip uses the per-km rate of the
occurrence's own quarter); a line's amount is their sum rounded **once** to the
cent (half up). Above the line nothing is rounded again: a note's total is the
sum of its lines and a bill's total the sum of its notes, so no cent is created
or lost on the way.
"""

from collections.abc import Hashable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .lines import LineKind, TransportMode, to_decimal
from .rates import km_rate_at

CENT = Decimal("0.01")
ZERO = Decimal(0)


def round_money(value, quantum=CENT):
    """``value`` rounded half up to ``quantum`` (the currency's cent by default)."""
    return to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def trip_amount(km, mode, day, km_rates, ticket_cost=ZERO):
    """Unrounded amount of one trip: km × legal rate for car/bike, the ticket for transit."""
    mode = TransportMode(mode)
    if mode is TransportMode.PUBLIC_TRANSPORT:
        return to_decimal(ticket_cost)
    return to_decimal(km) * km_rate_at(km_rates, mode, day)


def occurrence_amount(occurrence, km_rates=()):
    """Unrounded amount of one occurrence (a :class:`~.lines.Occurrence`)."""
    if occurrence.kind is LineKind.TRIP:
        return trip_amount(
            occurrence.km, occurrence.mode, occurrence.day, km_rates, occurrence.unit_amount
        )
    return occurrence.unit_amount


def line_amount(line, km_rates=(), quantum=CENT):
    """Amount of a line: the exact amounts of its occurrences summed, then rounded once."""
    if line.kind is LineKind.TRIP:
        exact = sum(
            (
                trip_amount(line.km, line.mode, day, km_rates, line.unit_amount)
                for day in line.recurrence.dates()
            ),
            ZERO,
        )
    else:
        exact = line.unit_amount * line.count
    return round_money(exact, quantum)


@dataclass(frozen=True)
class NoteAmounts:
    """A note's line amounts (``(line_id, amount)`` in line order) and their total."""

    note_id: Hashable
    lines: tuple[tuple[Hashable, Decimal], ...]
    total: Decimal


def note_amounts(note, km_rates=(), quantum=CENT):
    """Every line amount of ``note`` and the note's total."""
    lines = tuple((line.line_id, line_amount(line, km_rates, quantum)) for line in note.lines)
    return NoteAmounts(note.note_id, lines, note_total(amount for _line_id, amount in lines))


def note_total(line_amounts):
    """Total of a note: the plain sum of its (already rounded) line amounts."""
    return sum((to_decimal(amount) for amount in line_amounts), ZERO)


def bill_total(note_totals):
    """Total of a vendor bill: the plain sum of its notes' totals."""
    return sum((to_decimal(total) for total in note_totals), ZERO)
