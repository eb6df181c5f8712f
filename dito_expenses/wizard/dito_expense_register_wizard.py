# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools import choices, register

REGISTER_STATES = choices.values(choices.LOCKED_STATES)


class DitoExpenseRegisterWizard(models.TransientModel):
    """Export the yearly register required by law (named list: volunteer, date,
    amount, km) of approved, billed and paid notes, as Excel."""

    _name = "dito.expense.register.wizard"
    _description = "Yearly Register of Volunteer Expenses"

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    file_data = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model
    def _register_rows(self, year):
        notes = self.env["dito.expense.note"].search(
            [
                ("state", "in", REGISTER_STATES),
                ("date_first", "<=", f"{year}-12-31"),
                ("date_last", ">=", f"{year}-01-01"),
            ]
        )
        km_rates = self.env["dito.km.rate"]._all_rates()
        return notes, register.register_rows(notes._to_tool_notes(), year, km_rates)

    def _register_report_data(self):
        """Rows and totals of the register, ready for the PDF report."""
        self.ensure_one()
        notes, rows = self._register_rows(self.year)
        partners = {note.partner_id.id: note.partner_id.name for note in notes}
        names = {note.id: note.name for note in notes}
        kinds = dict(
            self.env["dito.expense.note.line"]._fields["kind"]._description_selection(self.env)
        )
        totals = register.totals_by_volunteer(rows)
        return {
            "currency": self.env.company.currency_id,
            "rows": [
                {
                    "volunteer": partners[row.volunteer_id],
                    "day": row.day,
                    "day_to": row.day_to,
                    "count": row.count,
                    "kind": kinds[row.kind.value],
                    "amount": float(row.amount),
                    "km": float(row.km),
                    "note": names[row.note_id],
                }
                for row in rows
            ],
            "totals": sorted(
                (
                    {"volunteer": partners[pid], "amount": float(amount), "km": float(km)}
                    for pid, (amount, km) in totals.items()
                ),
                key=lambda total: total["volunteer"],
            ),
        }

    def action_print_pdf(self):
        self.ensure_one()
        if not self.env.user.has_group("dito_expenses.group_volunteer_service"):
            raise AccessError(self.env._("Only the volunteer service exports the register."))
        return self.env.ref("dito_expenses.action_report_dito_register").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        if not self.env.user.has_group("dito_expenses.group_volunteer_service"):
            raise AccessError(self.env._("Only the volunteer service exports the register."))
        notes, rows = self._register_rows(self.year)
        partners = {note.partner_id.id: note.partner_id for note in notes}
        names = {note.id: note.name for note in notes}
        kinds = dict(
            self.env["dito.expense.note.line"]._fields["kind"]._description_selection(self.env)
        )
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(str(self.year))
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        day_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        headers = [
            self.env._("Volunteer"),
            self.env._("Date"),
            self.env._("Until"),
            self.env._("Times"),
            self.env._("Kind"),
            self.env._("Amount"),
            self.env._("Km"),
            self.env._("Note"),
        ]
        sheet.write_row(0, 0, headers, bold)
        for index, row in enumerate(rows, start=1):
            sheet.write(index, 0, partners[row.volunteer_id].name)
            sheet.write_datetime(index, 1, fields.Datetime.to_datetime(row.day), day_format)
            sheet.write_datetime(index, 2, fields.Datetime.to_datetime(row.day_to), day_format)
            sheet.write_number(index, 3, row.count)
            sheet.write(index, 4, kinds[row.kind.value])
            sheet.write_number(index, 5, float(row.amount), money)
            sheet.write_number(index, 6, float(row.km))
            sheet.write(index, 7, names[row.note_id])
        totals = workbook.add_worksheet(self.env._("Totals"))
        totals.write_row(
            0, 0, [self.env._("Volunteer"), self.env._("Amount"), self.env._("Km")], bold
        )
        for index, (partner_id, (amount, km)) in enumerate(
            sorted(
                register.totals_by_volunteer(rows).items(), key=lambda item: partners[item[0]].name
            ),
            start=1,
        ):
            totals.write(index, 0, partners[partner_id].name)
            totals.write_number(index, 1, float(amount), money)
            totals.write_number(index, 2, float(km))
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 7, 14)
        workbook.close()
        self.write(
            {
                "file_data": base64.b64encode(buffer.getvalue()),
                "file_name": self.env._("volunteer-register-%(year)s.xlsx", year=self.year),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content?model={self._name}&id={self.id}&field=file_data"
            f"&filename_field=file_name&download=true",
            "target": "download",
        }
