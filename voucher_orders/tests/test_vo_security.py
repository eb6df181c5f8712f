# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import VoucherOrdersCommon


@tagged("post_install", "-at_install")
class TestVoSecurity(VoucherOrdersCommon):
    def test_contact_sees_only_own_employer(self):
        Beneficiary = self.env["vo.beneficiary"].with_user(self.contact)
        self.assertEqual(Beneficiary.search([]), self.alice | self.bob)
        with self.assertRaises(AccessError):
            Beneficiary.browse(self.otto.id).read(["name"])
        order = self._order()
        other = self._order(beneficiaries=self.otto, contract=self.other_contract)
        Order = self.env["vo.order"].with_user(self.contact)
        self.assertEqual(Order.search([]), order)
        with self.assertRaises(AccessError):
            Order.browse(other.id).read(["name"])

    def test_contact_cannot_move_a_beneficiary_to_another_employer(self):
        with self.assertRaises(UserError):
            self.alice.with_user(self.contact).write({"partner_id": self.other_employer.id})

    def test_contact_cannot_write_order_facts(self):
        order = self._order()
        with self.assertRaises(AccessError):
            order.with_user(self.contact).write({"paid_on": "2026-01-01 00:00:00"})

    def test_contact_sees_own_invoices_only(self):
        order = self._order()
        order.action_confirm()
        other = self._order(beneficiaries=self.otto, contract=self.other_contract)
        other.action_confirm()
        Move = self.env["account.move"].with_user(self.contact)
        self.assertEqual(Move.search([("vo_order_id", "!=", False)]), order.invoice_ids)
        with self.assertRaises(AccessError):
            Move.browse(other.product_invoice_id.id).read(["name"])
