# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two confirmations of one order at once, on two real database connections.

The test transaction cannot see rows committed by other connections, so this case
builds its own committed data on separate connections (an employer of its own,
left in the throw-away test database).
"""

import logging
import threading
from datetime import date, timedelta

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.exceptions import UserError, ValidationError
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

from .common import make_niss


@tagged("post_install", "-at_install")
class TestVoConfirmConcurrency(BaseCase):
    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _cursor(self):
        return sql_db.db_connect(self.dbname).cursor()

    def setUp(self):
        super().setUp()
        self.dbname = get_db_name()

    def test_second_confirmation_answers_instead_of_failing(self):
        with self._cursor() as cr:
            env = self._env(cr)
            employer = env["res.partner"].create(
                {"name": "Concurrent SA", "is_company": True, "email": "c@example.com"}
            )
            contract = env["vo.contract"].create(
                {
                    "name": "CONC-MEAL",
                    "partner_id": employer.id,
                    "product_id": env.ref("voucher_orders.product_meal_paper").id,
                    "date_start": date(2025, 1, 1),
                    "meal_employee_share": 1.09,
                }
            )
            beneficiary = env["vo.beneficiary"].create(
                {
                    "partner_id": employer.id,
                    "last_name": "Race",
                    "first_name": "Rita",
                    "national_number": make_niss(date(1983, 3, 3), 901),
                }
            )
            order = env["vo.order"].create(
                {
                    "partner_id": employer.id,
                    "contract_id": contract.id,
                    "load_date": fields.Date.today() + timedelta(days=7),
                    "line_ids": [
                        (0, 0, {"beneficiary_id": beneficiary.id, "face_value": 8.0, "days": 20})
                    ],
                }
            )
            order_id = order.id
            # committed: the other connections of this test must see the data
            cr.commit()  # pylint: disable=invalid-commit
        holder, other = self._cursor(), self._cursor()
        try:
            # the first confirmation holds the row lock (its transaction still running)
            holder.execute("SELECT id FROM vo_order WHERE id = %s FOR UPDATE", [order_id])
            other_env = self._env(other)
            with self.assertRaisesRegex(UserError, "being confirmed already"):
                other_env["vo.order"].browse(order_id).action_confirm()
            # the transaction of the second is still usable (no InFailedSqlTransaction)
            other.execute("SELECT 1")
            self.assertEqual(other.fetchone(), (1,))
            other.rollback()
            holder_env = self._env(holder)
            self.assertTrue(holder_env["vo.order"].browse(order_id).action_confirm())
            holder.commit()
            # afterwards, a confirmation is a no-op: invoices created once
            self.assertFalse(other_env["vo.order"].browse(order_id).action_confirm())
            other.commit()
        finally:
            holder.close()
            other.close()
        with self._cursor() as cr:
            order = self._env(cr)["vo.order"].browse(order_id)
            self.assertTrue(order.confirmed_on)
            self.assertEqual(len(order.invoice_ids), 1)

    def test_same_number_submitted_twice_at_once(self):
        """Two connections register the same person at once: the second waits for the
        first, then answers "already registered"; the number is in no log line."""
        number = make_niss(date(1986, 6, 6), 606)
        with self._cursor() as cr:
            employer = self._env(cr)["res.partner"].create({"name": "Twice SA", "is_company": True})
            employer_id = employer.id
            cr.commit()  # pylint: disable=invalid-commit
        values = {
            "partner_id": employer_id,
            "last_name": "Twice",
            "first_name": "Toon",
            "national_number": number,
        }
        outcome = {}

        # the registry is locked by the test runner's thread: the second connection's
        # environment is made here, used in the thread only
        other = self._cursor()
        other_env = self._env(other)

        def second():
            try:
                other_env["vo.beneficiary"].create(values)
                outcome["created"] = True
            except ValidationError as error:
                outcome["error"] = str(error)
            other.rollback()

        first = self._cursor()
        try:
            with self.assertLogs(level=logging.INFO) as logs:
                logging.getLogger("odoo.addons.voucher_orders").info("capture")
                self._env(first)["vo.beneficiary"].create(values)
                thread = threading.Thread(target=second)
                thread.start()
                thread.join(1)  # blocked on the first one's unique key
                first.commit()
                thread.join(30)
        finally:
            first.close()
            if not thread.is_alive():
                other.close()
        self.assertFalse(thread.is_alive())
        self.assertIn("already registered", outcome.get("error", ""))
        self.assertNotIn(number, "\n".join(logs.output))
