# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every public method of every sc model refuses who may not call it (issue 8.1)."""

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ServiceVoucherCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-03 10:00:00")
class TestAccessChecks(ServiceVoucherCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api_key = cls.env["sc.api.key"].create({"name": "Telephony"})
        cls.api_key.action_generate()
        cls.performance = cls._perf()
        cls.other_performance = cls._perf(number=cls.other_number, worker=cls.worker_b)
        cls.lot = cls._lot(quantity=4)
        cls.voucher_request = cls.env["sc.voucher.request"].create(
            {"lot_id": cls.lot.id, "kind": "refund", "quantity": 1}
        )
        cls.reimbursement = cls.env["sc.reimbursement"].create(
            {
                "name": "R-TEST-1",
                "region_id": cls.flanders.id,
                "issuer_id": cls.other_household.id,
            }
        )
        cls.sc_import = cls.env["sc.import"].create(
            {"kind": "workers", "file": b"Q29kZTtOYW1l", "filename": "w.csv"}
        )
        cls.portal_user = new_test_user(
            cls.env, login="sc_plain_portal", groups="base.group_portal"
        )

    def test_portal_user_cannot_mint_a_voice_server_key(self):
        """ "Any portal user can mint a voice-server API key: call_kw on sc.api.key
        action_generate (any id) returns a working key and revokes the company's
        current one.\""""
        key_hash = self.api_key.sudo().key_hash
        for user in (self.portal_user, self.client_user, self.worker_user, self.staff):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.api_key.with_user(user).action_generate()
        self.assertEqual(self.api_key.sudo().key_hash, key_hash, "the current key still works")
        self.assertTrue(self.api_key.with_user(self.manager).action_generate())

    def test_key_material_is_for_access_managers_only(self):
        self.assertEqual(self.env["sc.api.key"]._fields["key_hash"].groups, "base.group_system")
        self.assertEqual(
            self.env["sc.api.key"]._fields["key_hint"].groups,
            "servicecheque_prestations.group_access_manager",
        )
        with self.assertRaises(AccessError):
            self.api_key.with_user(self.staff).read(["key_hint"])

    def test_back_office_actions_refuse_portal_users(self):
        calls = {
            "validate": lambda user: self.performance.with_user(user).action_validate(),
            "delete": lambda user: self.performance.with_user(user).action_delete(),
            "outside": lambda user: self.performance.with_user(user).action_mark_outside_vouchers(),
            "move": lambda user: self.performance.with_user(user).action_move_user_number(
                self.number_2.id
            ),
            "export": lambda user: self.performance.with_user(user).action_export(),
            "export_xlsx": lambda user: self.performance.with_user(user).action_export_xlsx(),
            "request_done": lambda user: self.voucher_request.with_user(user).action_done(),
            "request_refuse": lambda user: self.voucher_request.with_user(user).action_refuse(),
            "collect": lambda user: self.reimbursement.with_user(user).action_collect(),
            "reimburse": lambda user: self.reimbursement.with_user(user).action_request(),
            "invoice": lambda user: self.reimbursement.with_user(user).action_view_invoice(),
            "queue": lambda user: self.sc_import.with_user(user).action_queue(),
            "retry": lambda user: self.sc_import.with_user(user).action_retry(),
        }
        for user in (self.portal_user, self.client_user, self.worker_user):
            for name, call in calls.items():
                with self.subTest(user=user.login, call=name), self.assertRaises(AccessError):
                    call(user)
        self.assertEqual(self.performance.status, "encoded")
        self.assertEqual(self.voucher_request.state, "requested")
        self.assertEqual(self.sc_import.state, "draft")

    def test_staff_outside_their_branch_are_refused(self):
        with self.assertRaises(AccessError):
            self.other_performance.with_user(self.staff).action_delete()
        with self.assertRaises(AccessError):
            self.other_performance.with_user(self.staff).action_export()
        self.assertFalse(self.other_performance.deleted)

    def test_users_confirm_and_contest_only_their_own(self):
        """The user's actions are for the household of the performance only."""
        with self.assertRaises(AccessError):
            self.other_performance.with_user(self.client_user).action_confirm_as_user()
        with self.assertRaises(AccessError):
            self.other_performance.with_user(self.client_user).action_contest("not mine")
        with self.assertRaises(AccessError):
            self.performance.with_user(self.staff).action_confirm_as_user()
        with self.assertRaises(AccessError):
            self.performance.with_user(self.worker_user).action_contest("x")
        self.assertFalse(self.other_performance.user_confirmed)
        self.performance.with_user(self.client_user).action_confirm_as_user()
        self.assertTrue(self.performance.user_confirmed)
        confirmation = self.performance.message_ids.filtered(
            lambda m: "Confirmed by the user" in (m.body or "")
        )
        self.assertEqual(confirmation.author_id, self.household)

    def test_contest_reason_is_clean_text(self):
        from odoo.exceptions import UserError

        performance = self._perf(activity="2")
        for reason in ("", "   ", "bad\x00byte", "x" * 1001):
            with self.subTest(reason=reason[:10]), self.assertRaises(UserError):
                performance.with_user(self.client_user).action_contest(reason)
        self.assertFalse(performance.contested)

    def test_users_ask_exchange_or_refund_of_their_own_lots_only(self):
        with self.assertRaises(AccessError):
            self.lot.with_user(self.other_client_user).action_request("refund", 1)
        with self.assertRaises(AccessError):
            self.lot.with_user(self.staff).action_request("refund", 1)
        other_lot = self._lot(number=self.other_number, quantity=3)
        self.assertTrue(other_lot.with_user(self.other_client_user).action_request("exchange", 2))
        request = self.env["sc.voucher.request"].search([("lot_id", "=", other_lot.id)])
        self.assertEqual((request.kind, request.quantity), ("exchange", 2))
