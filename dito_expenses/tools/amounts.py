# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Money of lines, notes and bills.

Each occurrence's amount is exact (a car trip uses the per-km rate of the
occurrence's own quarter); a line's amount is their sum rounded **once** to the
cent (half up). Above the line nothing is rounded again: a note's total is the
sum of its lines and a bill's total the sum of its notes, so no cent is created
or lost on the way.

This is the one rounding rule, used by the bills and by the yearly register
alike: when a line must be shown in parts (the register splits a line whose
period straddles New Year by calendar year), :func:`split_rounded` shares the
line's once-rounded amount over the parts, so the parts always add up to what
was paid.
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


def split_rounded(exact_parts, quantum=CENT):
    """Shares of ``round(sum(exact_parts))`` per part, each a whole number of cents.

    Part *k* gets ``round(S_k) - round(S_k-1)`` where ``S_k`` is the running exact
    sum: the shares add up to exactly the once-rounded total, whatever the parts.
    """
    shares = []
    running = ZERO
    rounded_before = round_money(ZERO, quantum)
    for part in exact_parts:
        running += to_decimal(part)
        rounded = round_money(running, quantum)
        shares.append(rounded - rounded_before)
        rounded_before = rounded
    return shares


def line_exact_amounts(line, km_rates=()):
    """``(day, exact amount)`` of each occurrence of ``line``, in date order."""
    days = line.recurrence.dates()
    if line.kind is LineKind.TRIP:
        return [
            (day, trip_amount(line.km, line.mode, day, km_rates, line.unit_amount)) for day in days
        ]
    return [(day, to_decimal(line.unit_amount)) for day in days]


def line_amount(line, km_rates=(), quantum=CENT):
    """Amount of a line: the exact amounts of its occurrences summed, then rounded once."""
    if line.kind is LineKind.TRIP:
        exact = sum((amount for _day, amount in line_exact_amounts(line, km_rates)), ZERO)
    else:
        exact = to_decimal(line.unit_amount) * line.count
    return round_money(exact, quantum)


def line_amounts_by_year(line, km_rates=(), quantum=CENT):
    """``{year: (amount, occurrence days)}`` of ``line``: :func:`line_amount` shared by year.

    The amounts add up to :func:`line_amount` exactly (:func:`split_rounded`).
    """
    by_year = {}
    for day, amount in line_exact_amounts(line, km_rates):
        days, exact = by_year.get(day.year, ((), ZERO))
        by_year[day.year] = (days + (day,), exact + amount)
    years = sorted(by_year)
    shares = split_rounded((by_year[year][1] for year in years), quantum)
    return {year: (share, by_year[year][0]) for year, share in zip(years, shares, strict=True)}


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
