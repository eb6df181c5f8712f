# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import logging
from typing import NamedTuple

import pytz

from odoo import api, fields, models
from odoo.addons.benefits_base.tools import inputs
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import csvio, reconcile, states
from .sc_access import STAFF, check_group
from .sc_performance import TZ

_logger = logging.getLogger(__name__)

#: Rows of a performance file checked and written at once (one INSERT, one commit).
CHUNK_SIZE = 5000
#: The columns the bulk import writes (sc.performance fields).
INSERTED_FIELDS = (
    "user_number_id",
    "partner_id",
    "region_id",
    "employee_id",
    "branch_id",
    "date",
    "activity",
    "hours",
    "import_row",
    "status",
    "status_code",
    "vouchers_outstanding",
    "auto_validation_due",
    "company_due_date",
    "user_due_date",
    "company_id",
    "encoded_on",
    "channel",
    "import_id",
)


def _pg_array(values, kind="int"):
    """A PostgreSQL array literal of ``kind`` ``int``, ``date`` or ``text`` values
    (``None``: NULL), sent as one parameter: the server reads it in one pass, where a
    list parameter becomes an ``ARRAY[...]`` expression of one cast per element."""
    if kind == "text":
        items = (
            "NULL" if value is None else '"%s"' % value.replace("\\", "\\\\").replace('"', '\\"')
            for value in values
        )
    elif kind == "date":
        items = ("NULL" if value is None else value.isoformat() for value in values)
    else:
        items = ("NULL" if value is None else str(int(value)) for value in values)
    return "{%s}" % ",".join(items)


#: kind of each column of the bulk INSERT, in :func:`ScImport._insert_performances` order
_INSERT_KINDS = ("int",) * 5 + ("date", "text", "int", "int", "text", "int", "int") + ("date",) * 3


class _Number(NamedTuple):
    """A user number of the import's company, as the bulk import needs it."""

    id: int
    partner_id: int
    region_id: int | None
    channel: str
    usable: bool  # active and the user alive


