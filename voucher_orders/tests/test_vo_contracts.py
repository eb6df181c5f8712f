# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import VoucherOrdersCommon


@tagged("post_install", "-at_install")
class TestVoContracts(VoucherOrdersCommon):
    def test_rules_are_dated_records_with_source(self):
        Rule = self.env["vo.voucher.rule"]
        self.assertEqual(str(Rule._rule_at("meal", date(2025, 12, 31)).max_face_value), "8.00")
        self.assertEqual(str(Rule._rule_at("meal", date(2026, 1, 1)).max_face_value), "10.00")
        self.assertTrue(all(Rule.search([]).mapped("source")))

    def test_overlapping_rule_is_refused(self):
        """A rule starting the same day as another of its type overlaps it."""
        with self.assertRaises(ValidationError):
            self.env["vo.voucher.rule"].create(
                {
                    "name": "Overlap",
                    "product_type": "meal",
                    "date_from": date(2026, 1, 1),
                    "validity_months": 12,
                    "source": "test",
                }
            )

    def test_overlapping_contract_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["vo.contract"].create(
                {
                    "name": "Again",
                    "partner_id": self.employer.id,
                    "product_id": self.meal.id,
                    "date_start": date(2026, 1, 1),
                }
            )

    def test_order_needs_an_active_contract(self):
        order = self._order()
        self.contract.date_end = order.load_date - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "no active contract"):
            order.action_confirm()

    def test_fees_feed_the_totals(self):
        order = self._order()
        # 2 × 20 meal vouchers of €8: 320; fee 40 × 0.10; service 15; loading 2 × 0.50
        self.assertEqual(order.amount_vouchers, 320.0)
        self.assertEqual(order.amount_voucher_fee, 4.0)
        self.assertEqual(order.amount_service_fee, 15.0)
        self.assertEqual(order.amount_loading, 1.0)
        self.assertEqual(order.amount_product, 340.0)

    def test_quote_estimates_the_maximum_with_a_card_for_everyone(self):
        quote = self.env["vo.quote"].create(
            {
                "partner_id": self.employer.id,
                "contract_id": self.contract.id,
                "beneficiary_count": 10,
                "vouchers_per_beneficiary": 20,
                "face_value": 8.0,
            }
        )
        # 200 × 8 + 200 × 0.10 + 15 + 10 × 0.50 + 10 cards × 5
        self.assertEqual(quote.amount_vouchers, 1600.0)
        self.assertEqual(quote.amount_cards, 50.0)
        self.assertEqual(quote.amount_total, 1690.0)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "voucher_orders.vo_quote_report", quote.ids
        )[0]
        self.assertIn(b"One Thousand", html.replace(b"\\n", b" ").title())
        other = self.env["vo.quote"].with_user(self.other_contact).search([])
        self.assertNotIn(quote, other)

    def test_invite_client_contacts_once(self):
        anna = self.env["res.partner"].create(
            {"name": "Anna HR", "email": "anna.hr@example.com", "parent_id": self.employer.id}
        )
        members = self.contract.action_invite_contacts()
        self.assertIn(anna, members.partner_id)
        member = members.filtered(lambda m: m.partner_id == anna)
        self.assertEqual(member.state, "invited")
        self.assertEqual((member.link_expires_on - member.invited_on).days, 5)
        self.assertFalse(self.contract.action_invite_contacts(), "nobody is invited twice")
