# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The lists of codes of the voucher orders, in one place.

The Odoo selections are built from these tuples (a test keeps every selection's
keys equal to its list here); a new status code starts here. The other lists
live next to their rules: product types in :mod:`.rules`, card statuses and
reasons in :mod:`.cards`, national number kinds in :mod:`.identifiers`, card
delivery places in :mod:`.xlsx` (the Excel files name them).
"""

from . import cards

# An order's status, in the order of its life
DRAFT = "draft"
IN_PROGRESS = "in_progress"
AWAITING_PAYMENT = "awaiting_payment"
PAID = "paid"
LOADED = "loaded"
CANCELLED = "cancelled"
ORDER_STATES = (DRAFT, IN_PROGRESS, AWAITING_PAYMENT, PAID, LOADED, CANCELLED)

# The two invoices of an order
PRODUCT_INVOICE = "product"
CARD_INVOICE = "card"
INVOICE_KINDS = (PRODUCT_INVOICE, CARD_INVOICE)

# A bank statement line paying (or not) a voucher invoice
MATCHED = "matched"
UNMATCHED = "unmatched"
MATCH_STATES = (MATCHED, UNMATCHED)

# How the vouchers of a product are issued
ELECTRONIC = "electronic"
PAPER = "paper"
VOUCHER_FORMATS = (ELECTRONIC, PAPER)

# The colour of a status badge on the portal (Bootstrap's, as Odoo's portal uses
# them: info while waiting, success when done, danger when lost or cancelled)
ORDER_STATE_COLOURS = {
    DRAFT: "secondary",
    IN_PROGRESS: "info",
    AWAITING_PAYMENT: "warning",
    PAID: "primary",
    LOADED: "success",
    CANCELLED: "danger",
}
CARD_STATUS_COLOURS = {
    cards.ORDERED: "info",
    cards.ACTIVE: "success",
    cards.EXPIRED: "secondary",
    cards.LOST: "danger",
    cards.STOLEN: "danger",
    cards.DAMAGED: "danger",
    cards.BLOCKED: "danger",
}
