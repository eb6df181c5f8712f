# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import contextlib
import json
from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SIGNATURE, DitoExpensesCase, DitoExpensesCommon

NOTE_METHODS_STAFF_ONLY = ("action_send_sign_request", "action_mark_not_duplicate")


@tagged("post_install", "-at_install")
class TestExpenseSecurityModel(DitoExpensesCommon):
    """Tokens, secrets and actions through the ORM (what ``call_kw`` reaches)."""

    @freeze_time("2026-03-02 10:00:00")
    def _signed_note(self):
        return self._signed(self._note(lines=[self._activity("2026-03-01", 20.0)]))

    def _other_sides_token(self, note, user):
        """The token ``user`` must never get: the review token for the volunteer, the
        sign token for everyone else (each side reads its own in its own mail)."""
        note = note.sudo()
        return note.review_token if user.partner_id == note.partner_id else note.access_token

    def _assert_no_token(self, texts, note, user):
        token = self._other_sides_token(note, user)
        self.assertTrue(token)
        for text in texts:
            self.assertNotIn(token, str(text or ""))

    def test_volunteer_reads_no_token_in_any_message(self):
        """Issue 8.2: "the budget holder's review link, token included, is stored in the
        note's chatter, which the volunteer reads" -> no token in any message."""
        note = self._signed_note()
        self.assertTrue(note.sudo().review_token)
        Message = self.env["mail.message"]
        for user in (self.volunteer, self.holder, self.holder2, self.volunteer2, self.service):
            found = Message.with_user(user).search_read(
                [("model", "=", note._name), ("res_id", "=", note.id)],
                ["body", "subject", "preview"],
            )
            found += Message.with_user(user).search_read([], ["body", "subject", "preview"])
            if user in (self.volunteer, self.holder):
                self.assertTrue(found, "the thread itself stays readable")
            self._assert_no_token([value for row in found for value in row.values()], note, user)
            # by id too: every message of the note, whatever its type
            for message in Message.sudo().search(
                [("model", "=", note._name), ("res_id", "=", note.id)]
            ):
                try:
                    row = message.with_user(user).read(["body", "subject"])[0]
                except AccessError:
                    continue
                self._assert_no_token(row.values(), note, user)
        # the mails themselves still carry the links, to their recipient only
        signed_mail = self._messages(note, "dito_expenses.mail_template_signed")
        self.assertIn(note.sudo().review_token, str(signed_mail.body))
        sign_request = self._messages(note, "dito_expenses.mail_template_sign_request")
        self.assertIn(note.sudo().access_token, str(sign_request.body))

    def test_secrets_are_not_readable_by_the_other_side(self):
        """Issue 8.3: "the holder can read the note's access_token (search_read …) and
        the volunteer's signed_ip" -> field groups; the portal URL carries no token."""
        note = self._signed_note()
        for user in (self.holder, self.volunteer):
            for fname in ("access_token", "review_token", "signed_ip"):
                with self.assertRaises(AccessError, msg=f"{user.login} reads {fname}"):
                    note.with_user(user).read([fname])
                with self.assertRaises(AccessError):
                    self.env["dito.expense.note"].with_user(user).search_read([], [fname])
        as_holder = note.with_user(self.holder)
        self.assertNotIn(note.sudo().access_token, as_holder.get_portal_url())
        self.assertNotIn("access_token", as_holder.sudo().get_portal_url(report_type="pdf"))
        self.assertNotIn("access_token", as_holder._get_share_url(redirect=True))
        # the volunteer's own link keeps the token (the sign link)
        self.assertIn(note.sudo().access_token, note.with_user(self.volunteer).get_portal_url())
        self.assertEqual(note.with_user(self.service).signed_ip, "127.0.0.1")

    def test_actions_check_rights(self):
        """Issue 8.6: "call_kw dito.expense.note action_send_sign_request on any id queues
        a mail" -> every remaining action checks the user first (AccessError)."""
        with freeze_time("2026-03-02 10:00:00"):
            note = self._note(lines=[self._activity("2026-03-01", 20.0)])
            note._do_submit()
        mails_before = self.env["mail.mail"].sudo().search_count([])
        messages_before = len(note.message_ids)
        for user in (self.volunteer, self.volunteer2, self.holder, self.holder2):
            for method in NOTE_METHODS_STAFF_ONLY + ("action_register_paper",):
                with self.assertRaises(AccessError, msg=f"{user.login} {method}"):
                    getattr(note.with_user(user), method)()
        for user in (self.volunteer, self.volunteer2, self.holder2, self.service):
            for method in ("action_approve", "action_refuse"):
                with self.assertRaises(AccessError, msg=f"{user.login} {method}"):
                    getattr(note.with_user(user), method)()
        with self.assertRaises(AccessError):
            note.with_user(self.volunteer2).action_submit()
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), mails_before)
        self.assertEqual(len(note.message_ids), messages_before)
        # the staff may send the sign link again
        note.with_user(self.service).action_send_sign_request()
        self.assertEqual(len(self._messages(note, "dito_expenses.mail_template_sign_request")), 2)

    def test_refuse_wizard_checks_the_holder(self):
        note = self._signed_note()
        wizard = (
            self.env["dito.expense.refuse.wizard"]
            .with_user(self.holder2)
            .create({"note_id": note.id, "reason": "not mine"})
        )
        with self.assertRaises(AccessError):
            wizard.action_refuse()
        self.assertEqual(note.state, "signed")

    def test_batch_and_register_actions_are_staff_only(self):
        batch = self.env["dito.expense.batch"].create({"name": "2026-03", "month": "2026-03-01"})
        for method in (
            "action_close",
            "action_bill",
            "action_payment_order",
            "action_view_payment_orders",
            "action_export_xlsx",
        ):
            with self.assertRaises(AccessError):
                getattr(batch.with_user(self.service), method)()

    def test_signup_portal_user_sees_nothing_of_dito(self):
        """Issue 8.4: "Open sign-up … such an account can read every dito.budget name and
        holder" -> a portal user neither volunteer nor holder sees nothing of dito."""
        stranger = new_test_user(
            self.env, login="dito_stranger", groups="base.group_portal", name="Stranger"
        )
        self._note(lines=[self._activity("2026-03-01", 20.0)])
        for model in (
            "dito.budget",
            "dito.expense.note",
            "dito.expense.note.line",
            "dito.allowance.rate",
            "dito.km.rate",
        ):
            Model = self.env[model].with_user(stranger)
            with contextlib.suppress(AccessError):
                self.assertFalse(Model.search_read([], ["display_name"]), model)
        # a holder sees the budgets they hold, a volunteer none (the portal lists them)
        self.assertEqual(self.env["dito.budget"].with_user(self.holder).search([]), self.budget)
        self.assertFalse(self.env["dito.budget"].with_user(self.volunteer).search([]))
        self.assertIn(self.budget2, self.env["dito.budget"].with_user(self.service).search([]))

    @freeze_time("2026-03-02 10:00:00")
    def test_odd_dates_are_refused_and_never_break_a_list(self):
        """Issue 8.7: "the portal accepts an expense line dated 0001-01-01 (and 9999-12-31);
        the back-office note list then fails for all users (_compute_cap_status)"."""
        note = self._note(lines=[self._activity("2026-03-01", 20.0)])
        for value in ("0001-01-01", "9999-12-31", "1999-12-31", "2028-03-03"):
            with self.assertRaises(ValidationError, msg=value):
                note.line_ids.date_from = value
        with self.assertRaises(ValidationError):
            note.line_ids.date_to = "9999-12-31"
        with self.assertRaises(ValidationError):
            self.env["dito.expense.note.line"].create(
                self._activity("0001-01-01") | {"note_id": note.id}
            )
        for fname, value in (("unit_amount", 1e308), ("km", 1e20), ("km", 100001)):
            with self.assertRaises(ValidationError, msg=f"{fname}={value}"):
                note.line_ids.write({fname: value})
        note.line_ids.write({"unit_amount": 100000, "km": 12.3})
        note.line_ids.date_from = "2000-01-01"  # the window's first day is fine
        note.line_ids.date_from = "2026-03-01"
        # data stored before the constraint (or by SQL) never breaks the computes
        self.env.cr.execute(
            "UPDATE dito_expense_note_line SET date_from = '0001-01-01' WHERE id = %s",
            [note.line_ids.id],
        )
        self.env.cr.execute(
            "UPDATE dito_expense_note SET date_first = '0001-01-01', year = 1 WHERE id = %s",
            [note.id],
        )
        self.env.invalidate_all()
        listed = (
            self.env["dito.expense.note"]
            .with_user(self.service)
            .search_read([], ["name", "cap_status", "amount_total"])
        )
        self.assertIn(note.id, [row["id"] for row in listed])


