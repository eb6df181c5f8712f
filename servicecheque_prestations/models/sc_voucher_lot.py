# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import datetime

from odoo import api, fields, models
from odoo.addons.benefits_base.inputs import raise_user_error
from odoo.addons.benefits_base.tools import inputs
from odoo.exceptions import UserError

from ..tools import allocation, prices
from .sc_access import check_household

#: What a user may ask for vouchers of a lot.
REQUEST_KINDS = ("exchange", "refund")


class ScVoucherLot(models.Model):
    """Vouchers a user bought in one go, in the wallet of one user number.

    The validity end comes from the region's rule on the purchase date; electronic
    vouchers become available after the region's delay. ``remaining`` only goes
    down through allocations, and never below zero (a database check).
    """

    _name = "sc.voucher.lot"
    _description = "Service-Voucher Lot"
    _order = "valid_until, id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    user_number_id = fields.Many2one(
        "sc.user.number", required=True, index=True, ondelete="restrict", check_company=True
    )
    partner_id = fields.Many2one(related="user_number_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="user_number_id.company_id", store=True, index=True)
    bought_on = fields.Date(required=True, default=fields.Date.context_today)
    available_from = fields.Date(compute="_compute_dates", store=True, readonly=False)
    valid_until = fields.Date(compute="_compute_dates", store=True, readonly=False)
    quantity = fields.Integer(required=True)
    remaining = fields.Integer(readonly=True, copy=False)
    electronic = fields.Boolean(default=True)
    expiry_warned = fields.Boolean(readonly=True, copy=False)
    exchanged_from_id = fields.Many2one(
        "sc.voucher.lot",
        string="Exchange Of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The lot whose vouchers these replace: an exchange is not a purchase and does "
        "not count in the yearly maximum.",
    )
    allocation_ids = fields.One2many("sc.voucher.allocation", "lot_id", string="Allocations")
    currency_id = fields.Many2one("res.currency", compute="_compute_user_price")
    user_price_total = fields.Monetary(
        string="User Price",
        compute="_compute_user_price",
        help="What the user pays for this purchase: the region's price tranches by the "
        "number of vouchers the user number bought before in the calendar year. Empty for "
        "an exchange, or when the region's tranches are not (fully) configured.",
    )

    _quantity_positive = models.Constraint(
        "CHECK(quantity > 0)", "A lot holds at least one voucher."
    )
    _remaining_range = models.Constraint(
        "CHECK(remaining >= 0 AND remaining <= quantity)",
        "A lot never gives more vouchers than it holds.",
    )

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("bought_on", "user_number_id.region_id")
    def _compute_dates(self):
        with_rule = self.filtered(lambda lot: lot.bought_on and lot.user_number_id.region_id)
        rules = self.env["sc.region.rule"]._dated_find_many(
            [({"region_id": lot.user_number_id.region_id}, lot.bought_on) for lot in with_rule]
        )
        for lot in self:
            region = lot.user_number_id.region_id
            if lot not in with_rule:
                lot.available_from = lot.available_from or lot.bought_on
                continue
            rule = rules[(region.id,), lot.bought_on]
            lot.available_from = lot.bought_on + datetime.timedelta(
                days=rule.available_delay_days if lot.electronic else 0
            )
            lot.valid_until = rule._valid_until(lot.bought_on)

    @api.depends("quantity", "bought_on", "user_number_id.region_id", "exchanged_from_id")
    def _compute_user_price(self):
        """Price of each purchase from the tranches, in two queries for the batch."""
        euro = self.env.ref("base.EUR")
        self.currency_id = euro
        self.user_price_total = False
        lots = self.filtered(
            lambda lot: (
                lot.id
                and lot.bought_on
                and lot.user_number_id.region_id
                and not lot.exchanged_from_id
            )
        )
        if not lots:
            return
        years = {lot.bought_on.year for lot in lots}
        purchases = self.sudo().search_fetch(
            [
                ("user_number_id", "in", lots.user_number_id.ids),
                ("bought_on", ">=", f"{min(years)}-01-01"),
                ("bought_on", "<=", f"{max(years)}-12-31"),
                ("exchanged_from_id", "=", False),
            ],
            ["user_number_id", "bought_on", "quantity"],
            order="bought_on, id",
        )
        running, before = {}, {}
        for purchase in purchases:
            key = (purchase.user_number_id.id, purchase.bought_on.year)
            before[purchase.id] = running.get(key, 0)
            running[key] = before[purchase.id] + purchase.quantity
        for lot in lots:
            region = lot.user_number_id.region_id.sudo()
            total = prices.purchase_price(
                region._price_tranches_on(lot.bought_on), before.get(lot.id, 0), lot.quantity
            )
            lot.user_price_total = float(total) if total is not None else False

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals["remaining"] = vals.get("quantity", 0)
        lots = super().create(vals_list)
        lots._check_yearly_maximum()
        for lot in lots:
            if not lot.valid_until:
                raise UserError(
                    self.env._(
                        "Lot of %(number)s: set its validity end (the user number has no region).",
                        number=lot.user_number_id.name,
                    )
                )
        # new vouchers go first to partially paid performances
        lots.filtered("electronic").user_number_id._allocate_vouchers()
        return lots

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.allocation_ids:
            raise UserError(
                self.env._("Vouchers of this lot were allocated: it cannot be deleted.")
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_request(self, kind, quantity):
        """The user asks to exchange vouchers of their own lot for new ones, or to have
        them refunded (portal); staff carry the request out. A second request while
        one is pending asks nothing more (double click)."""
        check_household(self)
        self.ensure_one()
        lot_sudo = self.sudo()
        try:
            kind = inputs.parse_choice(kind, self.env._("Request"), REQUEST_KINDS)
            count = inputs.parse_int(
                quantity, self.env._("Quantity"), minimum=1, maximum=max(lot_sudo.remaining, 1)
            )
        except inputs.InputError as error:
            raise_user_error(self.env, error)
        Request = self.env["sc.voucher.request"].sudo()
        message = Request._check_request(lot_sudo, count, self.env["sc.performance"]._today())
        if message:
            raise UserError(message)
        pending = Request.search_count(
            [("lot_id", "=", lot_sudo.id), ("state", "=", "requested")], limit=1
        )
        if not pending:
            Request.create({"lot_id": lot_sudo.id, "kind": kind, "quantity": count})
        return True

    # ------------------------------------------------------------
    # CRON
    # ------------------------------------------------------------

    @api.model
    def _cron_warn_expiry(self):
        """Tell users once, before their vouchers expire (the region's warning delay)."""
        today = self.env["sc.performance"]._today()
        lots = self.search(
            [
                ("remaining", ">", 0),
                ("expiry_warned", "=", False),
                ("valid_until", ">=", today),
                ("valid_until", "<=", today + datetime.timedelta(days=366)),
            ]
        )
        rules = self.env["sc.region.rule"]._dated_find_many(
            [({"region_id": region}, today) for region in lots.user_number_id.region_id]
        )
        due = self.browse()
        for lot in lots:
            region = lot.user_number_id.region_id
            days = rules[(region.id,), today].expiry_warning_days if region else 30
            if lot.valid_until <= today + datetime.timedelta(days=days):
                due |= lot
        for number, number_lots in due.grouped("user_number_id").items():
            number.message_post(
                body=self.env._(
                    "%(count)s voucher(s) of user number %(number)s expire on %(date)s. "
                    "Use them, or ask to exchange them for new ones or to have them refunded.",
                    count=sum(number_lots.mapped("remaining")),
                    number=number.name,
                    date=min(number_lots.mapped("valid_until")),
                ),
                subject=self.env._("Your service vouchers expire soon"),
                partner_ids=number.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        due.write({"expiry_warned": True})
        return len(due)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _check_yearly_maximum(self):
        """Vouchers bought in a calendar year stay within the region's maxima, per user
        number and per household (all numbers of the partner): :mod:`..tools.allocation`."""
        Lot = self.env["sc.voucher.lot"].sudo()
        # an exchange replaces vouchers already counted: only purchases count
        purchases = self.filtered(lambda lot: not lot.exchanged_from_id)
        for (number, year), lots in purchases.grouped(
            lambda lot: (lot.user_number_id, lot.bought_on.year)
        ).items():
            region = number.region_id
            if not region:
                continue
            rule = self.env["sc.region.rule"]._dated_find(
                min(lots.mapped("bought_on")), region_id=region
            )
            household = number.partner_id.commercial_partner_id
            domain = [
                *self._sc_purchase_domain(year),
                ("id", "not in", lots.ids),
            ]
            [(by_user,)] = Lot._read_group(
                [*domain, ("user_number_id", "=", number.id)], [], ["quantity:sum"]
            )
            [(by_household,)] = Lot._read_group(
                [*domain, ("partner_id", "child_of", household.id)], [], ["quantity:sum"]
            )
            check = allocation.check_yearly_maximum(
                sum(lots.mapped("quantity")),
                by_user or 0,
                by_household or 0,
                rule._yearly_maxima(),
                special=number.special_category,
            )
            if not check.allowed:
                raise UserError(
                    self.env._(
                        "User number %(number)s: %(count)s more vouchers in %(year)s exceed the "
                        "yearly maximum of %(limit)s (still possible: %(room)s).",
                        number=number.name,
                        count=sum(lots.mapped("quantity")),
                        year=year,
                        limit=check.limit,
                        room=check.room,
                    )
                )

    @api.model
    def _sc_purchase_domain(self, year):
        """Lots bought in ``year``, exchanges aside (they replace, they do not add)."""
        return [
            ("bought_on", ">=", f"{year}-01-01"),
            ("bought_on", "<=", f"{year}-12-31"),
            ("exchanged_from_id", "=", False),
        ]

    @api.model
    def _sc_bought_in_year(self, numbers, year):
        """Vouchers bought on ``numbers`` in ``year`` (what the yearly maximum counts)."""
        [(bought,)] = self._read_group(
            [*self._sc_purchase_domain(year), ("user_number_id", "in", numbers.ids)],
            [],
            ["quantity:sum"],
        )
        return bought or 0

    def _as_tools_lots(self):
        return [
            allocation.Lot(
                id=lot.id,
                bought_on=lot.bought_on,
                available_from=lot.available_from or lot.bought_on,
                quantity=lot.quantity,
                remaining=lot.remaining,
                valid_until=lot.valid_until or lot.bought_on,
                electronic=lot.electronic,
            )
            for lot in self
        ]
