# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The shared attacker's tests (benefits_base) applied to the volunteer expenses."""

from odoo.addons.benefits_base.tests.security_harness import (
    AccessMatrixCase,
    MenuAccessCase,
    PortalFuzzCase,
)
from odoo.tests import new_test_user, tagged

from .common import SIGNATURE, DitoExpensesCase


@tagged("post_install", "-at_install")
class TestAccessMatrix(DitoExpensesCase, AccessMatrixCase):
    """Other volunteers, other holders and employees of other jobs, on notes not theirs."""

    matrix_modules = ("dito_expenses",)
    matrix_allowed = {
        ("dito.km.rate", "read", "*"): "legal per-km rates, published figures the portal shows",
        ("dito.allowance.rate", "read", "*"): "legal allowance caps, published figures",
    }

    @classmethod
    def _matrix_roles(cls):
        cls._setup_dito()
        cls._keep_entry_open()
        return {
            "other_volunteer": cls.volunteer2,
            "other_holder": cls.holder2,
            "employee": new_test_user(
                cls.env, login="dito_matrix_employee", groups="base.group_user"
            ),
        }

    @classmethod
    def _matrix_records(cls):
        # a signed note of the first volunteer on the first holder's budget
        note = cls._note(lines=[cls._activity("2026-03-02", 12.0)], budget_id=cls.budget.id)
        note.sudo()._do_submit(send_mail=False)
        batch = cls.env["dito.expense.batch"].create({"name": "2026-03", "month": "2026-03-01"})
        # the steps of OCA's payment order that this addon guards, on a batch's order
        mode = cls.env["account.payment.mode"].search([("payment_type", "=", "outbound")], limit=1)
        orders = cls.env["account.payment.order"]
        if mode:
            orders = orders.create({"payment_mode_id": mode.id, "dito_batch_id": batch.id})
        return {
            "account.payment.order": orders,
            "dito.expense.note": note,
            "dito.expense.note.line": note.line_ids,
            "dito.budget": cls.budget,
            "dito.expense.batch": batch,
            "dito.km.rate": cls.env["dito.km.rate"].search([], limit=1),
            "dito.allowance.rate": cls.env["dito.allowance.rate"].search([], limit=1),
            "dito.volunteer.regime": cls.env["dito.volunteer.regime"].create(
                {"partner_id": cls.volunteer.partner_id.id, "year": 2026, "regime": "flat"}
            ),
            "dito.expense.refuse.wizard": cls.env["dito.expense.refuse.wizard"].create(
                {"note_id": note.id, "reason": "matrix"}
            ),
            "dito.expense.register.wizard": cls.env["dito.expense.register.wizard"].create(
                {"year": 2026}
            ),
        }


@tagged("post_install", "-at_install")
class TestPortalFuzz(DitoExpensesCase, PortalFuzzCase):
    """Hostile values in every field of every dito POST route."""

    fuzz_modules = ("dito_expenses",)
    fuzz_skip = {}
    fuzz_examples = 5

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dito()
        cls._keep_entry_open()

    def _fuzz_targets(self):
        day = "2026-03-02"
        draft = self._note(lines=[self._activity(day, 5.0)])
        to_sign = self._note(lines=[self._activity("2026-03-03", 5.0)])
        to_sign_public = self._note(lines=[self._activity("2026-03-04", 5.0)])
        (to_sign | to_sign_public).sudo()._do_submit(send_mail=False)
        to_review = self._note(self.volunteer2, lines=[self._activity(day, 6.0)])
        to_review.sudo()._do_submit(send_mail=False)
        to_review.sudo()._do_sign("Wout", SIGNATURE, "127.0.0.1")
        to_refuse = self._note(self.volunteer2, lines=[self._activity("2026-03-05", 6.0)])
        to_refuse.sudo()._do_submit(send_mail=False)
        to_refuse.sudo()._do_sign("Wout", SIGNATURE, "127.0.0.1")
        line = draft.line_ids[:1]
        header = {"budget_id": str(self.budget.id), "regime": "flat", "description": "Visits"}
        new_line = {
            "kind": "trip",
            "name": "Visit",
            "date_from": day,
            "date_to": "",
            "count": "1",
            "unit_amount": "",
            "km": "7",
            "mode": "bike",
            "origin": "Home",
            "destination": "Club",
        }
        sign = {"name": "Vera Volunteer", "signature": SIGNATURE}
        return [
            ("/my/expenses/new", "http", header, "dito_vol1"),
            (f"/my/expenses/{draft.id}/edit", "http", header, "dito_vol1"),
            (f"/my/expenses/{draft.id}/lines/add", "http", new_line, "dito_vol1"),
            (
                f"/my/expenses/{draft.id}/lines/{line.id}/delete",
                "http",
                {"confirm": "1"},
                "dito_vol1",
            ),
            (f"/my/expenses/{draft.id}/submit", "http", {"confirm": "1"}, "dito_vol1"),
            (f"/my/expenses/{to_sign.id}/sign", "jsonrpc", sign, "dito_vol1"),
            (
                f"/my/expenses/{to_sign_public.id}/sign",
                "jsonrpc",
                {**sign, "access_token": to_sign_public.sudo().access_token},
                None,
            ),
            (f"/my/expenses/{to_review.id}/approve", "http", {"review_token": ""}, "dito_holder"),
            (
                f"/my/expenses/{to_refuse.id}/refuse",
                "http",
                {"review_token": "", "reason": "Not ours"},
                "dito_holder",
            ),
            (
                f"/my/expenses/{to_refuse.id}/refuse",
                "http",
                {"review_token": to_refuse.sudo().review_token, "reason": "Not ours"},
                None,
            ),
        ]


@tagged("post_install", "-at_install")
class TestMenus(MenuAccessCase):
    """Issue 10.2: "the volunteer service user cannot open Monthly Batches (no access to
    account.move)": every menu of the addon opens for every back-office role that sees it."""

    menu_modules = ("dito_expenses",)

    @classmethod
    def _menu_roles(cls):
        return {
            "volunteer service": new_test_user(
                cls.env, login="menu_dito_service", groups="dito_expenses.group_volunteer_service"
            ),
            "expense manager": new_test_user(
                cls.env, login="menu_dito_manager", groups="dito_expenses.group_expense_manager"
            ),
            "internal budget holder": new_test_user(
                cls.env,
                login="menu_dito_holder",
                groups="base.group_user,dito_expenses.group_budget_holder",
            ),
        }
