# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ScVoucherAllocation(models.Model):
    """Vouchers given to a performance: from an electronic lot, or paper vouchers.

    Written only by the allocation (:meth:`sc.user.number._allocate_vouchers`) and
    the paper payment; the reimbursement request claims them.
    """

    _name = "sc.voucher.allocation"
    _description = "Service-Voucher Allocation"
    _order = "date desc, id desc"
    _check_company_auto = True

    lot_id = fields.Many2one("sc.voucher.lot", index=True, ondelete="restrict", readonly=True)
    performance_id = fields.Many2one(
        "sc.performance", required=True, index=True, ondelete="cascade", readonly=True
    )
    user_number_id = fields.Many2one(
        related="performance_id.user_number_id", store=True, index=True
    )
    partner_id = fields.Many2one(related="performance_id.partner_id", store=True)
    company_id = fields.Many2one(related="performance_id.company_id", store=True, index=True)
    branch_id = fields.Many2one(related="performance_id.branch_id", store=True)
    region_id = fields.Many2one(related="performance_id.region_id", store=True)
    count = fields.Integer(required=True, readonly=True)
    date = fields.Date(required=True, readonly=True)
    paper = fields.Boolean(readonly=True)
    returned = fields.Boolean(
        readonly=True,
        copy=False,
        help="The performance was deleted or moved after payment: these vouchers went back "
        "to the wallet (electronic) or to the user (paper).",
    )
    reimbursement_id = fields.Many2one(
        "sc.reimbursement", readonly=True, copy=False, index="btree_not_null"
    )

    _count_positive = models.Constraint("CHECK(count > 0)", "An allocation gives vouchers.")
    _source = models.Constraint(
        "CHECK(paper OR lot_id IS NOT NULL)", "Electronic vouchers come from a lot."
    )
