# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    dito_batch_id = fields.Many2one(
        "dito.expense.batch",
        string="Expense Batch",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    dito_note_ids = fields.One2many("dito.expense.note", "bill_id", string="Expense Notes")


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    dito_note_id = fields.Many2one(
        "dito.expense.note",
        string="Expense Note",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )

    _unique_dito_note = models.Constraint(
        "UNIQUE(dito_note_id)", "An expense note is billed only once."
    )
