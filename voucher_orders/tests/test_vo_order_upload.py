# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools import xlsx
from .common import VoucherOrdersCommon


@tagged("post_install", "-at_install")
class TestVoOrderUpload(VoucherOrdersCommon):
    def _file(self, rows, product_type="meal"):
        return xlsx.build_order_template(product_type, None, rows)

    def test_template_prefilled_then_clean_file_makes_a_draft_order(self):
        Order = self.env["vo.order"]
        template = Order._order_template(self.contract)
        self.assertTrue(template.startswith(b"PK"))
        load_date = fields.Date.today() + timedelta(days=7)
        data = self._file(
            [
                xlsx.OrderTemplateRow(national_number=self.alice.national_number, days=20),
                xlsx.OrderTemplateRow(
                    national_number=self.bob.national_number, face_value=7.5, days=18
                ),
            ]
        )
        result = Order._order_upload_dry_run(self.contract, load_date, data)
        self.assertTrue(result.ok, result.problems)
        order = Order._create_from_upload(self.contract, load_date, "Excel", result)
        self.assertEqual(order.state, "draft")
        amounts = {line.beneficiary_id: line.amount for line in order.line_ids}
        self.assertEqual(amounts[self.alice], 160.0, "the beneficiary's default face value")
        self.assertEqual(amounts[self.bob], 135.0)

    def test_another_employers_number_in_the_file_is_refused(self):
        load_date = fields.Date.today() + timedelta(days=7)
        data = self._file(
            [
                xlsx.OrderTemplateRow(national_number=self.otto.national_number, days=20),
                xlsx.OrderTemplateRow(
                    national_number=self.alice.national_number, face_value=12, days=20
                ),
            ]
        )
        result = self.env["vo.order"]._order_upload_dry_run(self.contract, load_date, data)
        self.assertFalse(result.ok)
        codes = {problem.code for problem in result.problems}
        self.assertIn(xlsx.UNKNOWN_BENEFICIARY, codes)
        self.assertIn("face_value_over_max", codes)
        with self.assertRaises(UserError):
            self.env["vo.order"]._create_from_upload(self.contract, load_date, "x", result)