class _PerformanceRun:
    """What a performance import keeps between its chunks within one scheduler run."""

    def __init__(self, stream, numbers, workers, foreign_branches):
        self.stream = stream
        self.numbers = numbers
        self.workers = workers
        self.foreign_branches = foreign_branches
        self.rejected = []
        self.chunks = iter(())


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
        """Apply the queued files, one committed chunk of each in turn.

        A performance file is read as a stream of checked chunks (kept between
        chunks within a run); a workers or reconciliation file is parsed once per
        run. After a crash or when the time budget is used, the next run reads the
        file again and goes on after the last applied row.
        """
        batch_size = batch_size or self.env.context.get("sc_import_batch_size", CHUNK_SIZE)
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
                        if record.kind == "performances":
                            if record.id not in parsed:
                                parsed[record.id] = record._start_performances(batch_size)
                            done = record._apply_performance_chunk(parsed[record.id])
                        else:
                            if record.id not in parsed:
                                parsed[record.id] = record._parse()
                            done = record._process_batch(batch_size, parsed[record.id])
                except (UserError, ValueError) as error:
                    parsed.pop(record.id, None)
                    record.write({"state": "failed", "message": str(error)})
                    done = 0
                if not done:
                    parsed.pop(record.id, None)
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
        """Parse a workers or reconciliation file whole with :mod:`..tools`
        (performance files are streamed: :meth:`_start_performances`)."""
        self.ensure_one()
        data = self._file_bytes()
        if self.kind == "reconciliation":
            return reconcile.parse_issuer_export(data, self.filename)
        return csvio.parse_workers(data, self.filename, existing_codes=set(self._worker_ids()))

    def _process_batch(self, batch_size, result=None):
        """Apply the next batch of accepted rows; return how many rows were handled."""
        self.ensure_one()
        result = result or self._parse()
        if not result.ok:
            return self._fail_file(result.file_errors)
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
            return self._done_note()
        self._apply_workers(todo)
        self.write(
            {
                "applied_row": todo[-1].row_number,
                "created_count": self.created_count + len(todo),
            }
        )
        return len(todo)

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
    # PERFORMANCES IN BULK
    # ------------------------------------------------------------

    def _file_bytes(self):
        """The uploaded file's bytes, read from its attachment (no base64 copy)."""
        self.ensure_one()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_field", "=", "file"),
                    ("res_id", "=", self.id),
                ],
                limit=1,
            )
        )
        if attachment:
            return attachment.raw or b""
        return base64.b64decode(self.file or b"")

    def _check_uploader(self):
        """The scheduler writes as superuser: whoever uploaded the file must still be
        allowed to create performances, in the import's company."""
        self.ensure_one()
        uploader = self.sudo().create_uid
        if not uploader or uploader._is_superuser():
            return
        performances = self.env["sc.performance"].with_user(uploader)
        if (
            not uploader.active
            or not performances.has_access("create")
            or self.company_id not in uploader.company_ids
        ):
            raise UserError(
                self.env._(
                    "%(user)s may no longer import performances for %(company)s.",
                    user=uploader.name,
                    company=self.company_id.name,
                )
            )

    def _number_info(self, names=None):
        """``{user number: _Number}`` of the import's company (all, or ``names``)."""
        where = SQL("n.company_id = %s", self.company_id.id)
        if names is not None:
            where = SQL("%s AND n.name IN %s", where, tuple(names))
        self.env["sc.user.number"].flush_model(
            ["name", "partner_id", "region_id", "confirmation_channel", "active", "deceased"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT n.name, n.id, n.partner_id, n.region_id, n.confirmation_channel,
                       COALESCE(n.active, FALSE) AND NOT COALESCE(n.deceased, FALSE)
                  FROM sc_user_number n
                 WHERE %s
                """,
                where,
            )
        )
        return {row[0]: _Number(*row[1:]) for row in self.env.cr.fetchall()}

    def _worker_info(self):
        """``{worker code: (employee id, branch id)}`` of the import's company, and the
        codes of workers whose branch belongs to another company."""
        self.env["hr.employee"].flush_model(["sc_worker_code", "sc_branch_id", "company_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (e.sc_worker_code) e.sc_worker_code, e.id, e.sc_branch_id,
                       b.company_id IS NOT NULL AND b.company_id != e.company_id
                  FROM hr_employee e
                  LEFT JOIN sc_branch b ON b.id = e.sc_branch_id
                 WHERE e.company_id = %s AND e.sc_worker_code IS NOT NULL
                 ORDER BY e.sc_worker_code, e.id
                """,
                self.company_id.id,
            )
        )
        workers, foreign = {}, set()
        for code, employee_id, branch_id, other_company in self.env.cr.fetchall():
            workers[code] = (employee_id, branch_id)
            if other_company:
                foreign.add(code)
        return workers, foreign

    def _start_performances(self, batch_size):
        """Open the file as a stream of checked chunks (:class:`..tools.csvio.PerformanceStream`).

        Every check runs before anything is written: the uploader's rights, then
        each row (fields, user numbers of the company and not inactive, workers of
        the company, duplicates in the file and, one query per chunk, against the
        stored performances).
        """
        self.ensure_one()
        self._check_uploader()
        workers, foreign = self._worker_info()
        numbers = self._number_info()
        stream = csvio.PerformanceStream(
            self._file_bytes(),
            self.filename,
            self.env["sc.performance"]._today(),
            known_workers=set(workers),
            known_user_numbers=set(numbers),
            inactive_user_numbers={name for name, info in numbers.items() if not info.usable},
        )
        run = _PerformanceRun(stream, numbers, workers, foreign)
        run.chunks = stream.chunks(batch_size, existing=lambda keys: self._stored_keys(run, keys))
        return run

    def _stored_keys(self, run, keys):
        """The keys among ``keys`` of live performances stored outside this file (one query)."""
        wanted = {}
        for key in keys:
            number, code, day, activity = key
            if number in run.numbers and code in run.workers:
                wanted[run.numbers[number].id, run.workers[code][0], day, str(activity)] = key
        if not wanted:
            return set()
        self.env["sc.performance"].flush_model(
            ["deleted", "user_number_id", "employee_id", "date", "activity", "import_id"]
        )
        number_ids, employee_ids, days, activities = zip(*wanted, strict=True)
        self.env.cr.execute(
            SQL(
                """
                SELECT k.number_id, k.employee_id, k.day, k.activity
                  FROM unnest(%s::int[], %s::int[], %s::date[], %s::varchar[])
                       AS k(number_id, employee_id, day, activity)
                 WHERE EXISTS (
                        SELECT 1 FROM sc_performance p
                         WHERE p.user_number_id = k.number_id AND p.employee_id = k.employee_id
                           AND p.date = k.day AND p.activity = k.activity
                           AND p.deleted IS NOT TRUE
                           AND p.import_id IS DISTINCT FROM %s)
                """,
                _pg_array(number_ids),
                _pg_array(employee_ids),
                _pg_array(days, "date"),
                _pg_array(activities, "text"),
                self.id,
            )
        )
        return {wanted[row] for row in self.env.cr.fetchall()}

    def _apply_performance_chunk(self, run):
        """Write the next chunk of the file; return how many rows it held (0: done)."""
        self.ensure_one()
        stream = run.stream
        if not stream.ok:
            return self._fail_file(stream.file_errors)
        try:
            accepted, rejected = next(run.chunks)
        except StopIteration:
            return self._finish_performances(run)
        run.rejected.extend(rejected)
        todo = [row for row in accepted if row.row_number > self.applied_row]
        created = self._insert_performances(run, todo) if todo else 0
        values = {
            "applied_row": max(self.applied_row, stream.last_row),
            "created_count": self.created_count + created,
            "row_count": max(self.row_count, stream.row_count),
            "rejected_count": len(run.rejected),
        }
        if self.state == "queued":
            values.update(state="running", row_count=stream.row_count)
        self.write(values)
        return len(accepted) + len(rejected)

    def _fail_file(self, file_errors):
        self.write(
            {
                "state": "failed",
                "message": "\n".join(self._file_error_message(e) for e in file_errors),
            }
        )
        return 0

    def _finish_performances(self, run):
        stream = run.stream
        if not stream.ok:
            return self._fail_file(stream.file_errors)
        result = stream.result((), sorted(run.rejected, key=lambda row: row.row_number))
        self.write(
            {
                "state": "done",
                "row_count": stream.row_count,
                "accepted_count": self.created_count,
                "rejected_count": len(result.rejected),
                **self._error_report_values(result),
            }
        )
        return self._done_note()

    def _done_note(self):
        """The chatter note of a finished import; returns 0 (no row handled any more)."""
        self.message_post(
            body=self.env._(
                "Import done: %(created)s created, %(rejected)s rejected rows.",
                created=self.created_count,
                rejected=self.rejected_count,
            )
        )
        return 0

    def _insert_performances(self, run, rows):
        """One multi-row ``INSERT`` of checked rows, with the values the ORM would store.

        The stored computed fields (partner, region, branch, status, due dates) are
        computed here with the model's own helpers, once per distinct input; Odoo's
        cache is then told about the new rows. A row that meets a live performance
        written meanwhile (the unique index) is skipped and reported as a duplicate.
        Returns how many performances were created.
        """
        Performance = self.env["sc.performance"]
        numbers, workers = run.numbers, run.workers
        foreign = run.foreign_branches & {row.worker_code for row in rows}
        if foreign:
            raise UserError(
                self.env._(
                    "Worker %(code)s belongs to a branch of another company: correct the "
                    "worker before importing.",
                    code=sorted(foreign)[0],
                )
            )
        unknown = sorted({row.user_number for row in rows if row.user_number not in numbers})
        if unknown:
            self._create_user_numbers(unknown)
            numbers.update(self._number_info(unknown))
        # as create() does: pending deletions and moves reach the unique index first
        Performance.flush_model(["deleted", "user_number_id", "employee_id", "date", "activity"])
        encoded_on = fields.Datetime.now()
        encoded_day = pytz.utc.localize(encoded_on).astimezone(TZ).date()
        region_ids = {numbers[row.user_number].region_id for row in rows} - {None}
        rules = self.env["sc.region.rule"]._dated_find_many(
            [({"region_id": region}, encoded_day) for region in region_ids],
            raise_if_missing=False,
        )
        due_dates = {}
        statuses = {}
        values = []
        for row in rows:
            number = numbers[row.user_number]
            employee_id, branch_id = workers[row.worker_code]
            dues = due_dates.get((number.region_id, number.channel))
            if dues is None:
                rule = rules.get(((number.region_id,), encoded_day)) if number.region_id else None
                dues = (
                    Performance._sc_due_dates(rule, encoded_day, "import", number.channel)
                    if rule
                    else (None, None)
                )
                due_dates[number.region_id, number.channel] = dues
            # a new performance's status depends on its hours (and the dates) only
            status = statuses.get((row.hours, dues))
            if status is None:
                facts = states.Facts(hours=row.hours, user_number=row.user_number)
                auto_due = dues[0] and Performance._sc_auto_validation_due(facts, *dues)
                status = statuses[row.hours, dues] = (
                    states.compute_status(facts).value,
                    states.status_code(facts) or 0,
                    facts.vouchers_outstanding,
                    auto_due or None,
                )
            values.append(
                (
                    number.id,
                    number.partner_id,
                    number.region_id,
                    employee_id,
                    branch_id,
                    row.date,
                    str(row.activity),
                    row.hours,
                    row.row_number,
                    *status,
                    *dues,
                )
            )
        columns = zip(*values, strict=True)
        now = self.env.cr.now()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO sc_performance (
                    user_number_id, partner_id, region_id, employee_id, branch_id, date,
                    activity, hours, import_row, status, status_code, vouchers_outstanding,
                    auto_validation_due, company_due_date, user_due_date,
                    company_id, encoded_on, channel, import_id,
                    create_uid, create_date, write_uid, write_date)
                SELECT k.*, %s, %s, 'import', %s, %s, %s, %s, %s
                  FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[], %s::int[], %s::date[],
                              %s::varchar[], %s::int[], %s::int[], %s::varchar[], %s::int[],
                              %s::int[], %s::date[], %s::date[], %s::date[]) AS k
                ON CONFLICT DO NOTHING
                RETURNING id, import_row
                """,
                self.company_id.id,
                encoded_on,
                self.id,
                self.env.uid,
                now,
                self.env.uid,
                now,
                *map(_pg_array, columns, _INSERT_KINDS),
            )
        )
        inserted = self.env.cr.fetchall()
        if len(inserted) < len(rows):
            written = {row_number for __, row_number in inserted}
            run.rejected.extend(
                csvio.RejectedRow(
                    row.row_number,
                    (csvio.RowError("duplicate_existing", None, row.key),),
                    (),
                )
                for row in rows
                if row.row_number not in written
            )
        performances = Performance.browse([id_ for id_, __ in inserted])
        # what create() does after its INSERT: dependents of the new rows in other
        # records are marked (the new rows' own stored values are written above)
        with self.env.protecting(list(Performance._fields.values()), performances):
            performances.modified(INSERTED_FIELDS, create=True)
        self.invalidate_recordset(["performance_ids"])
        return len(inserted)

    def _create_user_numbers(self, names):
        """Unknown user numbers of the file: created and flagged to check."""
        partners = self.env["res.partner"].create(
            [{"name": self.env._("User %(number)s", number=name)} for name in names]
        )
        self.env["sc.user.number"].create(
            [
                {
                    "name": name,
                    "partner_id": partner.id,
                    "company_id": self.company_id.id,
                    "to_check": True,
                }
                for name, partner in zip(names, partners, strict=True)
            ]
        )
        self.flagged_count += len(names)

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
            "unreadable_csv": self.env._(
                "The CSV file cannot be read from line %(line)s on (a value too long, or a "
                "quote that is never closed): nothing was imported.",
                line=error.detail,
            ),
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
            "inactive": self.env._(
                "%(field)s %(value)s is inactive or its user died.", field=name, value=value
            ),
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
