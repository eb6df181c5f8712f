# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from ..tools import codes
from .vo_voucher_rule import PRODUCT_TYPES


class ProductTemplate(models.Model):
    """A voucher product is a service product with a voucher type and a format."""

    _inherit = "product.template"

    vo_product_type = fields.Selection(PRODUCT_TYPES, string="Voucher Type", index=True)
    vo_format = fields.Selection(
        [(codes.ELECTRONIC, "Electronic"), (codes.PAPER, "Paper")], string="Voucher Format"
    )
