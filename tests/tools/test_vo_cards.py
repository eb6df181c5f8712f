# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Card detection for an order."""

from datetime import date

import pytest
from test_vo_helpers import issuer_terms

from voucher_orders.tools import cards

LOAD = date(2026, 3, 16)
YEARS = issuer_terms().card_validity_years


def need(card_list, *, first_order=False, load_date=LOAD, pending=False):
    return cards.detect_card_need(
        card_list,
        first_order=first_order,
        load_date=load_date,
        card_validity_years=YEARS,
        card_pending=pending,
    )


def card(issued, status=cards.ACTIVE, number="6000111122223333", expiry=None):
    return cards.Card(number=number, issue_date=issued, status=status, expiry_date=expiry)


def test_card_expiry_is_issue_plus_years():
    assert cards.card_expiry(date(2021, 3, 16), 5) == date(2026, 3, 16)
    assert cards.card_expiry(date(2024, 2, 29), 5) == date(2029, 2, 28)
    with pytest.raises(ValueError):
        cards.card_expiry(date(2024, 1, 1), 0)


def test_first_order_without_card():
    result = need([], first_order=True)
    assert (result.needed, result.reason) == (True, cards.FIRST_ORDER)


def test_first_order_with_a_valid_card_from_elsewhere_needs_none():
    result = need([card(date(2024, 1, 1))], first_order=True)
    assert (result.needed, result.reason) == (False, cards.HAS_VALID_CARD)


def test_new_beneficiary_without_card():
    result = need([])
    assert (result.needed, result.reason) == (True, cards.NEW_BENEFICIARY)


def test_valid_card():
    assert not need([card(date(2022, 1, 1))]).needed


def test_card_expired_after_five_years():
    old = card(date(2020, 1, 10))
    result = need([old])
    assert (result.needed, result.reason, result.replaces) == (True, cards.CARD_EXPIRED, old)


def test_card_expiring_on_the_load_date_is_replaced():
    assert need([card(date(2021, 3, 16))]).reason == cards.CARD_EXPIRED
    assert not need([card(date(2021, 3, 17))]).needed


def test_card_expiring_before_a_later_load_date():
    valid_now = card(date(2021, 6, 1))
    assert not need([valid_now]).needed
    assert need([valid_now], load_date=date(2026, 6, 1)).reason == cards.CARD_EXPIRED


def test_explicit_expiry_date_wins():
    short = card(date(2025, 1, 1), expiry=date(2026, 1, 1))
    assert need([short]).reason == cards.CARD_EXPIRED


def test_status_expired():
    assert need([card(date(2024, 1, 1), cards.EXPIRED)]).reason == cards.CARD_EXPIRED


@pytest.mark.parametrize("status", [cards.LOST, cards.STOLEN, cards.DAMAGED, cards.BLOCKED])
def test_reported_cards(status):
    reported = card(date(2024, 1, 1), status)
    result = need([reported])
    assert (result.needed, result.reason) == (True, f"reported_{status}")
    assert result.replaces == reported


def test_replacement_already_issued():
    lost = card(date(2023, 1, 1), cards.LOST, number="1")
    replacement = card(date(2025, 1, 1), number="2")
    assert not need([lost, replacement]).needed


def test_latest_card_gives_the_reason():
    old_expired = card(date(2015, 1, 1), number="1")
    stolen = card(date(2023, 1, 1), cards.STOLEN, number="2")
    assert need([old_expired, stolen]).reason == cards.REPORTED[cards.STOLEN]


def test_pending_card_is_not_ordered_twice():
    result = need([], pending=True)
    assert (result.needed, result.reason) == (False, cards.CARD_PENDING)


def test_unknown_status_rejected():
    with pytest.raises(ValueError):
        card(date(2024, 1, 1), "melted")


def test_card_repr_masks_the_number():
    assert "6000111122223333" not in repr(card(date(2024, 1, 1)))
    assert "3333" in repr(card(date(2024, 1, 1)))


def test_detect_for_an_order():
    needs = cards.detect_cards_for_order(
        {
            "valid": [card(date(2024, 1, 1))],
            "new": [],
            "expired": [card(date(2019, 1, 1))],
            "lost": [card(date(2024, 1, 1), cards.LOST)],
            "pending": [],
        },
        first_order=False,
        load_date=LOAD,
        card_validity_years=YEARS,
        pending_keys={"pending"},
    )
    assert {key: value.reason for key, value in needs.items()} == {
        "valid": cards.HAS_VALID_CARD,
        "new": cards.NEW_BENEFICIARY,
        "expired": cards.CARD_EXPIRED,
        "lost": "reported_lost",
        "pending": cards.CARD_PENDING,
    }
    assert cards.cards_needed(needs) == 3
