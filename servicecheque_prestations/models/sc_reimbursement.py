# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

from ..tools.csvio import REIMBURSEMENT_REFERENCE_MAX
from .sc_access import STAFF, check_group


class ScReimbursement(models.Model):
    """A reimbursement request to the issuer for allocated vouchers.

    Staff group unclaimed allocations of one company, branch and region up to a
    date; confirming the request marks the performances (code 17 for partly paid
    ones) and creates a customer invoice to the issuer at the region's value per
    voucher on that date, exempt from VAT (``account.tax._sc_voucher_tax``), with the
    Belgian structured communication, its PDF and, between two VAT numbers, its
    Peppol BIS 3 e-invoice (``benefits_peppol``). Paying the invoice closes the
    request.
    """

    _name = "sc.reimbursement"
    _description = "Service-Voucher Reimbursement Request"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(
        string="Reference",
        required=True,
        tracking=True,
        help="The reimbursement reference given to the issuer (up to 25 characters).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    branch_id = fields.Many2one("sc.branch", check_company=True, index=True)
    region_id = fields.Many2one("sc.region", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    issuer_id = fields.Many2one("res.partner", required=True, help="Who reimburses the vouchers.")
    allocation_ids = fields.One2many("sc.voucher.allocation", "reimbursement_id", readonly=True)
    voucher_count = fields.Integer(compute="_compute_voucher_count", store=True)
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False, check_company=True)
    state = fields.Selection(
        selection=[("draft", "Draft"), ("requested", "Requested"), ("paid", "Paid")],
        compute="_compute_state",
        store=True,
        tracking=True,
    )

    _name_company_uniq = models.Constraint(
        "UNIQUE(company_id, name)", "This reimbursement reference is already used."
    )

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("allocation_ids.count")
    def _compute_voucher_count(self):
        for request in self:
            request.voucher_count = sum(request.allocation_ids.mapped("count"))

    @api.depends("invoice_id", "invoice_id.payment_state")
    def _compute_state(self):
        for request in self:
            if not request.invoice_id:
                request.state = "draft"
            elif request.invoice_id.payment_state in ("paid", "in_payment", "reversed"):
                request.state = "paid"
            else:
                request.state = "requested"

    @api.constrains("name")
    def _check_name(self):
        for request in self:
            if len(request.name or "") > REIMBURSEMENT_REFERENCE_MAX:
                raise ValidationError(
                    self.env._(
                        "Reference: at most %(max)s characters (%(ref)s has %(length)s).",
                        max=REIMBURSEMENT_REFERENCE_MAX,
                        ref=request.name,
                        length=len(request.name),
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_collect(self):
        """Attach every unclaimed electronic allocation of the company, branch and region."""
        check_group(self, STAFF)
        for request in self:
            if request.state != "draft":
                raise UserError(
                    self.env._("Reimbursement %(ref)s was already requested.", ref=request.name)
                )
            domain = [
                ("company_id", "=", request.company_id.id),
                ("region_id", "=", request.region_id.id),
                ("reimbursement_id", "=", False),
                ("paper", "=", False),
                ("returned", "=", False),
                ("date", "<=", request.date),
            ]
            if request.branch_id:
                domain.append(("branch_id", "=", request.branch_id.id))
            allocations = self.env["sc.voucher.allocation"].search(domain)
            allocations.write({"reimbursement_id": request.id})
        return True

    def action_request(self):
        """Mark the performances and create the invoice to the issuer."""
        check_group(self, STAFF)
        for request in self:
            if request.state != "draft":
                raise UserError(
                    self.env._("Reimbursement %(ref)s was already requested.", ref=request.name)
                )
            if not request.allocation_ids:
                raise UserError(
                    self.env._(
                        "Reimbursement %(ref)s has no vouchers: collect them first.",
                        ref=request.name,
                    )
                )
            rule = self.env["sc.region.rule"]._dated_find(request.date, region_id=request.region_id)
            if not rule.reimbursement_value:
                raise UserError(
                    self.env._(
                        "No reimbursement value per voucher is configured for %(region)s on "
                        "%(date)s.",
                        region=request.region_id.name,
                        date=request.date,
                    )
                )
            performances = request.allocation_ids.performance_id
            performances._apply_event("request_reimbursement", "backoffice", note=request.name)
            performances.with_context(sc_transition=True).write({"reimbursement_id": request.id})
            tax = self.env["account.tax"]._sc_voucher_tax(request.company_id)
            request.invoice_id = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": request.issuer_id.id,
                    "company_id": request.company_id.id,
                    "invoice_date": request.date,
                    "ref": request.name,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": self.env._(
                                    "Service vouchers %(region)s, reimbursement %(ref)s",
                                    region=request.region_id.name,
                                    ref=request.name,
                                ),
                                "quantity": request.voucher_count,
                                "price_unit": rule.reimbursement_value,
                                "tax_ids": [Command.set(tax.ids)],
                            }
                        )
                    ],
                }
            )
            request.invoice_id._benefits_peppol_set_structured_reference()
            request.invoice_id.action_post()
            request.invoice_id._benefits_peppol_generate_documents()
        return True

    def action_view_invoice(self):
        check_group(self, STAFF, "read")
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.invoice_id.id,
            "view_mode": "form",
        }
