# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each role's journey in a real browser, with Dutch and French users (issue 10)."""

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DitoExpensesCase, ensure_chart_of_accounts

LANGS = ("nl_BE", "fr_BE", "de_DE")


class DitoTourCase(DitoExpensesCase, HttpCase):
    """Volunteers, holders and budgets, with Dutch, French and German installed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dito()
        cls._keep_entry_open()
        for lang in LANGS:
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(
            ["web", "portal", "mail", "account", "dito_expenses"], list(LANGS), overwrite=True
        )
        cls.day = fields.Date.today()


@tagged("post_install", "-at_install")
class TestRoleTours(DitoTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.budget.name = "Tour Budget"

    def _lang(self, user, lang):
        user.partner_id.lang = lang
        return user

    def test_volunteer_real_costs_in_dutch(self):
        """Activity, public-transport trip and real cost with its receipt, submitted and
        signed, by a Dutch-speaking volunteer."""
        self._lang(self.volunteer2, "nl_BE")
        self.start_tour("/my/expenses", "dito_expense_volunteer_real_tour", login="dito_vol2")
        note = self.env["dito.expense.note"].search(
            [("partner_id", "=", self.volunteer2.partner_id.id)]
        )
        self.assertEqual(note.state, "signed")
        self.assertEqual(note.regime, "real")
        self.assertEqual(sorted(note.line_ids.mapped("kind")), ["activity", "real_cost", "trip"])
        self.assertTrue(note.line_ids.filtered(lambda line: line.kind == "real_cost").receipt)

    def test_holder_approves_one_refuses_one_in_french(self):
        self._lang(self.holder, "fr_BE")
        first = self._signed(self._note(lines=[self._activity(self.day, 12.0)]))
        second = self._signed(self._note(self.volunteer2, lines=[self._activity(self.day, 8.0)]))
        self.start_tour("/my/expenses", "dito_expense_holder_portal_tour", login="dito_holder")
        self.assertEqual(sorted((first | second).mapped("state")), ["approved", "refused"])
        refused = (first | second).filtered(lambda note: note.state == "refused")
        self.assertEqual(refused.refuse_reason, "The receipt is missing.")

    def test_service_closes_bills_and_pays_in_dutch(self):
        company = self.env.company
        ensure_chart_of_accounts(self.env)
        # a Belgian organisation pays in euro from its IBAN (the test company is the demo's)
        self.env.ref("base.EUR").active = True
        self.env.cr.execute(
            "UPDATE res_company SET currency_id = %s WHERE id = %s",
            (self.env.ref("base.EUR").id, company.id),
        )
        self.env.invalidate_all()
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        # the company's IBAN may already be there (voucher_orders' demo registers it)
        bank_account = self.env["res.partner.bank"].search(
            [
                ("sanitized_acc_number", "=", "BE71096123456769"),
                ("partner_id", "=", company.partner_id.id),
            ],
            limit=1,
        ) or self.env["res.partner.bank"].create(
            {"acc_number": "BE71096123456769", "partner_id": company.partner_id.id}
        )
        journal.bank_account_id = bank_account
        company.dito_payment_mode_id = False
        company._dito_create_payment_mode()
        self.volunteer.partner_id.bank_ids = [(0, 0, {"acc_number": "BE62510007547061"})]
        note = self._approved(self._note(lines=[self._activity(self.day, 20.0)]))
        service = self._lang(
            new_test_user(
                self.env,
                login="dito_tour_service",
                groups="base.group_user,dito_expenses.group_expense_manager",
            ),
            "nl_BE",
        )
        self.start_tour(
            "/odoo/action-dito_expenses.dito_expense_batch_action",
            "dito_expense_service_tour",
            login=service.login,
            timeout=600,  # bills, payments and their reconciliation: slow on a busy machine
        )
        # paid through the payment order, by the volunteer service (not an accountant)
        self.assertFalse(service.has_group("account_payment_order.group_account_payment"))
        self.assertEqual(note.state, "paid")
        self.assertEqual(note.batch_id.state, "paid")
        order = note.batch_id.payment_order_ids
        self.assertEqual(order.state, "uploaded")
        pain = self.env["ir.attachment"].search(
            [("res_model", "=", "account.payment.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(len(pain), 1, "the SEPA file was made once")
        self.assertIn(b"<IBAN>BE62510007547061</IBAN>", pain.raw)


@tagged("post_install", "-at_install")
class TestNarrowScreens(DitoTourCase):
    """Issue 10: "every portal page fits 390 px (no horizontal scroll) in nl, fr and de"."""

    browser_size = "390x844"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._note(lines=[cls._activity(cls.day, 12.0), cls._trip(cls.day, km=7.0, mode="bike")])

    def test_portal_fits_390_px(self):
        for lang in LANGS:
            with self.subTest(lang=lang):
                self.volunteer.partner_id.lang = lang
                self.start_tour("/my", "dito_expense_narrow_tour", login="dito_vol1")
