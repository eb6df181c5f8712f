# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The yearly register required by law: a named list of each volunteer, date and amount.

The register shows exactly what was paid, line by line: one row per note line
in the calendar year asked for (a line "4 times in March" is one row with its
period, 1 to 31 March, and its count: the spread days the caps use are not
shown as if they were known), with the line's amount as billed
(:func:`.amounts.line_amount`, the one rounding rule). A line whose period
straddles New Year is shown in each year with its share
(:func:`.amounts.line_amounts_by_year`), the shares adding up to the line's
amount. So the register's total of a year's notes equals their bills' total.
"""

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .amounts import line_amounts_by_year
from .lines import LineKind, to_decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class RegisterRow:
    volunteer_id: Hashable
    day: date
    kind: LineKind
    amount: Decimal
    km: Decimal
    note_id: Hashable = None
    line_id: Hashable = None
    day_to: date = None
    count: int = 1


def register_rows(notes, year, km_rates=()):
    """Rows of the register of ``year`` for ``notes`` (:class:`~.lines.Note`)."""
    rows = []
    for note in notes:
        for line in note.lines:
            share = line_amounts_by_year(line, km_rates).get(year)
            if share is None:
                continue
            amount, days = share
            km = to_decimal(line.km) * len(days) if line.kind is LineKind.TRIP else ZERO
            rows.append(
                RegisterRow(
                    volunteer_id=note.volunteer_id,
                    day=max(line.recurrence.date_from, date(year, 1, 1)),
                    kind=line.kind,
                    amount=amount,
                    km=km,
                    note_id=note.note_id,
                    line_id=line.line_id,
                    day_to=min(line.recurrence.date_to, date(year, 12, 31)),
                    count=len(days),
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
