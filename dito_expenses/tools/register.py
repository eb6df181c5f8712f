# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The yearly register required by law: a named list of each volunteer, date and amount.

One row per occurrence (a line "4 times in March" gives four dated rows), in the
calendar year asked for, sorted by volunteer and date. Each row's amount is the
occurrence's exact amount rounded to the cent; the register's total per
volunteer is the sum of the rounded rows, so it may differ by a cent from the
notes' totals (which round once per line), and that difference is reported.
"""

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .amounts import occurrence_amount, round_money
from .lines import LineKind

ZERO = Decimal(0)


@dataclass(frozen=True)
class RegisterRow:
    volunteer_id: Hashable
    day: date
    kind: LineKind
    amount: Decimal
    km: Decimal
    note_id: Hashable = None


def register_rows(notes, year, km_rates=()):
    """Rows of the register of ``year`` for ``notes`` (:class:`~.lines.Note`)."""
    rows = []
    for note in notes:
        for occ in note.occurrences():
            if occ.day.year != year:
                continue
            rows.append(
                RegisterRow(
                    volunteer_id=note.volunteer_id,
                    day=occ.day,
                    kind=occ.kind,
                    amount=round_money(occurrence_amount(occ, km_rates)),
                    km=occ.km if occ.kind is LineKind.TRIP else ZERO,
                    note_id=note.note_id,
                )
            )
    return sorted(rows, key=lambda row: (str(row.volunteer_id), row.day, row.kind.value))


def totals_by_volunteer(rows):
    """``{volunteer_id: (amount, km)}`` summed over ``rows``."""
    totals = {}
    for row in rows:
        amount, km = totals.get(row.volunteer_id, (ZERO, ZERO))
        totals[row.volunteer_id] = (amount + row.amount, km + row.km)
    return totals
