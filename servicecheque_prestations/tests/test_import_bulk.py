# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The bulk performance import: same rows as the ORM, the same checks, fixed queries."""

import base64
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.sc_import import ScImport
from .common import ServiceVoucherCommon

HEADER = "Gebruikersnummer;Werknemer;Datum;Activiteit;Uren\n"
#: what tells two performances apart by construction, not by how they were created
OWN_COLUMNS = {"id", "activity", "import_id", "import_row"}


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10 10:00:00")
class TestImportBulk(ServiceVoucherCommon):
    def _import(self, text, user=None):
        record = (
            self.env["sc.import"]
            .with_user(user or self.staff)
            .create({"filename": "file.csv", "file": base64.b64encode(text.encode())})
        )
        record.action_queue()
        return record.sudo()

    def _run(self, batch_size=None):
        """The scheduled job, on its own cursor (its commits are savepoints here)."""
        self.env.flush_all()
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            self.env(cr=cr)["sc.import"]._cron_process_imports(batch_size=batch_size)
        self.env.invalidate_all()

    def _apply_here(self, record, batch_size=5000):
        """The job's steps on the test's own cursor (same transaction timestamp), as
        the scheduler's user."""
        record = self.env["sc.import"].browse(record.id)
        run = record._start_performances(batch_size)
        while record._apply_performance_chunk(run):
            pass

    def _rows(self, count, start=0):
        """``count`` distinct valid rows of known user numbers and workers."""
        numbers, workers = ("123456789012", "123456789013"), ("TW01", "TW02")
        lines = []
        for i in range(start, start + count):
            lines.append(
                f"{numbers[i % len(numbers)]};{workers[(i // 2) % len(workers)]};"
                f"{1 + (i // 16) % 9:02d}/03/2026;{1 + (i // 4) % 4};{1 + i % 9}\n"
            )
        return "".join(lines)

    def _raw(self, performance):
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT * FROM sc_performance WHERE id = %s", performance.id))
        columns = [column.name for column in self.env.cr.description]
        row = dict(zip(columns, self.env.cr.fetchone(), strict=True))
        return {name: value for name, value in row.items() if name not in OWN_COLUMNS}

    def _orm_values(self, performance):
        names = [
            name
            for name, field in performance._fields.items()
            if name not in OWN_COLUMNS and field.type not in ("binary",)
        ]
        return performance.read(names)[0] | {"id": None}

    def test_imported_performance_is_the_one_the_orm_creates(self):
        """Same stored columns (computed ones, defaults, create/write user and date),
        same values through the ORM, no chatter, and the same life afterwards."""
        # the job runs as the scheduler's user (root), as this test does
        cron = self.env.ref("servicecheque_prestations.ir_cron_process_imports")
        self.assertEqual(cron.user_id.id, self.env.uid)
        record = self._import(HEADER + "123456789012;TW01;02/03/2026;2;4\n")
        self._apply_here(record)
        self.assertEqual(record.state, "done")
        other = self.env["sc.import"].create(
            {"filename": "orm.csv", "file": base64.b64encode(b"x")}
        )
        # then what the import did before: one create() per batch, without chatter
        orm = (
            self.env["sc.performance"]
            .with_context(
                tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
            )
            .create(
                {
                    "user_number_id": self.number.id,
                    "employee_id": self.worker.id,
                    "company_id": self.company.id,
                    "date": date(2026, 3, 2),
                    "activity": "1",
                    "hours": 4,
                    "channel": "import",
                    "import_id": other.id,
                    "import_row": 2,
                }
            )
        )
        bulk = record.performance_ids
        self.assertEqual(len(bulk), 1)
        self.assertEqual((bulk.activity, bulk.import_row), ("2", 2))
        self.assertTrue(orm.auto_validation_due and orm.region_id and orm.branch_id)
        self.assertEqual(self._raw(bulk), self._raw(orm))
        self.assertEqual(self._orm_values(bulk), self._orm_values(orm))
        self.assertFalse(bulk.message_ids | orm.message_ids)
        self.assertFalse(bulk.message_follower_ids | orm.message_follower_ids)
        # the same life afterwards: validated, confirmed, then auto-validation state
        (orm | bulk).action_validate()
        self.assertEqual(self._raw(bulk), self._raw(orm))
        self.assertEqual(len(bulk.message_ids), len(orm.message_ids))
        self.assertEqual(bulk.status, "validated")

    def test_queries_per_chunk_do_not_grow_with_the_chunk(self):
        """One chunk: a fixed number of queries (check against stored rows, INSERT,
        progress), whether it holds 4 rows or 40."""
        counts = []
        for size, start in ((4, 0), (40, 8)):
            record = self._import(HEADER + self._rows(size * 2, start))
            run = record._start_performances(size)
            self.env.flush_all()
            self.env.invalidate_all()
            record._apply_performance_chunk(run)  # the first chunk also sets the state
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            record._apply_performance_chunk(run)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(record.created_count, size * 2)
            record.state = "done"
        # check against stored rows, rule look-up, INSERT, progress...
        self.assertEqual(counts, [7, 7])

    def test_row_written_meanwhile_is_a_duplicate_not_a_crash(self):
        """A worker encodes the same performance between the check and the INSERT:
        the unique index skips that row, reported as already registered."""
        record = self._import(
            HEADER + "123456789012;TW01;02/03/2026;1;4\n123456789012;TW01;03/03/2026;1;4\n"
        )
        self._perf(day=date(2026, 3, 2))
        with patch.object(ScImport, "_stored_keys", return_value=set()):
            self._run()
        self.assertEqual(record.state, "done")
        self.assertEqual((record.created_count, record.rejected_count), (1, 1))
        report = base64.b64decode(record.error_report).decode("utf-8-sig")
        self.assertIn("2;Already registered.", report)

    def test_inactive_user_number_is_a_row_error(self):
        self.number_2.active = False
        record = self._import(
            HEADER + "123456789013;TW01;02/03/2026;1;4\n123456789012;TW01;02/03/2026;1;4\n"
        )
        self._run()
        self.assertEqual((record.created_count, record.rejected_count), (1, 1))
        report = base64.b64decode(record.error_report).decode("utf-8-sig")
        self.assertIn("2;User number 123456789013 is inactive or its user died.", report)

    def test_uploader_who_lost_the_right_imports_nothing(self):
        record = self._import(HEADER + self._rows(3))
        self.staff.group_ids = [
            Command.unlink(self.env.ref("servicecheque_prestations.group_branch_staff").id)
        ]
        self._run()
        self.assertEqual(record.state, "failed")
        self.assertIn("may no longer import performances", record.message)
        self.assertFalse(record.performance_ids)

    def test_a_failing_chunk_leaves_nothing_half_written(self):
        """Chunks are committed one by one; a chunk that fails writes none of its
        rows, the import stops as failed with the reason, and the rows of the chunks
        before stay (traced by file and row: a retry goes on after them)."""
        other_company = self.env["res.company"].create({"name": "Other SV company"})
        self.env.cr.execute(
            SQL(
                "UPDATE sc_branch SET company_id = %s WHERE id = %s",
                other_company.id,
                self.branch_b.id,
            )
        )
        self.env.invalidate_all()
        record = self._import(
            HEADER
            + "123456789012;TW01;02/03/2026;1;4\n123456789012;TW01;03/03/2026;1;4\n"
            + "123456789012;TW01;04/03/2026;1;4\n123456789012;TW02;04/03/2026;1;4\n"
        )
        self._run(batch_size=2)
        self.assertEqual(record.state, "failed")
        self.assertIn("Worker TW02 belongs to a branch of another company", record.message)
        self.assertEqual(record.performance_ids.mapped("import_row"), [3, 2])
        self.assertEqual((record.created_count, record.applied_row), (2, 3))


@tagged("post_install", "-at_install")
class TestAutoValidationIndex(ServiceVoucherCommon):
    def test_the_cron_search_uses_the_partial_index(self):
        """The scheduler's query can be answered from the partial index on the due
        date (the planner is kept from a sequential scan: the test table is small;
        the benchmark shows the plan on a million rows)."""
        query = self.env["sc.performance"]._sc_due_query(date(2026, 3, 10), 100)
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", query))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("sc_performance_auto_validation_due_idx", plan)
        # rows a user holds are skipped, not waited for (nor collided with)
        self.assertIn("LockRows", plan)
        self.assertIn("SKIP LOCKED", self.env.cr.mogrify(query).decode())