@tagged("post_install", "-at_install")
class TestExpenseSecurityPortal(DitoExpensesCase, HttpCase):
    """The portal routes: tokens, the holder's and the volunteer's sides, bad input."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dito()
        today = fields.Date.today()
        if today.day in (6,):  # keep entry open whatever day the suite runs
            cls.env.company.write({"dito_cutoff_day": 10, "dito_reopen_day": 12})
        from .test_expense_portal import TestExpensePortal

        TestExpensePortal._ensure_rates.__func__(cls, today.year)
        cls.day = date(today.year, today.month, 1)

    def _csrf(self):
        page = self.url_open("/web/login").text
        return page.split('name="csrf_token" value="')[1].split('"')[0]

    def _sign(self, note, token, name="Vera", signature=SIGNATURE):
        response = self.url_open(
            f"/my/expenses/{note.id}/sign",
            data=json.dumps(
                {"params": {"access_token": token, "name": name, "signature": signature}}
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_thread_messages_route_shows_no_token(self):
        """Issue 8.2, through `/mail/thread/messages` as the volunteer and the holder."""
        note = self._signed(self._note(lines=[self._activity(self.day, 12.0)]))
        for login, token in (
            ("dito_vol1", note.sudo().review_token),
            ("dito_holder", note.sudo().access_token),
        ):
            self.authenticate(login, login)
            response = self.url_open(
                "/mail/thread/messages",
                data=json.dumps({"params": {"thread_model": note._name, "thread_id": note.id}}),
                headers={"Content-Type": "application/json"},
            )
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("error", response.json())
            self.assertNotIn(token, response.text)
            page = self.url_open(f"/my/expenses/{note.id}")
            self.assertEqual(page.status_code, 200)
            self.assertNotIn(token, page.text)

    def test_review_token_does_not_approve_for_a_logged_in_volunteer(self):
        """Issue 8.2: "posting the approve form with it approves the note in the holder's
        name" -> when logged in, the user must be the note's holder."""
        note = self._signed(self._note(lines=[self._activity(self.day, 12.0)]))
        token = note.sudo().review_token
        self.authenticate("dito_vol1", "dito_vol1")
        self.url_open(
            f"/my/expenses/{note.id}/approve",
            data={"review_token": token, "csrf_token": self._csrf()},
        )
        self.assertEqual(note.state, "signed")
        self.url_open(
            f"/my/expenses/{note.id}/refuse",
            data={"review_token": token, "csrf_token": self._csrf(), "reason": "x"},
        )
        self.assertEqual(note.state, "signed")

    def test_sign_token_does_not_sign_for_a_logged_in_holder(self):
        """Issue 8.3: "the sign route accepts that token and any name" -> the signature is
        the volunteer's only."""
        note = self._note(lines=[self._activity(self.day, 12.0)])
        note._do_submit()
        self.authenticate("dito_holder", "dito_holder")
        result = self._sign(note, note.sudo().access_token, name="Vera Volunteer")
        self.assertIn("error", result["result"])
        self.assertEqual(note.state, "submitted")

    def test_sign_with_a_signature_that_is_not_an_image(self):
        """ "the public sign route returns a JSON error whose data.debug holds the server
        traceback when the signature is not an image" -> a clean translated error."""
        note = self._note(lines=[self._activity(self.day, 12.0)])
        note._do_submit()
        self.authenticate(None, None)
        token = note.sudo().access_token
        for signature in ("aGVsbG8gd29ybGQ=", "not base64 !", ["x"], {"a": 1}, 12):
            result = self._sign(note, token, signature=signature)
            self.assertNotIn("debug", json.dumps(result))
            self.assertNotIn("Traceback", json.dumps(result))
            self.assertIn("error", result.get("result", {}), signature)
        for name in ("", "a\x00b", ["Vera"], "x" * 500):
            result = self._sign(note, token, name=name)
            self.assertIn("error", result.get("result", {}), name)
        self.assertEqual(note.state, "submitted")

    def test_line_form_bad_values_give_a_form_error_and_save_nothing(self):
        """Crashes: nan/inf/1e308/-1/99999999999, impossible dates and NUL bytes in any
        portal form field -> a form error naming the field, never a 500, no line saved."""
        note = self._note(lines=[])
        self.authenticate("dito_vol1", "dito_vol1")
        csrf = self._csrf()
        base = {
            "csrf_token": csrf,
            "kind": "activity",
            "name": "Visit",
            "date_from": self.day.isoformat(),
            "count": "1",
            "unit_amount": "5",
        }
        bad = {
            "unit_amount": ["nan", "inf", "-inf", "1e308", "-1", "99999999999", "1.234"],
            "count": ["nan", "-1", "0", "99999999999", "1.5", "1e3"],
            "date_from": ["31/02/2020", "2020-02-30", "99999-01-01", "0001-01-01", "9999-12-31"],
            "date_to": ["2020-02-30", "9999-12-31"],
            "name": ["a\x00b"],
            "kind": ["x\x00", "nope"],
        }
        for fname, values in bad.items():
            for value in values:
                response = self.url_open(
                    f"/my/expenses/{note.id}/lines/add", data={**base, fname: value}
                )
                self.assertEqual(response.status_code, 200, f"{fname}={value!r}")
                self.assertIn("o_dito_error", response.text, f"{fname}={value!r}")
                self.assertFalse(note.line_ids, f"{fname}={value!r} saved a line")
        trip = {**base, "kind": "trip", "mode": "car", "origin": "A", "destination": "B"}
        for fname, value in (("km", "nan"), ("km", "-1"), ("km", "1e308"), ("origin", "\x00")):
            response = self.url_open(
                f"/my/expenses/{note.id}/lines/add", data={**trip, fname: value}
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn("o_dito_error", response.text)
        self.assertFalse(note.line_ids)
        # the header forms too
        for data in (
            {"budget_id": "nan"},
            {"budget_id": str(self.budget.id), "description": "a\x00b"},
            {"budget_id": str(self.budget.id), "regime": "x\x00"},
        ):
            response = self.url_open("/my/expenses/new", data={"csrf_token": csrf, **data})
            self.assertEqual(response.status_code, 200)
            self.assertIn("o_dito_error", response.text)
            response = self.url_open(
                f"/my/expenses/{note.id}/edit", data={"csrf_token": csrf, **data}
            )
            self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self.env["dito.expense.note"].search_count(
                [("partner_id", "=", self.volunteer.partner_id.id)]
            ),
            1,
        )

    def test_refuse_reason_with_nul_byte(self):
        note = self._signed(self._note(lines=[self._activity(self.day, 12.0)]))
        self.authenticate("dito_holder", "dito_holder")
        response = self.url_open(
            f"/my/expenses/{note.id}/refuse",
            data={"csrf_token": self._csrf(), "reason": "bad\x00reason"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_dito_error", response.text)
        self.assertEqual(note.state, "signed")

    def test_odd_stored_dates_never_break_the_pages(self):
        """Issue 8.7: "…and the holder's review page answers 500" (data stored before the
        date constraint, e.g. by an import)."""
        note = self._signed(self._note(lines=[self._activity(self.day, 12.0)]))
        self.env.cr.execute(
            "UPDATE dito_expense_note_line SET date_from = '0001-01-01' WHERE note_id = %s",
            [note.id],
        )
        self.env.cr.execute(
            "UPDATE dito_expense_note SET date_first = '0001-01-01', year = 1 WHERE id = %s",
            [note.id],
        )
        self.env.invalidate_all()
        token = note.sudo().review_token
        self.authenticate(None, None)
        page = self.url_open(f"/my/expenses/{note.id}/review?review_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_dito_review", page.text)
        for login in ("dito_holder", "dito_vol1"):
            self.authenticate(login, login)
            self.assertEqual(self.url_open("/my/expenses").status_code, 200)
            self.assertEqual(self.url_open(f"/my/expenses/{note.id}").status_code, 200)
