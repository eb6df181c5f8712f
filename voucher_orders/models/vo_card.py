# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import cards as card_tools
from ..tools import codes
from .access import check_staff

CARD_STATUSES = [
    (card_tools.ORDERED, "Ordered"),
    (card_tools.ACTIVE, "Active"),
    (card_tools.EXPIRED, "Expired"),
    (card_tools.LOST, "Lost"),
    (card_tools.STOLEN, "Stolen"),
    (card_tools.DAMAGED, "Damaged"),
    (card_tools.BLOCKED, "Blocked"),
]


class VoCard(models.Model):
    """A beneficiary's electronic voucher card.

    Ordered by a confirmed order (card detection), shipped by the issuer (then
    active, valid for the issuer's card validity), reported lost, stolen or
    damaged by the client contacts from the portal, which blocks it; the next
    order detects the need for a new one.
    """

    _name = "vo.card"
    _description = "Voucher Card"
    _inherit = ["mail.thread"]
    _order = "id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    beneficiary_id = fields.Many2one(
        "vo.beneficiary", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        related="beneficiary_id.partner_id", store=True, index=True, string="Employer"
    )
    national_number = fields.Char(related="beneficiary_id.national_number", store=True, index=True)
    number = fields.Char(copy=False, index=True)
    number_masked = fields.Char(string="Card", compute="_compute_number_masked")
    issue_date = fields.Date(tracking=True)
    expiry_date = fields.Date(tracking=True)
    status = fields.Selection(
        CARD_STATUSES, required=True, default="ordered", index=True, tracking=True
    )
    order_id = fields.Many2one("vo.order", string="Ordered With", index=True, ondelete="set null")
    reason = fields.Char(readonly=True)
    reported_on = fields.Datetime(readonly=True)

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("number")
    def _compute_number_masked(self):
        for card in self:
            number = card.number or ""
            card.number_masked = "*" * max(len(number) - 4, 0) + number[-4:]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_report(self, status):
        """A client contact (portal, sudo after its check) or staff reports a card."""
        check_staff(self)
        if status not in card_tools.REPORTABLE_STATUSES:
            raise UserError(self.env._("A card can be reported lost, stolen or damaged only."))
        if self.filtered(lambda c: c.status not in ("active", "ordered")):
            raise UserError(self.env._("Only a card in use can be reported."))
        self.write({"status": status, "reported_on": fields.Datetime.now()})
        return True

    def _vo_status_badge(self):
        """The Bootstrap class of the portal badge of this card's status."""
        self.ensure_one()
        return f"text-bg-{codes.CARD_STATUS_COLOURS.get(self.status, 'secondary')}"

    def action_ship(self):
        """The issuer ships ordered cards: they get a number, an issue and an expiry date."""
        check_staff(self)
        cards = self.filtered(lambda c: c.status == "ordered")
        if not cards:
            return True
        today = fields.Date.context_today(self)
        terms = self.env["vo.issuer.terms"]._terms_at(today)
        sequence = self.env["ir.sequence"].sudo()
        for card in cards:
            card.write(
                {
                    "status": card_tools.ACTIVE,
                    "issue_date": today,
                    "expiry_date": card_tools.card_expiry(today, terms.card_validity_years),
                    "number": card.number or sequence.next_by_code("vo.card"),
                }
            )
        template = self.env.ref(
            "voucher_orders.mail_template_card_shipped", raise_if_not_found=False
        )
        orders = cards.order_id
        if template and orders:
            for order in orders:
                order.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        return True

    @api.model
    def _cron_expire_cards(self):
        """Mark active cards past their expiry date as expired."""
        cards = self.search(
            [("status", "=", card_tools.ACTIVE), ("expiry_date", "<=", fields.Date.today())]
        )
        cards.write({"status": card_tools.EXPIRED})
        return cards
