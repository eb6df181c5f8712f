# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import json
from datetime import date, timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SIGNATURE, DitoExpensesCase


@tagged("post_install", "-at_install")
class TestExpensePortal(DitoExpensesCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dito()
        today = fields.Date.today()
        if today.day in (6,):  # keep entry open whatever day the suite runs
            cls.env.company.write({"dito_cutoff_day": 10, "dito_reopen_day": 12})
        cls._ensure_rates(today.year)
        cls.day = date(today.year, today.month, 1)

    @classmethod
    def _ensure_rates(cls, year):
        """Rates for the current year (the seeded ones stop at 2026)."""
        Allowance = cls.env["dito.allowance.rate"]
        whole_year = [
            ("date_from", "<=", f"{year}-01-01"),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", f"{year}-12-31"),
        ]
        if not Allowance.search_count(whole_year):
            Allowance.create(
                {
                    "date_from": f"{year}-01-01",
                    "date_to": f"{year}-12-31",
                    "per_day": 44.02,
                    "per_year": 1760.83,
                    "per_year_higher": 3233.91,
                    "source": "test",
                }
            )
        Km = cls.env["dito.km.rate"]
        if not Km.search_count([("mode", "=", "bike"), *whole_year]):
            Km.create(
                {
                    "mode": "bike",
                    "date_from": f"{year}-01-01",
                    "date_to": f"{year}-12-31",
                    "rate": 0.37,
                    "source": "test",
                }
            )

    def _signed_note(self, user=None):
        note = self._note(user, lines=[self._activity(self.day, 12.0)])
        return self._signed(note)

    # ------------------------------------------------------------
    # access
    # ------------------------------------------------------------

    def test_list_shows_own_notes_only(self):
        own = self._note(lines=[self._activity(self.day, 12.0)])
        other = self._note(self.volunteer2, lines=[self._activity(self.day, 13.0)])
        self.authenticate("dito_vol1", "dito_vol1")
        response = self.url_open("/my/expenses")
        self.assertEqual(response.status_code, 200)
        self.assertIn(own.name, response.text)
        self.assertNotIn(other.name, response.text)
        self.assertIn("o_dito_banner", response.text)
        self.assertIn("o_dito_overview", response.text)

    def test_other_volunteers_note_by_id_wrong_token_no_token(self):
        note = self._note(lines=[self._activity(self.day, 12.0)])
        note._portal_ensure_token()
        url = f"/my/expenses/{note.id}"
        self.authenticate("dito_vol2", "dito_vol2")
        response = self.url_open(url)
        self.assertNotIn(note.name, response.text)
        # nor change it (the request passes CSRF: the gate refuses it)
        response = self.url_open(
            f"{url}/lines/add",
            data={
                "csrf_token": self._csrf(),
                "kind": "activity",
                "date_from": str(self.day),
                "unit_amount": "5",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(note.line_ids), 1)
        self.authenticate(None, None)
        self.assertNotIn(note.name, self.url_open(url).text)
        self.assertNotIn(note.name, self.url_open(f"{url}?access_token=wrong").text)
        response = self.url_open(f"{url}?access_token={note.access_token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(note.name, response.text)

    def _csrf(self):
        """A CSRF token of the logged-in volunteer's session (from the new-note form)."""
        page = self.url_open("/my/expenses/new").text
        return page.split('name="csrf_token" value="')[1].split('"')[0]

    def test_create_note_with_receipt_and_clear_errors(self):
        self.authenticate("dito_vol1", "dito_vol1")
        csrf = self._csrf()
        response = self.url_open(
            "/my/expenses/new",
            data={"csrf_token": csrf, "budget_id": str(self.budget.id), "regime": "real"},
        )
        self.assertEqual(response.status_code, 200)
        note = self.env["dito.expense.note"].search(
            [("partner_id", "=", self.volunteer.partner_id.id)]
        )
        self.assertEqual(note.regime, "real")
        url = f"/my/expenses/{note.id}/lines/add"
        response = self.url_open(
            url,
            data={
                "csrf_token": csrf,
                "kind": "real_cost",
                "name": "Paint",
                "date_from": str(self.day),
                "unit_amount": "12,50",
            },
            files={"receipt": ("receipt.pdf", b"%PDF-1.4 receipt", "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(note.line_ids.amount, 12.5)
        self.assertEqual(note.line_ids.receipt_filename, "receipt.pdf")
        # bad input: a clear message naming the field, nothing saved
        response = self.url_open(
            url,
            data={"csrf_token": csrf, "kind": "activity", "date_from": "", "unit_amount": "5"},
        )
        self.assertIn("o_dito_error", response.text)
        self.assertIn("Date is required.", response.text)
        response = self.url_open(
            url,
            data={
                "csrf_token": csrf,
                "kind": "activity",
                "date_from": str(self.day),
                "date_to": str(self.day),
                "count": "3",
                "unit_amount": "5",
            },
        )
        self.assertIn("does not fit in a period of 1 day(s)", response.text)
        self.assertEqual(len(note.line_ids), 1)

    def test_missing_rate_and_caps_are_said_when_the_line_is_added(self):
        """Issue 10.5: "the line first shows €0.00 with no warning … when a rate is missing
        say so when the line is added, not at submission. Same for caps: warn when a line
        makes a day or the year exceed its cap, not only at submit"."""
        # no car rate in force from this month on (the last one ends the month before)
        Km = self.env["dito.km.rate"]
        Km.search([("mode", "=", "car"), ("date_from", ">=", self.day)]).unlink()
        Km.search(
            [("mode", "=", "car"), "|", ("date_end", "=", False), ("date_end", ">=", self.day)]
        ).date_to = self.day - timedelta(days=1)
        note = self._note(lines=[])
        self.authenticate("dito_vol1", "dito_vol1")
        csrf = self._csrf()
        url = f"/my/expenses/{note.id}/lines/add"
        trip = {
            "csrf_token": csrf,
            "kind": "trip",
            "date_from": str(self.day),
            "mode": "car",
            "origin": "Home",
            "destination": "Club",
            "km": "7",
        }
        response = self.url_open(url, data=trip)
        self.assertIn("no per-km rate is configured", response.text)
        self.assertFalse(note.line_ids, "no 0.00 line")
        # a day over the flat-rate daily cap: the line is kept, with a warning
        response = self.url_open(
            url,
            data={
                "csrf_token": csrf,
                "kind": "activity",
                "name": "Camp",
                "date_from": str(self.day),
                "unit_amount": "60",
            },
        )
        self.assertIn("o_dito_warning", response.text)
        self.assertIn("Daily cap", response.text)
        self.assertEqual(len(note.line_ids), 1)

    def test_holder_reviews_from_the_portal(self):
        """Issue 10.1: "`/my/expenses` answers 403 … exactly when a note is waiting … A
        holder must be able to review from the portal as well as from the link"."""
        to_approve = self._signed_note()
        to_refuse = self._signed_note(self.volunteer2)
        self.authenticate("dito_holder", "dito_holder")
        listing = self.url_open("/my/expenses")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(to_approve.name, listing.text)
        self.assertIn("Wout Volunteer", listing.text)
        page = self.url_open(f"/my/expenses/{to_approve.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_dito_approve", page.text)
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        self.url_open(f"/my/expenses/{to_approve.id}/approve", data={"csrf_token": csrf})
        self.assertEqual(to_approve.state, "approved")
        self.assertEqual(to_approve.approved_by_id, self.holder)
        self.url_open(
            f"/my/expenses/{to_refuse.id}/refuse",
            data={"csrf_token": csrf, "reason": "Not a care visit"},
        )
        self.assertEqual(to_refuse.state, "refused")
        self.assertEqual(to_refuse.refuse_reason, "Not a care visit")
        # the other budget's holder cannot, logged in, even with the page's form
        other = self._signed_note()
        self.authenticate("dito_holder2", "dito_holder2")
        self.url_open(f"/my/expenses/{other.id}/approve", data={"csrf_token": self._csrf_any()})
        self.assertEqual(other.state, "signed")

    def _csrf_any(self):
        page = self.url_open("/web/login").text
        return page.split('name="csrf_token" value="')[1].split('"')[0]

    def test_other_portals_keep_their_page_size(self):
        """Issue 11.2: "`_items_per_page = 40` on its `CustomerPortal` subclass … changes
        `/my/invoices`, `/my/orders` and every other portal list too"."""
        from odoo.addons.portal.controllers.portal import CustomerPortal

        from ..controllers.portal import DITO_ITEMS_PER_PAGE, DitoExpensePortal

        self.assertEqual(CustomerPortal._items_per_page, 80)
        self.assertNotIn("_items_per_page", vars(DitoExpensePortal))
        self.assertEqual(DITO_ITEMS_PER_PAGE, 40)
        helpers = [
            name
            for name in vars(DitoExpensePortal)
            if name.startswith("_") and not name.startswith("__")
        ]
        self.assertEqual(
            [name for name in helpers if not name.startswith(("_dito", "_prepare_home"))], []
        )
        partner = self.env["res.partner"].create({"name": "Invoice customer"})
        user = self.env["res.users"].create(
            {
                "name": "Invoice customer",
                "login": "dito_invoice_customer",
                "password": "dito_invoice_customer",
                "partner_id": partner.id,
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.assertTrue(user)
        self.authenticate("dito_invoice_customer", "dito_invoice_customer")
        response = self.url_open("/my/invoices")
        self.assertEqual(response.status_code, 200)

    def test_tiles_only_for_the_role_they_serve(self):
        """Issue 10.9: "the Expense notes tile (and its empty page) shows for employers,
        households and workers — show each tile only to the role it serves"."""
        new_test_user(self.env, login="dito_employer", groups="base.group_portal")
        self.authenticate("dito_employer", "dito_employer")
        home = self.url_open("/my").text
        self.assertNotIn('href="/my/expenses"', home)
        self.assertNotIn("expense_note.svg", home)
        page = self.url_open("/my/expenses", allow_redirects=False)
        self.assertEqual(page.status_code, 303)
        self.assertTrue(page.headers["Location"].endswith("/my"))
        self.authenticate("dito_vol1", "dito_vol1")
        home = self.url_open("/my").text
        self.assertIn("/dito_expenses/static/src/img/expense_note.svg", home)
        self.assertNotIn("#to_review", home, "the holders' tile is not the volunteer's")

    def test_signed_pdf_download(self):
        note = self._signed_note()
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/expenses/{note.id}?access_token={note.access_token}&report_type=pdf&download=1"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(note.sign_hash, response.text)

    def test_sign_token_cannot_approve(self):
        note = self._signed_note()
        self.authenticate(None, None)
        review = self.url_open(f"/my/expenses/{note.id}/review?review_token={note.access_token}")
        self.assertNotIn("o_dito_review", review.text)
        self.url_open(
            f"/my/expenses/{note.id}/approve",
            data={"review_token": note.access_token, "csrf_token": http_csrf(self)},
        )
        self.assertEqual(note.state, "signed")
        # the volunteer, logged in, cannot approve their own note either
        self.authenticate("dito_vol1", "dito_vol1")
        self.assertNotIn("o_dito_review", self.url_open(f"/my/expenses/{note.id}/review").text)

    def test_review_token_approves_and_refuses(self):
        note = self._signed_note()
        token = note.sudo().review_token
        self.authenticate(None, None)
        page = self.url_open(f"/my/expenses/{note.id}/review?review_token={token}")
        self.assertIn("o_dito_review", page.text)
        self.assertIn("o_dito_cap_status", page.text)
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        self.url_open(
            f"/my/expenses/{note.id}/refuse",
            data={"review_token": token, "csrf_token": csrf, "reason": ""},
        )
        self.assertEqual(note.state, "signed", "a refusal needs a reason")
        self.url_open(
            f"/my/expenses/{note.id}/refuse",
            data={"review_token": token, "csrf_token": csrf, "reason": "Not our budget"},
        )
        self.assertEqual(note.state, "refused")
        self.assertEqual(note.refuse_reason, "Not our budget")

    def test_sign_route_checks_token(self):
        note = self._note(lines=[self._activity(self.day, 12.0)])
        note._do_submit()
        self.authenticate(None, None)

        def sign(token):
            return self.url_open(
                f"/my/expenses/{note.id}/sign",
                data=json.dumps(
                    {"params": {"access_token": token, "name": "Vera", "signature": SIGNATURE}}
                ),
                headers={"Content-Type": "application/json"},
            ).json()["result"]

        self.assertIn("error", sign("wrong"))
        self.assertEqual(note.state, "submitted")
        result = sign(note.access_token)
        self.assertTrue(result.get("force_refresh"))
        self.assertEqual(note.state, "signed")
        self.assertEqual(note.signed_by, "Vera")
        self.assertEqual(note.signed_ip, "127.0.0.1")
        signed_pdf = note.message_ids.attachment_ids.filtered(lambda a: a.name.endswith(".pdf"))
        self.assertEqual(len(signed_pdf), 1, "the signed note is kept in the chatter")
        self.assertIn("error", sign(note.access_token), "signed once only")

    # ------------------------------------------------------------
    # query counts
    # ------------------------------------------------------------

    def test_my_expenses_query_count_constant_in_notes(self):
        self.authenticate("dito_vol1", "dito_vol1")
        for __ in range(3):
            self._note(lines=[self._activity(self.day, 1.0)])
        self.url_open("/my/expenses")  # warm up
        with self.assertQueryCount(14):
            self.url_open("/my/expenses")
        for __ in range(12):
            self._note(lines=[self._activity(self.day, 1.0)])
        self.env.invalidate_all()
        with self.assertQueryCount(14):
            self.url_open("/my/expenses")

    # ------------------------------------------------------------
    # tours
    # ------------------------------------------------------------

    def test_tour_volunteer_then_holder(self):
        self.env["dito.budget"].create(
            {
                "name": "Tour Budget",
                "analytic_account_id": self.analytic_care.id,
                "holder_id": self.holder.id,
            }
        )
        self.start_tour("/my/expenses", "dito_expense_volunteer_tour", login="dito_vol1")
        note = self.env["dito.expense.note"].search(
            [("partner_id", "=", self.volunteer.partner_id.id)]
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.state, "signed")
        self.assertEqual(len(note.line_ids), 2)
        self.assertEqual(set(note.line_ids.mapped("count")), {4})
        self.assertTrue(note.sign_hash)
        self.start_tour(
            note.get_base_url() and note._get_review_url(), "dito_expense_holder_tour", login=None
        )
        self.assertEqual(note.state, "approved")


def http_csrf(case):
    page = case.url_open("/web/login").text
    return page.split('name="csrf_token" value="')[1].split('"')[0]
