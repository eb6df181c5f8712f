# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import logging

from odoo import api, fields, models
from odoo.addons.benefits_base.tools import inputs
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import calendar, csvio, reconcile
from .sc_access import STAFF, check_group

_logger = logging.getLogger(__name__)


class ScImport(models.Model):
    """An import file of performances or workers, processed in the background.

    Staff upload a CSV or Excel file and queue it; a cron validates every row with
    :mod:`..tools.csvio`, applies the accepted ones in committed batches (progress
    shown) and writes a downloadable error report of the rejected ones. Each
    created performance remembers its file and row (unique), so a crash or a
    re-run of the job never applies a row twice, and a second import of the same
    file rejects its rows as duplicates. Several files progress side by side, one
    batch of each in turn.
    """

    _name = "sc.import"
    _description = "Service-Voucher Import"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(compute="_compute_name", store=True)
    kind = fields.Selection(
        selection=[
            ("performances", "Performances"),
            ("workers", "Workers"),
            ("reconciliation", "Reconciliation with the Issuer's Export"),
        ],
        required=True,
        default="performances",
    )
    file = fields.Binary(required=True, attachment=True)
    filename = fields.Char()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    row_count = fields.Integer(string="Rows", readonly=True)
    accepted_count = fields.Integer(string="Accepted", readonly=True)
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    applied_row = fields.Integer(
        readonly=True, help="Accepted rows up to this row number are applied."
    )
    created_count = fields.Integer(string="Created", readonly=True)
    flagged_count = fields.Integer(
        string="Unknown User Numbers", readonly=True, help="Created as user numbers to check."
    )
    difference_count = fields.Integer(
        string="Differences", readonly=True, help="Reconciliation: differences found."
    )
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")
    error_report = fields.Binary(readonly=True, attachment=True)
    error_report_name = fields.Char(readonly=True)
    message = fields.Text(readonly=True)
    performance_ids = fields.One2many("sc.performance", "import_id", string="Performances")

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends("filename", "kind")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for record in self:
            record.name = record.filename or kinds.get(record.kind, "")

    @api.depends("accepted_count", "created_count", "state")
    def _compute_progress(self):
        for record in self:
            if record.state == "done":
                record.progress = 100.0
            elif record.accepted_count:
                record.progress = 100.0 * record.created_count / record.accepted_count
            else:
                record.progress = 0.0

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_queue(self):
        check_group(self, STAFF)
        for record in self:
            if record.state != "draft":
                raise UserError(self.env._("Import %(name)s is already queued.", name=record.name))
        self.write({"state": "queued"})
        self.env.ref("servicecheque_prestations.ir_cron_process_imports")._trigger()
        return True

    def action_retry(self):
        check_group(self, STAFF)
        self.filtered(lambda r: r.state == "failed").write({"state": "queued", "message": False})
        self.env.ref("servicecheque_prestations.ir_cron_process_imports")._trigger()
        return True

    # ------------------------------------------------------------
    # CRON
    # ------------------------------------------------------------

    @api.model
    def _cron_process_imports(self, batch_size=None):
        """Apply the queued files, one committed batch of each in turn.

        A file is parsed once per run (its parse is kept between batches); after a
        crash or when the time budget is used, the next run parses it again and goes
        on after the last applied row.
        """
        batch_size = batch_size or self.env.context.get("sc_import_batch_size", 2000)
        cron = self.env["ir.cron"]
        parsed = {}
        while True:
            records = self.search([("state", "in", ("queued", "running"))], order="id")
            if not records:
                return
            for record in records:
                # the report, the chatter note and the partners it creates speak the
                # language of whoever uploaded the file, not the scheduler's
                record = record.with_context(lang=record.sudo().create_uid.lang or "en_US")
                try:
                    with self.env.cr.savepoint():
                        if record.id not in parsed:
                            parsed[record.id] = record._parse()
                        done = record._process_batch(batch_size, parsed[record.id])
                except (UserError, ValueError) as error:
                    record.write({"state": "failed", "message": str(error)})
                    done = 0
                if not cron._commit_progress(done):
                    return

    def _worker_ids(self):
        """``{worker code: employee id}`` of the import's company, in one query."""
        return dict(
            self.env["hr.employee"]
            .sudo()
            ._read_group(
                [("company_id", "=", self.company_id.id), ("sc_worker_code", "!=", False)],
                ["sc_worker_code"],
                ["id:min"],
            )
        )

    def _parse(self):
        """Parse the whole file (cheap next to applying it) with :mod:`..tools.csvio`."""
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        today = self.env["sc.performance"]._today()
        if self.kind == "reconciliation":
            return reconcile.parse_issuer_export(data, self.filename)
        if self.kind == "workers":
            return csvio.parse_workers(data, self.filename, existing_codes=set(self._worker_ids()))
        workers = self._worker_ids()
        numbers = self._user_number_ids()
        return csvio.parse_performances(
            data,
            self.filename,
            today,
            existing_keys=self._existing_keys(today),
            known_workers=set(workers),
            known_user_numbers=set(numbers),
        )

    def _user_number_ids(self):
        self.env.cr.execute(
            SQL("SELECT name, id FROM sc_user_number WHERE company_id = %s", self.company_id.id)
        )
        return dict(self.env.cr.fetchall())

    def _existing_keys(self, today):
        """Keys of the company's stored performances within 13 months, this file's aside."""
        self.env["sc.performance"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT n.name, e.sc_worker_code, p.date, p.activity
                  FROM sc_performance p
                  JOIN sc_user_number n ON n.id = p.user_number_id
                  JOIN hr_employee e ON e.id = p.employee_id
                 WHERE p.company_id = %(company)s
                   AND p.date >= %(since)s
                   AND NOT COALESCE(p.deleted, FALSE)
                   AND (p.import_id IS NULL OR p.import_id != %(import_id)s)
                """,
                company=self.company_id.id,
                since=calendar.months_back_limit(today, 13),
                import_id=self.id,
            )
        )
        return {
            csvio.performance_key(number, code, day, int(activity))
            for number, code, day, activity in self.env.cr.fetchall()
        }

    def _process_batch(self, batch_size, result=None):
        """Apply the next batch of accepted rows; return how many rows were handled."""
        self.ensure_one()
        result = result or self._parse()
        if not result.ok:
            self.write(
                {
                    "state": "failed",
                    "message": "\n".join(self._file_error_message(e) for e in result.file_errors),
                }
            )
            return 0
        if self.kind == "reconciliation":
            return self._reconcile(result)
        if self.state == "queued":
            self.write(
                {
                    "state": "running",
                    "row_count": len(result.accepted) + len(result.rejected),
                    "accepted_count": len(result.accepted),
                    "rejected_count": len(result.rejected),
                    **self._error_report_values(result),
                }
            )
        todo = [row for row in result.accepted if row.row_number > self.applied_row][:batch_size]
        if not todo:
            self.write({"state": "done"})
            self.message_post(
                body=self.env._(
                    "Import done: %(created)s created, %(rejected)s rejected rows.",
                    created=self.created_count,
                    rejected=self.rejected_count,
                )
            )
            return 0
        if self.kind == "workers":
            self._apply_workers(todo)
        else:
            self._apply_performances(todo)
        self.write(
            {
                "applied_row": todo[-1].row_number,
                "created_count": self.created_count + len(todo),
            }
        )
        return len(todo)

    def _apply_performances(self, rows):
        numbers = self._user_number_ids()
        unknown = sorted({row.user_number for row in rows if row.user_number not in numbers})
        if unknown:
            partners = self.env["res.partner"].create(
                [{"name": self.env._("User %(number)s", number=n)} for n in unknown]
            )
            created = self.env["sc.user.number"].create(
                [
                    {
                        "name": number,
                        "partner_id": partner.id,
                        "company_id": self.company_id.id,
                        "to_check": True,
                    }
                    for number, partner in zip(unknown, partners, strict=True)
                ]
            )
            numbers.update({n.name: n.id for n in created})
            self.flagged_count += len(unknown)
        workers = self._worker_ids()
        self.env["sc.performance"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(
            [
                {
                    "user_number_id": numbers[row.user_number],
                    "employee_id": workers[row.worker_code],
                    "company_id": self.company_id.id,
                    "date": row.date,
                    "activity": str(row.activity),
                    "hours": row.hours,
                    "channel": "import",
                    "import_id": self.id,
                    "import_row": row.row_number,
                }
                for row in rows
            ]
        )

    def _apply_workers(self, rows):
        branches = {
            branch.name: branch.id
            for branch in self.env["sc.branch"].search([("company_id", "=", self.company_id.id)])
        }
        # the file was queued by staff allowed to import; workers get their contract dates,
        # which only HR managers may write
        self.env["hr.employee"].sudo().create(
            [
                {
                    "name": row.name,
                    "work_email": row.email or False,
                    "sc_worker_code": row.code,
                    "sc_branch_id": branches.get(row.branch, False),
                    "company_id": self.company_id.id,
                    "contract_date_start": row.contract_start or False,
                    "contract_date_end": (row.contract_start and row.contract_end) or False,
                }
                for row in rows
            ]
        )

    def _reconcile(self, result):
        """Compare the issuer's export with the company's performances of its period."""
        rows = result.accepted
        company_rows = {}
        if rows:
            self.env["sc.performance"].flush_model()
            self.env.cr.execute(
                SQL(
                    """
                    SELECT n.name, e.sc_worker_code, p.date, p.activity, p.hours, p.status_code
                      FROM sc_performance p
                      JOIN sc_user_number n ON n.id = p.user_number_id
                      JOIN hr_employee e ON e.id = p.employee_id
                     WHERE p.company_id = %(company)s
                       AND p.date BETWEEN %(first)s AND %(last)s
                       AND NOT COALESCE(p.deleted, FALSE)
                    """,
                    company=self.company_id.id,
                    first=min(row.date for row in rows),
                    last=max(row.date for row in rows),
                )
            )
            for number, code, day, activity, hours, status_code in self.env.cr.fetchall():
                key = csvio.performance_key(number, code or "", day, int(activity))
                company_rows[key] = (hours, status_code or None)
        differences = reconcile.reconcile(rows, company_rows)
        kinds = {
            "only_issuer": self.env._("Only in the issuer's export"),
            "only_company": self.env._("Only in the company's performances"),
            "hours": self.env._("Hours differ"),
            "status_code": self.env._("Status code differs"),
        }
        header = [
            self.env._("Row"),
            self.env._("Difference"),
            self.env._("User number"),
            self.env._("Worker"),
            self.env._("Date"),
            self.env._("Activity"),
            self.env._("Company"),
            self.env._("Issuer"),
        ]
        lines = []
        for difference in differences:
            number, code, day, activity = difference.key
            lines.append(
                [
                    difference.row_number or "",
                    kinds[difference.kind],
                    number,
                    code,
                    day,
                    activity,
                    difference.company_value,
                    difference.issuer_value,
                ]
            )
        for rejected in result.rejected:
            for error in rejected.errors:
                lines.append(
                    [
                        rejected.row_number,
                        self._row_error_message(error.code, error.field, error.value),
                    ]
                )
        # the issuer's values are text from outside: never a formula in a spreadsheet
        report = csvio.table_bytes(header, lines, neutralise=inputs.neutralise_cell)
        self.write(
            {
                "state": "done",
                "row_count": len(rows) + len(result.rejected),
                "accepted_count": len(rows),
                "rejected_count": len(result.rejected),
                "difference_count": len(differences),
                "error_report": base64.b64encode(report),
                "error_report_name": (
                    f"{(self.filename or 'issuer').rsplit('.', 1)[0]}-differences.csv"
                ),
            }
        )
        return len(rows)

    # ------------------------------------------------------------
    # ERROR REPORT
    # ------------------------------------------------------------

    def _file_error_message(self, error):
        messages = {
            "empty_file": self.env._("The file is empty."),
            "no_data_rows": self.env._("The file has a header but no rows."),
            "missing_columns": self.env._(
                "Columns missing: %(columns)s.", columns=", ".join(error.detail or ())
            ),
            "duplicate_column": self.env._(
                "The column %(column)s appears twice.", column=error.detail
            ),
            "unreadable_xlsx": self.env._("The Excel file cannot be read."),
            "unsupported_format": self.env._(
                "Old .xls files are not supported: save the file as .xlsx or CSV."
            ),
        }
        return messages.get(error.code, error.code)

    def _row_error_message(self, code, field, value):
        field_names = {
            "user_number": self.env._("User number"),
            "worker_code": self.env._("Worker"),
            "date": self.env._("Date"),
            "activity": self.env._("Activity"),
            "hours": self.env._("Hours"),
            "code": self.env._("Worker code"),
            "name": self.env._("Name"),
            "email": self.env._("E-mail"),
            "contract_start": self.env._("Contract start"),
            "contract_end": self.env._("Contract end"),
        }
        name = field_names.get(field, field or "")
        messages = {
            "missing": self.env._("%(field)s is empty.", field=name),
            "invalid": self.env._("%(field)s: %(value)s is not valid.", field=name, value=value),
            "formula": self.env._("%(field)s holds a formula; type the value.", field=name),
            "future": self.env._("%(field)s is in the future.", field=name),
            "too_old": self.env._("%(field)s is more than 13 months ago.", field=name),
            "unknown": self.env._("%(field)s %(value)s is not known.", field=name, value=value),
            "duplicate_in_file": self.env._("Same as row %(row)s of this file.", row=value),
            "duplicate_existing": self.env._("Already registered."),
            "extra_values": self.env._("More values than columns."),
            "before_start": self.env._("The contract ends before it starts."),
        }
        return messages.get(code, code)

    def _error_report_values(self, result):
        if not result.rejected:
            return {"error_report": False, "error_report_name": False}
        header = [self.env._("Row"), self.env._("Reason"), self.env._("Values")]
        values_by_row = {rejected.row_number: rejected.values for rejected in result.rejected}
        lines = [
            [
                row_number,
                self._row_error_message(code, field, value),
                " | ".join(f"{header}={val}" for header, val in values_by_row.get(row_number, ())),
            ]
            for row_number, code, field, value in csvio.error_report_rows(result)
        ]
        report = csvio.table_bytes(header, lines, neutralise=inputs.neutralise_cell)
        return {
            "error_report": base64.b64encode(report),
            "error_report_name": f"{(self.filename or 'import').rsplit('.', 1)[0]}-errors.csv",
        }
