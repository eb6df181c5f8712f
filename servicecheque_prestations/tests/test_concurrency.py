# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two encodings of the same performance at the same moment (issue 8.5).

Runs on real, separately committed cursors (opened on the database directly,
outside the test's transaction): each thread encodes in its own transaction, as two
voice-server calls do; the database keeps one.
"""

import threading
import time

import psycopg2

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger


@tagged("post_install", "-at_install")
class TestEncodingConcurrency(TransactionCase):
    def _real_cursor(self):
        """A cursor of its own transaction (never the test's), committed on exit."""
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def _committed_fixtures(self):
        with self._real_cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Concurrency household", "zip": "3500"})
            number = env["sc.user.number"].create(
                {"name": "700000000071", "partner_id": partner.id}
            )
            employee = env["hr.employee"].create(
                {
                    "name": "Concurrency worker",
                    "sc_worker_code": "CONC71",
                    "sc_client_ids": [(6, 0, number.ids)],
                }
            )
            today = env["sc.performance"]._today()
            return {
                "partner": partner.id,
                "number": number.id,
                "employee": employee.id,
                "company": employee.company_id.id,
                "today": today,
            }

    def _cleanup(self, ids):
        with self._real_cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute(SQL("DELETE FROM sc_performance WHERE user_number_id = %s", ids["number"]))
            env["mail.message"].search(
                [("model", "=", "sc.user.number"), ("res_id", "=", ids["number"])]
            ).unlink()
            env["hr.employee"].browse(ids["employee"]).unlink()
            env["sc.user.number"].browse(ids["number"]).unlink()
            env["res.partner"].browse(ids["partner"]).unlink()

    def test_two_cursors_store_one_performance(self):
        """ "two calls at the same moment for the same worker, user number, day and
        activity (different client_keys) both ... store two performances" → one.

        Both transactions passed the application's check (neither sees the other's
        uncommitted row); the database's unique index keeps one. The threads insert
        with SQL: an ORM environment cannot be opened from a second thread while the
        test runner holds the registry.
        """
        ids = self._committed_fixtures()
        self.addCleanup(self._cleanup, ids)
        barrier = threading.Barrier(2, timeout=20)
        results = {}

        def encode(client_key):
            try:
                with self._real_cursor() as cr:
                    barrier.wait()
                    cr.execute(
                        SQL(
                            """
                            INSERT INTO sc_performance (user_number_id, employee_id, company_id,
                                   date, activity, hours, channel, encoded_on, client_key, deleted)
                            VALUES (%s, %s, %s, %s, '1', 2, 'api', now() at time zone 'UTC',
                                    %s, FALSE)
                            """,
                            ids["number"],
                            ids["employee"],
                            ids["company"],
                            ids["today"],
                            client_key,
                        )
                    )
                    time.sleep(0.5)  # the other transaction waits on the index meanwhile
                results[client_key] = "saved"
            except psycopg2.IntegrityError as error:
                results[client_key] = f"refused {error.pgcode}"

        threads = [threading.Thread(target=encode, args=(key,)) for key in ("call-1", "call-2")]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
        self.assertEqual(
            sorted(results.values()), ["refused 23505", "saved"], "one saved, one refused"
        )
        with self._real_cursor() as cr:
            cr.execute(
                SQL("SELECT count(*) FROM sc_performance WHERE user_number_id = %s", ids["number"])
            )
            self.assertEqual(cr.fetchone()[0], 1)
