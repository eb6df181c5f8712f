# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import allocation, codes, states

ALLOCATABLE = states.ALLOCATABLE_VALUES


class ScUserNumber(models.Model):
    """A 12-digit service-voucher user number of a household (partner).

    One household may have several numbers. The number carries the wallet (voucher
    lots) and the region, taken from the partner's postal code unless set by hand.
    Staff maintain numbers; portal users read their own.
    """

    _name = "sc.user.number"
    _description = "Service-Voucher User Number"
    _inherit = ["mail.thread"]
    _order = "name"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(string="User Number", required=True, size=12, tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="User", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    region_id = fields.Many2one(
        "sc.region",
        compute="_compute_region_id",
        store=True,
        readonly=False,
        tracking=True,
        help="Taken from the user's postal code; set it by hand for addresses abroad.",
    )
    active = fields.Boolean(default=True, tracking=True)
    deceased = fields.Boolean(tracking=True, help="The user died: no new performances.")
    to_check = fields.Boolean(
        help="Created by an import for an unknown number: check its user and region."
    )
    confirmation_channel = fields.Selection(
        selection=[
            ("online", "Online Wallet"),
            ("alternative", "Alternative Channels"),
        ],
        required=True,
        default="online",
        tracking=True,
        help="How the user confirms performances: the online wallet, or the alternative "
        "channels (paper, phone). Some regions give users of the alternative channels a "
        "longer delay before automatic confirmation.",
    )
    special_category = fields.Boolean(
        help="The user belongs to a category with a higher yearly maximum."
    )
    lot_ids = fields.One2many("sc.voucher.lot", "user_number_id", string="Voucher Lots")
    balance = fields.Integer(
        compute="_compute_balance", help="Electronic vouchers available today."
    )

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "This user number is already registered."
    )
    _name_digits = models.Constraint(
        "CHECK(name ~ '^[0-9]{12}$')", "A user number has exactly 12 digits."
    )

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("partner_id.zip")
    def _compute_region_id(self):
        regions = {r.code: r for r in self.env["sc.region"].search([])}
        for number in self:
            code = codes.region_from_zip(number.partner_id.zip)
            if code and code in regions:
                number.region_id = regions[code]
            elif not number.region_id:
                number.region_id = False

    @api.depends("lot_ids.remaining", "lot_ids.valid_until", "lot_ids.available_from")
    def _compute_balance(self):
        today = self.env["sc.performance"]._today()
        for number in self:
            number.balance = allocation.balance(number.lot_ids._as_tools_lots(), today)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_vals(vals)
        return super().write(vals)

    def _normalize_vals(self, vals):
        if vals.get("name"):
            number = codes.normalize_user_number(vals["name"])
            if number is None:
                raise ValidationError(
                    self.env._(
                        "User number %(number)s: a user number has exactly 12 digits.",
                        number=vals["name"],
                    )
                )
            vals["name"] = number

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _find(self, number, company):
        """The active user number ``number`` (any separators) of ``company``, or empty."""
        normalized = codes.normalize_user_number(number)
        if not normalized:
            return self.browse()
        return self.search([("name", "=", normalized), ("company_id", "=", company.id)], limit=1)

    @api.model
    def _cron_allocate_available(self, batch_size=200):
        """Pay waiting performances from vouchers that became available.

        Bought electronic vouchers become available a day (the region's delay)
        after the purchase, when no allocation runs by itself: this job picks up
        every user number with a ready or partly paid performance (codes 11, 16,
        17, 18) and usable vouchers, partly paid ones first
        (:func:`..tools.allocation.allocate`), committing after each batch.
        """
        today = self.env["sc.performance"]._today()
        waiting = (
            self.env["sc.performance"]
            .sudo()
            ._read_group([("status", "in", ALLOCATABLE)], ["user_number_id"])
        )
        numbers = self.browse([number.id for (number,) in waiting])
        if not numbers:
            return
        lots = (
            self.env["sc.voucher.lot"]
            .sudo()
            ._read_group(
                [
                    ("user_number_id", "in", numbers.ids),
                    ("remaining", ">", 0),
                    ("electronic", "=", True),
                    ("available_from", "<=", today),
                    ("valid_until", ">=", today),
                ],
                ["user_number_id"],
            )
        )
        todo = self.sudo().browse(sorted(number.id for (number,) in lots))
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=len(todo))
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            batch._allocate_vouchers()
            if not cron._commit_progress(len(batch)):
                return

    def _allocate_vouchers(self):
        """Pay the ready and partially paid performances of these numbers from their wallets.

        Lots are locked (``FOR UPDATE``) so that two allocations never spend the same
        vouchers; :func:`..tools.allocation.allocate` decides (expiring lot first,
        partially paid performances first). Each user gets one e-mail with what was
        taken and the balance left.
        """
        numbers = self.filtered("id")
        if not numbers:
            return self.env["sc.voucher.allocation"]
        Performance = self.env["sc.performance"].sudo()
        Lot = self.env["sc.voucher.lot"].sudo()
        today = Performance._today()
        performances = Performance.search(
            [("user_number_id", "in", numbers.ids), ("status", "in", ALLOCATABLE)]
        )
        if not performances:
            return self.env["sc.voucher.allocation"]
        lots = Lot.search(
            [
                ("user_number_id", "in", performances.user_number_id.ids),
                ("remaining", ">", 0),
                ("electronic", "=", True),
                ("available_from", "<=", today),
                ("valid_until", ">=", today),
            ]
        )
        if not lots:
            return self.env["sc.voucher.allocation"]
        self.env.cr.execute(
            SQL("SELECT id FROM sc_voucher_lot WHERE id IN %s FOR UPDATE", tuple(lots.ids))
        )
        lots.invalidate_recordset(["remaining"])
        moves = []
        for number in performances.user_number_id:
            result = allocation.allocate(
                lots.filtered(lambda lot, n=number: lot.user_number_id == n)._as_tools_lots(),
                [
                    allocation.Performance(p.id, p.date, p.hours, p.vouchers_allocated)
                    for p in performances.filtered(lambda p, n=number: p.user_number_id == n)
                ],
                today,
            )
            moves.extend(result.moves)
        if not moves:
            return self.env["sc.voucher.allocation"]
        allocations = (
            self.env["sc.voucher.allocation"]
            .sudo()
            .create(
                [
                    {
                        "lot_id": move.lot_id,
                        "performance_id": move.performance_id,
                        "count": move.count,
                        "date": today,
                    }
                    for move in moves
                ]
            )
        )
        taken_by_lot, taken_by_performance = {}, {}
        for move in moves:
            taken_by_lot[move.lot_id] = taken_by_lot.get(move.lot_id, 0) + move.count
            taken_by_performance[move.performance_id] = (
                taken_by_performance.get(move.performance_id, 0) + move.count
            )
        for lot in lots.filtered(lambda lot: lot.id in taken_by_lot):
            lot.remaining -= taken_by_lot[lot.id]
        paid = Performance.browse(list(taken_by_performance))
        paid._apply_event(
            "allocate",
            "cron" if self.env.context.get("cron_id") else "backoffice",
            per_record={pid: {"count": count} for pid, count in taken_by_performance.items()},
        )
        paid.user_number_id._notify_allocation(taken_by_performance)
        return allocations

    def _notify_allocation(self, taken_by_performance):
        """E-mail each user what was taken from their wallet and the balance left."""
        performances = self.env["sc.performance"].sudo().browse(list(taken_by_performance))
        for number, lines in performances.grouped("user_number_id").items():
            items = Markup("").join(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(date)s, %(worker)s: %(count)s voucher(s) for %(hours)s hour(s)",
                    date=performance.date,
                    worker=performance.employee_id.name,
                    count=taken_by_performance[performance.id],
                    hours=performance.hours,
                )
                for performance in lines
            )
            number.invalidate_recordset(["balance"])
            body = Markup("<p>%s</p><ul>%s</ul><p>%s</p>") % (
                self.env._(
                    "Vouchers were taken from the wallet of user number %(number)s:",
                    number=number.name,
                ),
                items,
                self.env._("Vouchers left in the wallet: %(balance)s.", balance=number.balance),
            )
            number.message_post(
                body=body,
                subject=self.env._("Service vouchers taken from your wallet"),
                partner_ids=number.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
