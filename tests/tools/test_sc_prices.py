# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""User price tranches (servicecheque_prestations.tools.prices).

Rule (issue 9.9): "store every tranche ... and apply the tranche by the number
bought in the year"; Brussels 2026: "EUR 11.40 for 1-300, EUR 14.00 for 301-500".
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicecheque_prestations.tools.prices import Tranche, purchase_lines, purchase_price

BRUSSELS_2026 = [Tranche(301, Decimal("14.00")), Tranche(1, Decimal("11.40"))]


def test_first_tranche_up_to_its_last_voucher():
    """Vouchers 1 to 300 cost 11.40: the 300th still does."""
    assert purchase_price(BRUSSELS_2026, 0, 300) == Decimal("3420.00")
    assert purchase_price(BRUSSELS_2026, 299, 1) == Decimal("11.40")


def test_second_tranche_from_its_first_voucher():
    """The 301st voucher of the year costs 14.00."""
    assert purchase_price(BRUSSELS_2026, 300, 1) == Decimal("14.00")
    assert purchase_price(BRUSSELS_2026, 300, 200) == Decimal("2800.00")


def test_a_purchase_across_the_boundary_is_split():
    lines = purchase_lines(BRUSSELS_2026, 299, 3)
    assert [(line.first_voucher, line.count, line.price) for line in lines] == [
        (300, 1, Decimal("11.40")),
        (301, 2, Decimal("14.00")),
    ]
    assert purchase_price(BRUSSELS_2026, 299, 3) == Decimal("39.40")


def test_unknown_bounds_give_no_price_rather_than_a_guess():
    """Wallonia 2025 publishes three prices without their bounds."""
    wallonia = [
        Tranche(1, Decimal("10.20")),
        Tranche(None, Decimal("11.20")),
        Tranche(None, Decimal("12.20")),
    ]
    assert purchase_price(wallonia, 0, 1) is None
    assert purchase_price([], 0, 1) is None
    assert purchase_price([Tranche(2, Decimal("1"))], 0, 1) is None, "no tranche from 1"
    partly = [Tranche(1, Decimal("10")), Tranche(100, Decimal("11")), Tranche(None, Decimal("12"))]
    assert purchase_price(partly, 0, 99) is None, "the unknown tranche may start anywhere"


def test_bad_counts_are_refused():
    with pytest.raises(ValueError):
        purchase_price(BRUSSELS_2026, 0, 0)
    with pytest.raises(ValueError):
        purchase_price(BRUSSELS_2026, -1, 1)


@given(st.integers(0, 600), st.integers(1, 300), st.integers(1, 300))
def test_splitting_a_purchase_never_changes_the_price(before, first, second):
    """Buying n then m vouchers costs what buying n + m at once does."""
    together = purchase_price(BRUSSELS_2026, before, first + second)
    apart = purchase_price(BRUSSELS_2026, before, first) + purchase_price(
        BRUSSELS_2026, before + first, second
    )
    assert together == apart


@given(st.integers(0, 600), st.integers(1, 300))
def test_each_voucher_pays_its_tranche(before, quantity):
    lines = purchase_lines(BRUSSELS_2026, before, quantity)
    assert sum(line.count for line in lines) == quantity
    for line in lines:
        for number in range(line.first_voucher, line.first_voucher + line.count):
            assert line.price == (Decimal("11.40") if number <= 300 else Decimal("14.00"))
