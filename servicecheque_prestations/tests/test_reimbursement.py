# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ServiceVoucherCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-03 10:00:00")
class TestReimbursement(ServiceVoucherCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.company.chart_template:
            cls.env["account.chart.template"].try_loading("generic_coa", cls.company)
        cls.issuer = cls.env["res.partner"].create({"name": "Pluxee (test)", "is_company": True})
        cls.env["sc.region.rule"].create(
            {
                "region_id": cls.flanders.id,
                "date_from": date(2026, 1, 1),
                "source": "Test figure",
                "working_days": True,
                "outside_vouchers_months": 12,
                "reimbursement_value": 25.5,
            }
        )

    def _ready(self, hours, activity="1"):
        perf = self._perf(hours=hours, activity=activity)
        perf.action_confirm_as_user()
        perf.action_validate()
        return perf

    def test_request_invoices_issuer_and_sets_code_17(self):
        self._lot(quantity=5)
        full = self._ready(3)
        partial = self._ready(4, "2")
        self.assertEqual((full.status, partial.status_code), ("paid", 16))
        request = self.env["sc.reimbursement"].create(
            {
                "name": "REF-2026-03-0001-FLANDERS",
                "issuer_id": self.issuer.id,
                "region_id": self.flanders.id,
                "branch_id": self.branch_a.id,
            }
        )
        request.action_collect()
        self.assertEqual(request.voucher_count, 5)
        request.action_request()
        self.assertEqual(partial.status_code, 17)
        self.assertEqual(partial.reimbursement_id, request)
        invoice = request.invoice_id
        self.assertEqual(invoice.partner_id, self.issuer)
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, 5 * 25.5)
        self.assertEqual(request.state, "requested")
        with self.assertRaises(UserError):
            request.action_request()
        # the issuer's payment, reconciled with the invoice, closes the request
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(request.state, "paid")
        # a second request finds nothing left to claim
        second = self.env["sc.reimbursement"].create(
            {
                "name": "REF-2",
                "issuer_id": self.issuer.id,
                "region_id": self.flanders.id,
                "branch_id": self.branch_a.id,
            }
        )
        second.action_collect()
        with self.assertRaisesRegex(UserError, "no vouchers"):
            second.action_request()

    def test_reference_at_most_25_characters(self):
        with self.assertRaises(ValidationError):
            self.env["sc.reimbursement"].create(
                {
                    "name": "X" * 26,
                    "issuer_id": self.issuer.id,
                    "region_id": self.flanders.id,
                }
            )
