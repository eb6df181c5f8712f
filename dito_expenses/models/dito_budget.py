# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class DitoBudget(models.Model):
    """A budget volunteers' notes are charged to, with the person who approves them.

    The holder (internal or portal user) approves or refuses the notes of the
    budget; the bills put the notes on its analytic account.
    """

    _name = "dito.budget"
    _description = "Volunteer Expense Budget"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account", required=True, check_company=True
    )
    holder_id = fields.Many2one(
        "res.users",
        string="Budget Holder",
        required=True,
        index=True,
        help="Approves the notes of this budget, from the back office or the portal.",
    )
