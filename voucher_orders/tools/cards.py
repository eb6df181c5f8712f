# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Card detection: which beneficiaries of an electronic-voucher order need a card.

The issuer detects cards from the national number (the caller passes every
card known for the person, whichever employer or product it came with). A card
is *usable* for an order when it is active and its expiry date is after the
load date. A card's expiry is its issue date plus the card validity in years (an
:class:`~.rules.IssuerTerms` figure, passed in); the expiry date is the first
day the card no longer works.

Without a usable card, the reason is, in this order of precedence:

1. ``first_order`` — the client's first order;
2. ``new_beneficiary`` — the person has no card at all;
3. ``reported_lost`` / ``reported_stolen`` / ``reported_damaged`` /
   ``reported_blocked`` — the latest card was reported so;
4. ``expired`` — the latest card has expired or expires on or before the load date.

A card already ordered but not yet issued (``card_pending``) prevents a second one.
"""

from dataclasses import dataclass, field
from datetime import date

ORDERED = "ordered"  # a card record before it is shipped and activated
ACTIVE = "active"
EXPIRED = "expired"
LOST = "lost"
STOLEN = "stolen"
DAMAGED = "damaged"
BLOCKED = "blocked"
CARD_STATUSES = (ACTIVE, EXPIRED, LOST, STOLEN, DAMAGED, BLOCKED)
#: the statuses of a card record (the rules above only see shipped cards)
CARD_RECORD_STATUSES = (ORDERED, *CARD_STATUSES)
#: statuses a client reports from the portal (the card is then blocked)
REPORTABLE_STATUSES = (LOST, STOLEN, DAMAGED)

# reasons
FIRST_ORDER = "first_order"
NEW_BENEFICIARY = "new_beneficiary"
CARD_EXPIRED = "expired"
REPORTED = {status: f"reported_{status}" for status in (LOST, STOLEN, DAMAGED, BLOCKED)}
HAS_VALID_CARD = "has_valid_card"
CARD_PENDING = "card_pending"


def card_expiry(issue_date, validity_years):
    """``issue_date`` plus ``validity_years`` years (29 February → 28 February)."""
    if validity_years <= 0:
        raise ValueError("validity_years must be positive")
    year = issue_date.year + validity_years
    try:
        return issue_date.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


@dataclass(frozen=True)
class Card:
    """A card as known to the issuer. ``expiry_date`` overrides issue date + validity."""

    number: str = field(repr=False)
    issue_date: date | None
    status: str = ACTIVE
    expiry_date: date | None = None

    def __post_init__(self):
        if self.status not in CARD_STATUSES:
            raise ValueError(f"unknown card status {self.status!r}")

    def expires_on(self, validity_years):
        """The card's expiry date (given, or issue date + ``validity_years``); None if unknown."""
        if self.expiry_date:
            return self.expiry_date
        return card_expiry(self.issue_date, validity_years) if self.issue_date else None

    def is_usable(self, load_date, validity_years):
        """Active and still valid after ``load_date`` (an active card of unknown dates is)."""
        expiry = self.expires_on(validity_years)
        return self.status == ACTIVE and (expiry is None or expiry > load_date)

    @property
    def masked_number(self):
        number = str(self.number or "")
        return "*" * max(len(number) - 4, 0) + number[-4:]

    def __repr__(self):
        return (
            f"Card(number={self.masked_number!r}, issue_date={self.issue_date!r}, "
            f"status={self.status!r}, expiry_date={self.expiry_date!r})"
        )


@dataclass(frozen=True)
class CardNeed:
    """Whether a beneficiary needs a card for this order, and why."""

    needed: bool
    reason: str
    #: the card being replaced, if any (expired or reported)
    replaces: Card | None = None


def detect_card_need(cards, *, first_order, load_date, card_validity_years, card_pending=False):
    """Decide whether a beneficiary with ``cards`` needs a new card for an order.

    ``first_order``: the client's first order; ``load_date``: when the vouchers
    are loaded; ``card_validity_years``: the dated issuer figure; ``card_pending``:
    a card was already ordered and is not yet issued.
    """
    cards = list(cards)
    if any(card.is_usable(load_date, card_validity_years) for card in cards):
        return CardNeed(False, HAS_VALID_CARD)
    if card_pending:
        return CardNeed(False, CARD_PENDING)
    if first_order:
        return CardNeed(True, FIRST_ORDER)
    if not cards:
        return CardNeed(True, NEW_BENEFICIARY)
    latest = max(cards, key=lambda card: (card.issue_date, card.expires_on(card_validity_years)))
    if latest.status in REPORTED:
        return CardNeed(True, REPORTED[latest.status], replaces=latest)
    return CardNeed(True, CARD_EXPIRED, replaces=latest)


def detect_cards_for_order(
    beneficiaries, *, first_order, load_date, card_validity_years, pending_keys=()
):
    """:func:`detect_card_need` for many beneficiaries.

    ``beneficiaries`` maps a beneficiary key to its cards; ``pending_keys`` holds
    the keys with a card already ordered. Returns ``{key: CardNeed}``.
    """
    pending = set(pending_keys)
    return {
        key: detect_card_need(
            cards,
            first_order=first_order,
            load_date=load_date,
            card_validity_years=card_validity_years,
            card_pending=key in pending,
        )
        for key, cards in beneficiaries.items()
    }


def cards_needed(needs):
    """How many cards a ``{key: CardNeed}`` mapping orders."""
    return sum(1 for need in needs.values() if need.needed)
