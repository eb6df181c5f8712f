# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class HrEmployee(models.Model):
    """A worker ("huishoudhulp") is an employee with a worker code.

    The worker code is the login on the voice server; the portal user encodes
    performances on the Job Tracker page.
    """

    _inherit = "hr.employee"

    sc_worker_code = fields.Char(
        string="Worker Code",
        copy=False,
        groups="hr.group_hr_user,servicecheque_prestations.group_branch_staff",
        help="The worker's code on the voice server and in imports.",
    )
    sc_branch_id = fields.Many2one(
        "sc.branch",
        string="Branch",
        check_company=True,
        groups="hr.group_hr_user,servicecheque_prestations.group_branch_staff",
    )
    sc_portal_user_id = fields.Many2one(
        "res.users",
        string="Job Tracker Login",
        copy=False,
        domain="[('share', '=', True)]",
        groups="hr.group_hr_user,servicecheque_prestations.group_branch_staff",
        help="Portal user with which the worker encodes performances.",
    )
    sc_client_ids = fields.Many2many(
        "sc.user.number",
        string="Clients",
        groups="hr.group_hr_user,servicecheque_prestations.group_branch_staff",
        help="User numbers the worker picks from on the Job Tracker page.",
    )

    _sc_worker_code_uniq = models.Constraint(
        "UNIQUE(company_id, sc_worker_code)", "A worker code is used once per company."
    )
