# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ResPartner(models.Model):
    """Employer clients: their contracts, beneficiaries and orders."""

    _inherit = "res.partner"

    vo_contract_ids = fields.One2many("vo.contract", "partner_id", string="Voucher Contracts")
    vo_beneficiary_ids = fields.One2many("vo.beneficiary", "partner_id", string="Beneficiaries")
    vo_order_ids = fields.One2many("vo.order", "partner_id", string="Voucher Orders")
