# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Order totals: product invoice + card invoice, no cent created or lost."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voucher_orders.tools import totals
from voucher_orders.tools.common import money

D = Decimal

FEES = totals.Fees(
    per_voucher_fee=D("0.05"),
    service_fee_fixed=D("15.00"),
    service_fee_percent=D("2.5"),
    loading_cost_fixed=D("0"),
    loading_cost_per_beneficiary=D("0.50"),
    card_price=D("6.00"),
)


def test_order_totals_worked_example():
    lines = [
        totals.OrderLine(D("160.00"), 20, card=True),  # 20 days × €8
        totals.OrderLine(D("168.00"), 21),  # 21 days × €8
        totals.OrderLine(D("150.00"), 15, card=True),  # 15 days × €10
    ]
    result = totals.compute_totals(lines, FEES)
    assert result.beneficiaries == 3
    assert result.vouchers == 56
    assert result.vouchers_total == D("478.00")
    assert result.voucher_fee == D("2.80")
    assert result.service_fee == D("15.00") + D("11.95")
    assert result.loading_cost == D("1.50")
    assert result.product_total == D("478.00") + D("2.80") + D("26.95") + D("1.50")
    assert result.cards == 2
    assert result.card_total == D("12.00")
    assert result.grand_total == result.product_total + D("12.00")
    voucher_lines = [line for line in result.product.lines if line.code == totals.VOUCHERS]
    assert [(line.quantity, line.unit_price) for line in voucher_lines] == [
        (41, D("8.00")),
        (15, D("10.00")),
    ]
    (card_line,) = result.card.lines
    assert (card_line.quantity, card_line.unit_price, card_line.subtotal) == (
        2,
        D("6.00"),
        D("12.00"),
    )


def test_no_card_no_card_invoice():
    result = totals.compute_totals([totals.OrderLine(D("250"), 1)], FEES)
    assert result.card.lines == ()
    assert result.card_total == D("0.00")


def test_uneven_amount_is_one_line_but_keeps_its_voucher_count():
    result = totals.compute_totals([totals.OrderLine(D("10.00"), 3)], FEES)
    assert result.vouchers == 3
    assert result.voucher_fee == D("0.15")
    (vouchers,) = [line for line in result.product.lines if line.code == totals.VOUCHERS]
    assert (vouchers.quantity, vouchers.unit_price) == (1, D("10.00"))


def test_empty_order():
    result = totals.compute_totals([], FEES)
    assert result.grand_total == D("0.00")
    assert result.product.lines == ()


def test_negative_inputs_are_refused():
    with pytest.raises(ValueError):
        totals.Fees(card_price=D("-1"))
    with pytest.raises(ValueError):
        totals.OrderLine(D("-5"), 1)
    with pytest.raises(ValueError):
        totals.OrderLine(D("5"), -1)
    with pytest.raises(ValueError):
        totals.OrderLine(D("5"), 0)
    with pytest.raises(ValueError):
        totals.estimate_quote(FEES, -1, 1, D("8"))


def test_quote_counts_a_card_for_everyone():
    quote = totals.estimate_quote(FEES, 10, 20, D("8.00"))
    assert quote.cards == 10
    assert quote.card_total == D("60.00")
    assert quote.vouchers == 200
    assert quote.vouchers_total == D("1600.00")
    assert quote.loading_cost == D("5.00")
    assert quote.service_fee == D("15.00") + D("40.00")


amounts = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False)
fee_amounts = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False)
fees_strategy = st.builds(
    totals.Fees,
    per_voucher_fee=fee_amounts,
    service_fee_fixed=fee_amounts,
    service_fee_percent=st.decimals(min_value=0, max_value=20, places=2, allow_nan=False),
    loading_cost_fixed=fee_amounts,
    loading_cost_per_beneficiary=fee_amounts,
    card_price=fee_amounts,
)


@st.composite
def order_lines(draw):
    vouchers = draw(st.integers(min_value=1, max_value=31))
    if draw(st.booleans()):
        amount = draw(st.decimals(min_value=0, max_value=20, places=2)) * vouchers
    else:
        amount = draw(amounts)
    return totals.OrderLine(amount, vouchers, card=draw(st.booleans()))


@given(st.lists(order_lines(), max_size=40), fees_strategy)
def test_no_money_created_or_lost(lines, fees):
    result = totals.compute_totals(lines, fees)
    assert result.product.total + result.card.total == result.grand_total
    for part in (result.product, result.card):
        assert part.total >= 0
        assert part.total == sum((line.subtotal for line in part.lines), D(0))
        for line in part.lines:
            assert line.subtotal >= 0
            assert line.subtotal == money(line.unit_price * line.quantity)
            assert line.subtotal == line.subtotal.quantize(D("0.01"))
    assert result.vouchers_total == sum((line.amount for line in lines), D(0))
    assert result.product.total == result.vouchers_total + result.fees_total
    assert result.card_total == money(fees.card_price * sum(line.card for line in lines))


@given(
    fees_strategy,
    st.integers(min_value=0, max_value=500),
    st.integers(min_value=0, max_value=31),
    st.decimals(min_value=0, max_value=20, places=2),
)
def test_quote_is_an_order_with_cards_for_everyone(fees, beneficiaries, vouchers, face):
    quote = totals.estimate_quote(fees, beneficiaries, vouchers, face)
    assert quote.grand_total == quote.product.total + quote.card.total
    assert quote.grand_total >= 0
    if face and vouchers:
        line = totals.OrderLine(face * vouchers, vouchers, card=True)
        order = totals.compute_totals([line] * beneficiaries, fees)
        assert order == quote


@given(st.lists(order_lines(), min_size=1, max_size=20), fees_strategy)
def test_fewer_cards_never_cost_more(lines, fees):
    with_cards = [totals.OrderLine(line.amount, line.vouchers, card=True) for line in lines]
    assert (
        totals.compute_totals(lines, fees).grand_total
        <= totals.compute_totals(with_cards, fees).grand_total
    )
