# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


from psycopg2.errors import LockNotAvailable

from odoo import api, fields, models
from odoo.addons.benefits_base.tools.inputs import neutralise_cell
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

from .. import problems as vo_problems
from ..demo import demo_orders
from ..tools import cards as card_tools
from ..tools import codes, common, rules, totals, xlsx
from .access import check_staff

ORDER_STATES = [
    (codes.DRAFT, "Not Completed"),
    (codes.IN_PROGRESS, "In Progress"),
    (codes.AWAITING_PAYMENT, "Awaiting Payment"),
    (codes.PAID, "Paid"),
    (codes.LOADED, "Loaded"),
    (codes.CANCELLED, "Cancelled"),
]


class VoOrder(models.Model):
    """An employer's order of vouchers for some of its beneficiaries.

    Client contacts (portal) create and confirm orders for their employer only;
    issuer staff see and handle every order. The state is derived from facts
    written by the flow: confirmation, a block by overdue invoices, the invoices,
    their payment, the loading, a cancellation. Confirmation is idempotent (the row
    is locked and the state checked again inside the transaction).
    """

    _name = "vo.order"
    _description = "Voucher Order"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, readonly=True, copy=False, default="/", index=True)
    # the link token opens the order to whoever holds it: only staff read it (to share it)
    access_token = fields.Char(groups="voucher_orders.group_voucher_user")
    partner_id = fields.Many2one(
        "res.partner",
        string="Employer",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    contract_id = fields.Many2one(
        "vo.contract",
        required=True,
        index=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id)]",
    )
    product_id = fields.Many2one(related="contract_id.product_id", store=True)
    product_type = fields.Selection(related="contract_id.product_type", store=True)
    voucher_format = fields.Selection(related="contract_id.voucher_format", store=True)
    reference = fields.Char(string="Your Reference", tracking=True)
    load_date = fields.Date(
        required=True, tracking=True, help="The validity start date chosen by the client."
    )
    line_ids = fields.One2many("vo.order.line", "order_id", string="Beneficiaries", copy=True)
    warnings_acknowledged = fields.Boolean(copy=False)
    is_first_order = fields.Boolean(readonly=True, copy=False)
    # facts written by the flow
    confirmed_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    is_blocked = fields.Boolean(
        string="Blocked by Unpaid Invoices", readonly=True, copy=False, tracking=True
    )
    is_cancelled = fields.Boolean(readonly=True, copy=False)
    invoice_ids = fields.One2many("account.move", "vo_order_id", string="Invoices", readonly=True)
    product_invoice_id = fields.Many2one("account.move", compute="_compute_invoices")
    card_invoice_id = fields.Many2one("account.move", compute="_compute_invoices")
    paid_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    loading_scheduled_date = fields.Date(readonly=True, copy=False, tracking=True, index=True)
    loaded_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    load_ids = fields.One2many("vo.voucher.load", "order_id", string="Loads", readonly=True)
    card_ids = fields.One2many("vo.card", "order_id", string="Cards", readonly=True)
    state = fields.Selection(
        ORDER_STATES,
        string="Status",
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )
    # totals
    beneficiary_count = fields.Integer(compute="_compute_totals", store=True)
    voucher_count = fields.Integer(compute="_compute_totals", store=True)
    card_count = fields.Integer(compute="_compute_totals", store=True)
    amount_vouchers = fields.Monetary(compute="_compute_totals", store=True)
    amount_voucher_fee = fields.Monetary(compute="_compute_totals", store=True)
    amount_service_fee = fields.Monetary(compute="_compute_totals", store=True)
    amount_loading = fields.Monetary(compute="_compute_totals", store=True)
    amount_product = fields.Monetary(
        string="Product Invoice Total", compute="_compute_totals", store=True
    )
    amount_cards = fields.Monetary(
        string="Card Invoice Total", compute="_compute_totals", store=True
    )
    amount_total = fields.Monetary(compute="_compute_totals", store=True)
    error_count = fields.Integer(compute="_compute_problem_counts")
    warning_count = fields.Integer(compute="_compute_problem_counts")
    overdue_invoice_ids = fields.Many2many(
        "account.move", compute="_compute_overdue_invoices", string="Overdue Invoices"
    )

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("invoice_ids.vo_invoice_kind", "invoice_ids.state")
    def _compute_invoices(self):
        for order in self:
            invoices = order.invoice_ids.filtered(lambda m: m.state != "cancel")
            order.product_invoice_id = invoices.filtered(lambda m: m.vo_invoice_kind == "product")[
                :1
            ]
            order.card_invoice_id = invoices.filtered(lambda m: m.vo_invoice_kind == "card")[:1]

    @api.depends(
        "is_cancelled", "loaded_on", "paid_on", "is_blocked", "invoice_ids", "confirmed_on"
    )
    def _compute_state(self):
        for order in self:
            if order.is_cancelled:
                order.state = "cancelled"
            elif order.loaded_on:
                order.state = "loaded"
            elif order.paid_on:
                order.state = "paid"
            elif order.is_blocked or order.invoice_ids:
                order.state = "awaiting_payment"
            elif order.confirmed_on:
                order.state = "in_progress"
            else:
                order.state = "draft"

    @api.depends(
        "line_ids.amount",
        "line_ids.vouchers",
        "line_ids.needs_card",
        "contract_id.per_voucher_fee",
        "contract_id.service_fee_fixed",
        "contract_id.service_fee_percent",
        "contract_id.loading_cost_fixed",
        "contract_id.loading_cost_per_beneficiary",
        "contract_id.card_price",
    )
    def _compute_totals(self):
        for order in self:
            result = order._compute_tools_totals()
            order.beneficiary_count = result.beneficiaries
            order.voucher_count = result.vouchers
            order.card_count = result.cards
            order.amount_vouchers = float(result.vouchers_total)
            order.amount_voucher_fee = float(result.voucher_fee)
            order.amount_service_fee = float(result.service_fee)
            order.amount_loading = float(result.loading_cost)
            order.amount_product = float(result.product_total)
            order.amount_cards = float(result.card_total)
            order.amount_total = float(result.grand_total)

    @api.depends("line_ids.has_error", "line_ids.has_warning")
    def _compute_problem_counts(self):
        for order in self:
            order.error_count = len(order.line_ids.filtered("has_error"))
            order.warning_count = len(order.line_ids.filtered("has_warning"))

    @api.depends("partner_id", "is_blocked")
    def _compute_overdue_invoices(self):
        overdue = self._overdue_invoices_by_partner(self.partner_id)
        for order in self:
            order.overdue_invoice_ids = overdue.get(order.partner_id.commercial_partner_id.id, [])

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for order in self:
            order.access_url = f"/my/voucher-orders/{order.id}"
        return result

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("vo.order") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if self.filtered("confirmed_on"):
            raise UserError(self.env._("A confirmed order cannot be deleted; cancel it instead."))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_confirm(self):
        """Confirm the order: checked, cards detected, invoiced (or blocked). Once only."""
        check_staff(self)
        self.ensure_one()
        if not self._lock_for_confirmation():
            return False
        self._check_can_confirm()
        self._do_confirm()
        return True

    def action_cancel(self):
        check_staff(self)
        if self.filtered(lambda o: o.state in ("paid", "loaded")):
            raise UserError(self.env._("A paid order cannot be cancelled."))
        invoices = self.sudo().invoice_ids.filtered(lambda m: m.state == "posted")
        if invoices.filtered(lambda m: m.payment_state not in ("not_paid",)):
            raise UserError(self.env._("An invoice of this order is already (partly) paid."))
        invoices.button_draft()
        invoices.button_cancel()
        self.sudo().card_ids.filtered(lambda c: c.status == "ordered").unlink()
        self.write({"is_cancelled": True})
        return True

    def action_ship_cards(self):
        """Staff ship the cards of an order (on a first order, once the card invoice is paid)."""
        check_staff(self)
        for order in self:
            if order.is_first_order and order.card_invoice_id.payment_state not in (
                "paid",
                "in_payment",
            ):
                raise UserError(
                    self.env._(
                        "%(order)s is the client's first order: its card invoice must be paid "
                        "before the cards are shipped.",
                        order=order.name,
                    )
                )
        self.card_ids.action_ship()
        return True

    def action_refresh_checks(self):
        """Recompute the lines' checks and card needs (step 2 of the portal)."""
        check_staff(self)
        self.line_ids._recompute_checks()
        self._detect_cards()
        return True

    # ------------------------------------------------------------
    # BUSINESS: portal
    # ------------------------------------------------------------

    def _vo_state_badge(self):
        """The Bootstrap class of the portal badge of this order's status."""
        self.ensure_one()
        return f"text-bg-{codes.ORDER_STATE_COLOURS.get(self.state, 'secondary')}"

    @api.model
    def _create_for_beneficiaries(
        self, contract, beneficiaries, reference, load_date, face_value=0.0, days=0, amount=0.0
    ):
        """A draft order of ``contract`` for ``beneficiaries`` (step 1 of the portal).

        Meal vouchers: ``face_value`` per day (0: each beneficiary's default) × ``days``;
        other products: ``amount`` per beneficiary.
        """
        is_meal = contract.product_type == rules.MEAL
        lines = []
        for beneficiary in beneficiaries:
            if is_meal:
                values = {"face_value": face_value or beneficiary.meal_face_value, "days": days}
            else:
                values = {"amount_requested": amount}
            lines.append(fields.Command.create({"beneficiary_id": beneficiary.id, **values}))
        return self.create(
            {
                "partner_id": contract.partner_id.id,
                "company_id": contract.company_id.id,
                "contract_id": contract.id,
                "reference": reference,
                "load_date": load_date,
                "line_ids": lines,
            }
        )

    @api.model
    def _order_upload_dry_run(self, contract, load_date, data):
        """Check an Excel order file for ``contract`` without writing → tools UploadResult."""
        rule = self.env["vo.voucher.rule"]._rule_at(contract.product_type, load_date)
        beneficiaries = (
            self.env["vo.beneficiary"]
            .with_context(active_test=False)
            .search_fetch(
                [("partner_id", "=", contract.partner_id.id)],
                ["national_number", "active", "meal_face_value"],
            )
        )
        known = {
            b.national_number: xlsx.OrderBeneficiary(
                key=b.id,
                active=b.active,
                default_face_value=common.money(b.meal_face_value) if b.meal_face_value else None,
            )
            for b in beneficiaries
        }
        already = (
            self.env["vo.order.line"]
            .browse()
            ._already_ordered_for(
                beneficiaries, contract.partner_id, contract.product_type, load_date
            )
        )
        return xlsx.parse_order_upload(
            data,
            rule=rule,
            beneficiaries=known,
            already_ordered={key: common.money(value) for key, value in already.items()},
            texts=self.env["vo.beneficiary"]._xlsx_texts(),
            employee_share=common.money(contract.meal_employee_share)
            if contract.product_type == rules.MEAL
            else None,
        )

    @api.model
    def _create_from_upload(self, contract, load_date, reference, result):
        """A draft order from a clean dry run (every row, or nothing)."""
        if not result.ok:
            raise UserError(self.env._("The file has errors: no order was created."))
        lines = []
        for row in result.rows:
            values = {"beneficiary_id": row.beneficiary_key}
            if contract.product_type == rules.MEAL:
                values.update({"face_value": float(row.face_value), "days": row.days})
            else:
                values.update(
                    {"amount_requested": float(row.amount), "children": row.children or 0}
                )
            lines.append(fields.Command.create(values))
        return self.create(
            {
                "partner_id": contract.partner_id.id,
                "company_id": contract.company_id.id,
                "contract_id": contract.id,
                "reference": reference,
                "load_date": load_date,
                "line_ids": lines,
            }
        )

    @api.model
    def _order_template(self, contract):
        beneficiaries = self.env["vo.beneficiary"].search_fetch(
            [("partner_id", "=", contract.partner_id.id)],
            ["national_number", "last_name", "first_name", "meal_face_value"],
        )
        rows = [
            xlsx.OrderTemplateRow(
                national_number=b.national_number,
                last_name=neutralise_cell(b.last_name),
                first_name=neutralise_cell(b.first_name),
                face_value=common.money(b.meal_face_value) if b.meal_face_value else None,
            )
            for b in beneficiaries
        ]
        return xlsx.build_order_template(
            contract.product_type, self.env["vo.beneficiary"]._xlsx_texts()[0], rows
        )

    # ------------------------------------------------------------
    # BUSINESS: confirmation
    # ------------------------------------------------------------

    def _lock_for_confirmation(self):
        """Lock the order row; False when it is confirmed already (a double click)."""
        # in a savepoint: a lock held by another transaction aborts the savepoint only,
        # so the caller can still answer (a message, not InFailedSqlTransaction)
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL("SELECT id FROM vo_order WHERE id = %s FOR UPDATE NOWAIT", self.id)
                )
        except LockNotAvailable:
            raise UserError(
                self.env._(
                    "This order is being confirmed already: reload the page in a moment to "
                    "see its status."
                )
            )
        self.invalidate_recordset(["confirmed_on", "is_cancelled"])
        return not self.confirmed_on and not self.is_cancelled

    def _check_can_confirm(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("Add at least one beneficiary to the order."))
        if not self.contract_id._is_valid_on(self.load_date):
            raise UserError(
                self.env._(
                    "You have no active contract for %(product)s on %(date)s.",
                    product=self.product_id.display_name,
                    date=self.load_date,
                )
            )
        terms = self.env["vo.issuer.terms"]._terms_at(self.load_date)
        found = rules.check_load_date(
            self.load_date, fields.Datetime.now(), terms.processing_delay_hours
        )
        if found:
            raise UserError(vo_problems.problem_message(self.env, found[0]))
        self.line_ids._recompute_checks()
        errors = self.line_ids.filtered("has_error")
        if errors:
            raise UserError(
                self.env._(
                    "Correct the order first: %(count)s beneficiaries have an error (%(names)s).",
                    count=len(errors),
                    names=", ".join(errors[:5].beneficiary_id.mapped("name")),
                )
            )
        if self.line_ids.filtered("has_warning") and not self.warnings_acknowledged:
            raise UserError(self.env._("Please acknowledge the warnings before confirming."))

    def _do_confirm(self):
        self.ensure_one()
        inactive = self.line_ids.filtered(lambda line: not line.beneficiary_id.active)
        inactive.unlink()
        self._detect_cards()
        self._create_ordered_cards()
        self.write({"confirmed_on": fields.Datetime.now(), "confirmed_by_id": self.env.uid})
        overdue = self._overdue_invoices_by_partner(self.partner_id).get(
            self.partner_id.commercial_partner_id.id
        )
        if overdue:
            self.is_blocked = True
            self._send_mail("voucher_orders.mail_template_order_blocked")
        else:
            self._create_invoices()
            self._send_mail("voucher_orders.mail_template_order_confirmed")

    def _detect_cards(self):
        """Write on each line whether a card is needed and why (tools.cards)."""
        for order in self:
            if order.voucher_format != "electronic":
                order.line_ids.write({"needs_card": False, "card_reason": False})
                continue
            terms = self.env["vo.issuer.terms"]._terms_at(order.load_date)
            beneficiaries = order.line_ids.beneficiary_id
            first_order = not self.sudo().search_count(
                [
                    ("partner_id", "=", order.partner_id.id),
                    ("confirmed_on", "!=", False),
                    ("is_cancelled", "=", False),
                    ("id", "!=", order.id),
                ],
                limit=1,
            )
            order.is_first_order = first_order
            needs = card_tools.detect_cards_for_order(
                beneficiaries._tools_cards(),
                first_order=first_order,
                load_date=order.load_date,
                card_validity_years=terms.card_validity_years,
                pending_keys=beneficiaries._pending_card_ids()
                - set(order.card_ids.beneficiary_id.ids),
            )
            by_reason = {}
            for line in order.line_ids:
                need = needs[line.beneficiary_id.id]
                by_reason.setdefault(
                    (need.needed, need.reason if need.needed else False), []
                ).append(line.id)
            for (needed, reason), ids in by_reason.items():
                self.env["vo.order.line"].browse(ids).write(
                    {"needs_card": needed, "card_reason": reason}
                )

    def _create_ordered_cards(self):
        lines = self.line_ids.filtered("needs_card")
        Card = (
            self.env["vo.card"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
        )
        Card.create(
            [
                {
                    "beneficiary_id": line.beneficiary_id.id,
                    "order_id": line.order_id.id,
                    "status": "ordered",
                    "reason": line.card_reason,
                }
                for line in lines
            ]
        )

    @api.model
    def _overdue_invoices_by_partner(self, partners):
        """``{commercial partner id: overdue open customer invoices}``."""
        commercial = partners.commercial_partner_id
        if not commercial:
            return {}
        invoices = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("commercial_partner_id", "in", commercial.ids),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", fields.Date.context_today(self)),
                ]
            )
        )
        result = {}
        for invoice in invoices:
            result.setdefault(invoice.commercial_partner_id.id, self.env["account.move"])
            result[invoice.commercial_partner_id.id] |= invoice
        return result

    # ------------------------------------------------------------
    # BUSINESS: totals and invoices
    # ------------------------------------------------------------

    def _compute_tools_totals(self):
        self.ensure_one()
        fees = self.contract_id._fees() if self.contract_id else totals.Fees()
        lines = [
            totals.OrderLine(
                amount=common.money(line.amount),
                vouchers=line.vouchers if line.amount else 0,
                card=line.needs_card,
                key=line.id,
            )
            for line in self.line_ids
            if not line.has_error
        ]
        return totals.compute_totals(lines, fees)

    def _invoice_line_label(self, code):
        return {
            totals.VOUCHERS: self.env._("%(product)s", product=self.product_id.display_name),
            totals.VOUCHER_FEE: self.env._("Fee per voucher"),
            totals.SERVICE_FEE_FIXED: self.env._("Service fee"),
            totals.SERVICE_FEE_PERCENT: self.env._("Service fee (percentage)"),
            totals.LOADING_FIXED: self.env._("Loading cost"),
            totals.LOADING_PER_BENEFICIARY: self.env._("Loading cost per beneficiary"),
            totals.CARDS: self.env._("Card production and delivery"),
        }[code]

    def _invoice_line_product(self, code):
        xmlid = {
            totals.VOUCHER_FEE: "voucher_orders.product_vo_voucher_fee",
            totals.SERVICE_FEE_FIXED: "voucher_orders.product_vo_service_fee",
            totals.SERVICE_FEE_PERCENT: "voucher_orders.product_vo_service_fee",
            totals.LOADING_FIXED: "voucher_orders.product_vo_loading_cost",
            totals.LOADING_PER_BENEFICIARY: "voucher_orders.product_vo_loading_cost",
            totals.CARDS: "voucher_orders.product_vo_card",
        }.get(code)
        return self.env.ref(xmlid) if xmlid else self.product_id

    def _invoice_taxes(self):
        """(voucher tax, fee tax) of the order's company.

        The face value of vouchers is not a supply subject to VAT: its lines carry the
        company's 0 % "voucher face value" tax (created once per company), so that each
        line of the Peppol e-invoice has exactly one tax. The fees (service, loading,
        cards) are services of the issuer: the company's default sale VAT.
        """
        self.ensure_one()
        company = self.company_id or self.env.company
        return self.env["account.tax"]._vo_voucher_tax(company), company.account_sale_tax_id

    def _prepare_invoice_vals(self, kind, part):
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        order = self.with_context(lang=lang)
        voucher_tax, fee_tax = self._invoice_taxes()
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_origin": self.name,
            "ref": self.reference or self.name,
            # the issuer's contact on the invoice, never the client's contact who confirmed
            "invoice_user_id": self._staff_user().id,
            "vo_order_id": self.id,
            "vo_invoice_kind": kind,
            "invoice_line_ids": [
                fields.Command.create(
                    {
                        "product_id": order._invoice_line_product(line.code).id,
                        "name": order._invoice_line_label(line.code),
                        "quantity": line.quantity,
                        "price_unit": float(line.unit_price),
                        "tax_ids": [
                            fields.Command.set(
                                (voucher_tax if line.code == totals.VOUCHERS else fee_tax).ids
                            )
                        ],
                    }
                )
                for line in part.lines
            ],
        }

    def _create_invoices(self):
        """The product invoice and, when cards are needed, the card invoice; posted, their
        documents scheduled."""
        self.ensure_one()
        result = self._compute_tools_totals()
        vals_list = [self._prepare_invoice_vals("product", result.product)]
        if result.card.lines:
            vals_list.append(self._prepare_invoice_vals("card", result.card))
        invoices = self.env["account.move"].sudo().create(vals_list)
        invoices._vo_set_structured_reference()
        invoices.action_post()
        invoices.message_subscribe(partner_ids=self.partner_id.ids)
        invoices._vo_schedule_documents()
        return invoices

    @api.model
    def _cron_release_blocked(self):
        """Invoice the blocked orders of clients that have paid their overdue invoices."""
        orders = self.search([("is_blocked", "=", True), ("is_cancelled", "=", False)])
        overdue = self._overdue_invoices_by_partner(orders.partner_id)
        released = orders.filtered(
            lambda o: o.partner_id.commercial_partner_id.id not in overdue and not o.invoice_ids
        )
        for order in released:
            order.is_blocked = False
            order._create_invoices()
            order._send_mail("voucher_orders.mail_template_order_confirmed")
        return released

    # ------------------------------------------------------------
    # BUSINESS: payment and loading
    # ------------------------------------------------------------

    def _on_invoice_paid(self, invoices):
        """Hook of the invoices' payment: schedule the loading, release blocked orders."""
        now = fields.Datetime.now()
        by_order = invoices.grouped("vo_order_id")
        for order in self:
            paid = by_order.get(order, invoices.browse())
            if paid.filtered(lambda m: m.vo_invoice_kind == "product") and not order.paid_on:
                terms = self.env["vo.issuer.terms"]._terms_at(order.load_date)
                scheduled = rules.scheduled_load_date(
                    order.load_date, now, terms.processing_delay_hours
                )
                order.write({"paid_on": now, "loading_scheduled_date": scheduled})
                order._send_mail("voucher_orders.mail_template_payment_received")
                self.env.ref("voucher_orders.ir_cron_load_vouchers")._trigger(
                    fields.Datetime.to_datetime(scheduled)
                )
            if paid.filtered(lambda m: m.vo_invoice_kind == "card") and order.is_first_order:
                order.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Card invoice paid: ship the cards"),
                    user_id=order._staff_user().id,
                )

    def _staff_user(self):
        group = self.env.ref("voucher_orders.group_voucher_manager")
        users = group.sudo().all_user_ids.filtered(lambda u: not u.share and u.active)
        return users.sorted("id")[:1] or self.env.ref("base.user_admin")

    @api.model
    def _cron_load_vouchers(self):
        """Load the vouchers of every paid order whose loading date has come.

        Safe to re-run: only orders without ``loaded_on`` are picked, a line is
        loaded once (unique load per line), and each order is committed with its loads.
        """
        today = fields.Date.context_today(self)
        domain = [
            ("state", "=", "paid"),
            ("loading_scheduled_date", "<=", today),
        ]
        orders = self.search(domain)
        self.env["ir.cron"]._commit_progress(remaining=len(orders))
        for order in orders:
            order._load_vouchers()
            if not self.env["ir.cron"]._commit_progress(1):
                break
        return orders

    def _load_vouchers(self):
        self.ensure_one()
        if self.loaded_on:
            return
        rule = self.env["vo.voucher.rule"]._rule_at(self.product_type, self.load_date)
        start = max(self.load_date, self.loading_scheduled_date or self.load_date)
        validity_end = rules.validity_end(start, rule.validity_months)
        done = set(self.load_ids.line_id.ids)
        self.env["vo.voucher.load"].create(
            [
                {
                    "order_id": self.id,
                    "line_id": line.id,
                    "beneficiary_id": line.beneficiary_id.id,
                    "amount": line.amount,
                    "vouchers": line.vouchers,
                    "load_date": start,
                    "validity_end": validity_end,
                }
                for line in self.line_ids
                if line.id not in done and line.amount
            ]
        )
        self.loaded_on = fields.Datetime.now()
        self._send_mail("voucher_orders.mail_template_order_loaded")

    # ------------------------------------------------------------
    # BUSINESS: mail
    # ------------------------------------------------------------

    def _send_mail(self, xmlid):
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if not template:
            return
        for order in self:
            order.sudo().message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", partner_ids=order.partner_id.ids
            )

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Voucher Order %(name)s", name=self.name)

    @api.model
    def _earliest_load_date(self):
        """The first load date a client can choose now (now + processing delay)."""
        today = fields.Date.context_today(self)
        terms = self.env["vo.issuer.terms"]._terms_at(today)
        return rules.earliest_load_date(fields.Datetime.now(), terms.processing_delay_hours)

    # ------------------------------------------------------------
    # DEMO
    # ------------------------------------------------------------

    @api.model
    def _demo_create_orders(self):
        """Demo orders in every state (called from the demo data; built in ``demo/``)."""
        return demo_orders.create_demo_orders(self.env)
