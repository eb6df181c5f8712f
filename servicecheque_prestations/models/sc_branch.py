# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ScBranch(models.Model):
    """A branch ("filiaal") of an approved company.

    Rights are granted per company (Odoo's multi-company) and per branch: branch
    staff see the performances of the branches listed on their user; access
    managers see every branch of their companies and grant the branches.
    """

    _name = "sc.branch"
    _description = "Service-Voucher Branch"
    _order = "company_id, name"
    _check_company_auto = True

    name = fields.Char(required=True)
    code = fields.Char(help="The branch number at the issuer.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)
    user_ids = fields.Many2many(
        "res.users",
        "sc_branch_res_users_rel",
        "branch_id",
        "user_id",
        string="Staff",
        help="Back-office users who see and handle this branch's performances.",
    )

    _company_name_uniq = models.Constraint(
        "UNIQUE(company_id, name)", "A branch name is used once per company."
    )
