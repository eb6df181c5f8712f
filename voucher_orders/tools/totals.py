# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Order totals, split into the product invoice and the card invoice.

* **Product invoice**: the vouchers' face value, the per-voucher fee, the
  service fee (a fixed part and/or a percentage of the vouchers' face value),
  the loading cost (a fixed part per order and/or a part per beneficiary loaded).
* **Card invoice**: the card price × the cards detected (:mod:`.cards`).

Every component is rounded to the cent once (half up) and the totals are sums
of rounded components, so ``product_total + card_total == grand_total`` exactly
and each invoice part equals the sum of its lines: no cent is created or lost.
Amounts are untaxed; the invoice's taxes come from the Odoo products.

A quote (:func:`estimate_quote`) is the same computation for a number of
beneficiaries and vouchers, with a card for everyone: the maximum.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from .common import money, to_decimal

# invoice line codes
VOUCHERS = "vouchers"
VOUCHER_FEE = "voucher_fee"
SERVICE_FEE_FIXED = "service_fee_fixed"
SERVICE_FEE_PERCENT = "service_fee_percent"
LOADING_FIXED = "loading_fixed"
LOADING_PER_BENEFICIARY = "loading_per_beneficiary"
CARDS = "cards"

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def _non_negative(value, name):
    amount = to_decimal(value if value is not None else 0)
    if amount < 0:
        raise ValueError(f"{name} must not be negative")
    return amount


@dataclass(frozen=True)
class Fees:
    """A contract's fees (untaxed). ``service_fee_percent`` is a percentage (2.5 = 2.5 %)."""

    per_voucher_fee: Decimal = ZERO
    service_fee_fixed: Decimal = ZERO
    service_fee_percent: Decimal = ZERO
    loading_cost_fixed: Decimal = ZERO
    loading_cost_per_beneficiary: Decimal = ZERO
    card_price: Decimal = ZERO

    def __post_init__(self):
        for name in self.__dataclass_fields__:
            object.__setattr__(self, name, _non_negative(getattr(self, name), name))


@dataclass(frozen=True)
class OrderLine:
    """One beneficiary of an order: the amount loaded, its voucher count, a card or not."""

    amount: Decimal
    vouchers: int
    card: bool = False
    key: object = None

    def __post_init__(self):
        object.__setattr__(self, "amount", money(_non_negative(self.amount, "amount")))
        if isinstance(self.vouchers, bool) or not isinstance(self.vouchers, int):
            raise ValueError("vouchers must be an integer")
        if self.vouchers < 0:
            raise ValueError("vouchers must not be negative")
        if self.amount and not self.vouchers:
            raise ValueError("an amount needs at least one voucher")


@dataclass(frozen=True)
class InvoiceLine:
    """A line to put on an invoice: ``subtotal == money(quantity × unit_price)``."""

    code: str
    quantity: int
    unit_price: Decimal
    subtotal: Decimal


@dataclass(frozen=True)
class InvoicePart:
    """The lines of one invoice and their total."""

    lines: tuple
    total: Decimal


@dataclass(frozen=True)
class OrderTotals:
    """Everything step 3 of an order (and a quote) shows."""

    beneficiaries: int
    vouchers: int
    vouchers_total: Decimal
    voucher_fee: Decimal
    service_fee: Decimal
    loading_cost: Decimal
    cards: int
    card_total: Decimal
    product: InvoicePart
    card: InvoicePart

    @property
    def product_total(self):
        return self.product.total

    @property
    def fees_total(self):
        return self.voucher_fee + self.service_fee + self.loading_cost

    @property
    def grand_total(self):
        return self.product.total + self.card.total


def _line(code, quantity, unit_price):
    return InvoiceLine(code, quantity, unit_price, money(unit_price * quantity))


def _voucher_groups(lines):
    """``{unit price: quantity}`` of the voucher lines.

    A beneficiary's amount that splits evenly over its vouchers (meal: face
    value × days) adds its vouchers at the face value; one that does not adds
    one unit at the whole amount (the voucher count is kept apart).
    """
    groups = Counter()
    for line in lines:
        if not line.amount:
            continue
        unit = money(line.amount / line.vouchers)
        if unit * line.vouchers == line.amount:
            groups[unit] += line.vouchers
        else:
            groups[line.amount] += 1
    return groups


def _totals(fees, groups, vouchers, beneficiaries, cards):
    product_lines = [_line(VOUCHERS, quantity, unit) for unit, quantity in sorted(groups.items())]
    vouchers_total = sum((line.subtotal for line in product_lines), ZERO)
    ordering = beneficiaries > 0
    voucher_fee = service_fee = loading = ZERO
    if vouchers and fees.per_voucher_fee:
        fee_line = _line(VOUCHER_FEE, vouchers, fees.per_voucher_fee)
        product_lines.append(fee_line)
        voucher_fee = fee_line.subtotal
    if ordering and fees.service_fee_fixed:
        fee_line = _line(SERVICE_FEE_FIXED, 1, fees.service_fee_fixed)
        product_lines.append(fee_line)
        service_fee += fee_line.subtotal
    if vouchers_total and fees.service_fee_percent:
        fee_line = _line(
            SERVICE_FEE_PERCENT, 1, money(vouchers_total * fees.service_fee_percent / HUNDRED)
        )
        product_lines.append(fee_line)
        service_fee += fee_line.subtotal
    if ordering and fees.loading_cost_fixed:
        fee_line = _line(LOADING_FIXED, 1, fees.loading_cost_fixed)
        product_lines.append(fee_line)
        loading += fee_line.subtotal
    if beneficiaries and fees.loading_cost_per_beneficiary:
        fee_line = _line(LOADING_PER_BENEFICIARY, beneficiaries, fees.loading_cost_per_beneficiary)
        product_lines.append(fee_line)
        loading += fee_line.subtotal
    card_lines = []
    if cards:
        card_lines.append(_line(CARDS, cards, fees.card_price))
    product = InvoicePart(
        tuple(product_lines), sum((line.subtotal for line in product_lines), ZERO)
    )
    card = InvoicePart(tuple(card_lines), sum((line.subtotal for line in card_lines), ZERO))
    return OrderTotals(
        beneficiaries=beneficiaries,
        vouchers=vouchers,
        vouchers_total=vouchers_total,
        voucher_fee=voucher_fee,
        service_fee=service_fee,
        loading_cost=loading,
        cards=cards,
        card_total=card.total,
        product=product,
        card=card,
    )


def compute_totals(lines, fees):
    """The totals of an order from its :class:`OrderLine` values and the contract's :class:`Fees`.

    Lines with a zero amount are not loaded (no voucher, no loading cost) but
    their card, if any, is still invoiced.
    """
    lines = list(lines)
    groups = _voucher_groups(lines)
    vouchers = sum(line.vouchers for line in lines if line.amount)
    beneficiaries = sum(1 for line in lines if line.amount)
    cards = sum(1 for line in lines if line.card)
    return _totals(fees, groups, vouchers, beneficiaries, cards)


def estimate_quote(fees, beneficiaries, vouchers_per_beneficiary, face_value):
    """A quote's estimate: ``beneficiaries`` × ``vouchers_per_beneficiary`` vouchers
    of ``face_value``, with a card for every beneficiary (the maximum)."""
    for name, count in (
        ("beneficiaries", beneficiaries),
        ("vouchers_per_beneficiary", vouchers_per_beneficiary),
    ):
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"{name} must be a non-negative integer")
    face = money(_non_negative(face_value, "face_value"))
    groups = Counter()
    loaded = beneficiaries if face and vouchers_per_beneficiary else 0
    if loaded:
        groups[face] = beneficiaries * vouchers_per_beneficiary
    return _totals(fees, groups, sum(groups.values()), loaded, beneficiaries)
