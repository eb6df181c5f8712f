# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""User price tranches: what a user pays for vouchers bought in a calendar year.

Regions price vouchers by tranche of the number a user bought in the calendar
year (e.g. Brussels 2026: EUR 11.40 for vouchers 1 to 300, EUR 14.00 for 301 to
500). A tranche starts at a voucher number (``first_voucher``) and ends where the
next one starts. A tranche whose first voucher is not known (``None``: a price was
published without its bounds) makes every price of that set unknown: the
functions answer ``None`` rather than guess.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Tranche:
    first_voucher: int | None
    price: Decimal


@dataclass(frozen=True)
class PriceLine:
    first_voucher: int  # number, in the year, of the first voucher of the line
    count: int
    price: Decimal

    @property
    def amount(self):
        return self.price * self.count


def _known(tranches):
    """Tranches with a known start, ordered, and whether an unknown one follows."""
    known = sorted(
        (t for t in tranches if t.first_voucher is not None), key=lambda t: t.first_voucher
    )
    unknown = any(t.first_voucher is None for t in tranches)
    return known, unknown


def purchase_lines(tranches, bought_before, quantity):
    """The price lines of ``quantity`` vouchers bought after ``bought_before`` others
    in the same calendar year, or ``None`` when a price is not known.

    >>> brussels = [Tranche(1, Decimal("11.40")), Tranche(301, Decimal("14.00"))]
    >>> [(line.count, line.price) for line in purchase_lines(brussels, 299, 3)]
    [(1, Decimal('11.40')), (2, Decimal('14.00'))]
    """
    if quantity < 1 or bought_before < 0:
        raise ValueError("need quantity >= 1 and bought_before >= 0")
    known, unknown = _known(tranches)
    if unknown or not known or known[0].first_voucher != 1:
        # a published tranche has no bounds: it may start anywhere, no price is certain
        return None
    first, last = bought_before + 1, bought_before + quantity
    lines = []
    for index, tranche in enumerate(known):
        end = known[index + 1].first_voucher - 1 if index + 1 < len(known) else None
        start = max(first, tranche.first_voucher)
        stop = last if end is None else min(last, end)
        if start <= stop:
            lines.append(PriceLine(start, stop - start + 1, tranche.price))
    return lines


def purchase_price(tranches, bought_before, quantity):
    """The total of :func:`purchase_lines`, or ``None`` when a price is not known."""
    lines = purchase_lines(tranches, bought_before, quantity)
    if lines is None:
        return None
    return sum((line.amount for line in lines), Decimal(0))
