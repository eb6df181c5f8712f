# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 8: what outside testers did to the running demo, each refused cleanly."""

import io
import logging
from datetime import date, timedelta
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools import xlsx
from .common import VoucherOrdersCommon, make_niss


@tagged("post_install", "-at_install")
class TestVoRpcAccess(VoucherOrdersCommon):
    """Every public method is a JSON-RPC endpoint for whoever can read the record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an account made by open sign-up: a portal user of no client
        cls.stranger = new_test_user(
            cls.env, login="vo_stranger", groups="base.group_portal", email="x@example.com"
        )

    def test_signed_up_portal_user_sees_and_creates_nothing(self):
        env = self.env(user=self.stranger)
        for model in (
            "vo.beneficiary",
            "vo.order",
            "vo.order.line",
            "vo.contract",
            "vo.card",
            "vo.quote",
            "vo.voucher.load",
            "vo.cost.centre",
        ):
            self.assertFalse(env[model].search([]), model)
        with self.assertRaises(AccessError):
            env["vo.beneficiary"].create(
                {
                    "partner_id": self.stranger.partner_id.id,
                    "last_name": "Volunteer",
                    "first_name": "Vic",
                    "national_number": make_niss(date(1980, 1, 1), 5),
                }
            )
        with self.assertRaises(AccessError):
            env["vo.voucher.rule"].search([])

    def test_client_contact_writes_only_through_the_portal(self):
        env = self.env(user=self.contact)
        with self.assertRaises(AccessError):
            env["vo.beneficiary"].create(
                {
                    "partner_id": self.employer.id,
                    "last_name": "Direct",
                    "first_name": "Rpc",
                    "national_number": make_niss(date(1980, 1, 1), 6),
                }
            )
        with self.assertRaises(AccessError):
            self.alice.with_user(self.contact).write({"number_kind": "bis"})
        self.assertEqual(self.alice.number_kind, "niss")

    def test_number_kind_is_never_written_from_outside(self):
        self.alice.with_user(self.staff).write({"number_kind": "temporary"})
        self.assertEqual(self.alice.number_kind, "niss")

    def test_every_action_refuses_a_client_contact(self):
        order = self._order()
        self.env["vo.card"].create({"beneficiary_id": self.alice.id, "status": "active"})
        card = self.alice.card_ids
        calls = [
            (self.contract, "action_invite_contacts", ()),
            (self.alice, "action_deactivate", ()),
            (self.alice, "action_reactivate", ()),
            (card, "action_report", ("lost",)),
            (card, "action_ship", ()),
            (order, "action_confirm", ()),
            (order, "action_cancel", ()),
            (order, "action_ship_cards", ()),
            (order, "action_refresh_checks", ()),
        ]
        for record, method, args in calls:
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(record.with_user(self.contact), method)(*args)
        self.assertTrue(self.alice.active)
        self.assertEqual(card.status, "active")
        self.assertFalse(order.confirmed_on)
        self.assertFalse(
            self.env["portal.onboarding.member"]
            .search([])
            .filtered(lambda m: m.partner_id.commercial_partner_id == self.employer)
        )

    def test_staff_still_acts(self):
        self.alice.with_user(self.staff).action_deactivate()
        self.assertFalse(self.alice.active)


@tagged("post_install", "-at_install")
class TestVoPortalInputs(VoucherOrdersCommon, HttpCase):
    """Bad input on any vo form: a form error naming the field, never a 500, nothing written."""

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        return page.text.split('name="csrf_token" value="')[1].split('"')[0]

    def _post(self, url, data, form_url=None, files=None):
        data = {"csrf_token": self._csrf(form_url or url), **data}
        return self.url_open(url, data=data, files=files)

    def test_signed_up_user_gets_404_on_every_page(self):
        new_test_user(self.env, login="vo_signup", groups="base.group_portal")
        self.authenticate("vo_signup", "vo_signup")
        for url in (
            "/my/beneficiaries",
            "/my/beneficiaries/new",
            "/my/beneficiaries/template.xlsx",
            "/my/beneficiaries/export.xlsx",
            "/my/voucher-orders",
            "/my/voucher-orders/new",
            "/my/voucher-orders/upload",
        ):
            self.assertEqual(self.url_open(url).status_code, 404, url)

    def test_beneficiary_form_bad_values(self):
        self.authenticate("vo_contact", "vo_contact")
        good = {
            "last_name": "Form",
            "first_name": "Fiona",
            "national_number": make_niss(date(1991, 2, 2), 77),
            "delivery": "workplace",
        }
        cases = [
            ({"last_name": "Fo\x00rm"}, "Last name contains a character"),
            ({"city": "Eu\x00pen"}, "City contains a character"),
            ({"national_number": "85\x00073003526"}, "National number contains"),
            ({"birth_date": "31/02/2020"}, "Birth date is not a date that exists"),
            ({"birth_date": "2020-02-30"}, "Birth date is not a date that exists"),
            ({"birth_date": "99999-01-01"}, "Birth date is not a date"),
            ({"meal_face_value": "nan"}, "Default meal face value must be a number"),
            ({"meal_face_value": "inf"}, "Default meal face value must be a number"),
            ({"meal_face_value": "1e308"}, "Default meal face value must be a number"),
            ({"meal_face_value": "99999999999"}, "Default meal face value must be between"),
            ({"cost_centre_id": "99999999999"}, "Cost centre must be between"),
            ({"delivery": "moon"}, "Card delivery has a value that is not allowed"),
        ]
        for change, message in cases:
            with self.subTest(change=change):
                response = self._post(
                    "/my/beneficiaries/new", {**good, **change}, "/my/beneficiaries/new"
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
        self.assertFalse(self.Beneficiary.search([("first_name", "=", "Fiona")]))

    def test_search_with_a_nul_byte(self):
        self.authenticate("vo_contact", "vo_contact")
        response = self.url_open("/my/beneficiaries?search=a%00b")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Search contains a character that is not allowed", response.text)

    def test_order_step1_bad_values(self):
        self.authenticate("vo_contact", "vo_contact")
        load_date = self.env["vo.order"]._earliest_load_date() + timedelta(days=1)
        good = {
            "contract_id": str(self.contract.id),
            "load_date": str(load_date),
            "face_value": "8.00",
            "days": "20",
        }
        cases = [
            ({"days": "99999999999"}, "Days worked must be between 1 and 366"),
            ({"days": "0"}, "Days worked must be between 1 and 366"),
            ({"days": "-1"}, "Days worked must be between 1 and 366"),
            ({"face_value": "nan"}, "Face value per day must be a number"),
            ({"face_value": "inf"}, "Face value per day must be a number"),
            ({"face_value": "1e308"}, "Face value per day must be a number"),
            ({"load_date": "31/02/2020"}, "Load date is not a date that exists"),
            ({"load_date": "2020-02-30"}, "Load date is not a date that exists"),
            ({"load_date": "99999-01-01"}, "Load date is not a date"),
            ({"contract_id": "99999999999"}, "Product must be between"),
            ({"reference": "a\x00b"}, "Your reference contains a character"),
        ]
        for change, message in cases:
            with self.subTest(change=change):
                response = self._post(
                    "/my/voucher-orders/new", {**good, **change}, "/my/voucher-orders/new"
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
        self.assertFalse(self.env["vo.order"].search([("partner_id", "=", self.employer.id)]))

    def test_order_step2_bad_value_changes_nothing(self):
        order = self._order()
        alice_line = order.line_ids.filtered(lambda line: line.beneficiary_id == self.alice)
        bob_line = order.line_ids - alice_line
        self.authenticate("vo_contact", "vo_contact")
        url = f"/my/voucher-orders/{order.id}/review"
        for bad in ("99999999999", "-1", "0", "nan", "a\x00"):
            with self.subTest(bad=bad):
                response = self._post(
                    url,
                    {
                        "update": "1",
                        f"value_{alice_line.id}": "10",
                        f"value_{bob_line.id}": bad,
                    },
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn("Days worked (Janssens Bob)", response.text)
                self.assertEqual(alice_line.days, 20, "nothing half-written")

    def test_order_step2_sets_the_face_value(self):
        """Issue 10.8: a beneficiary without a default face value can be fixed in step 2."""
        order = self._order(face_value=0.0)
        line = order.line_ids[0]
        self.assertTrue(line.has_error)
        self.authenticate("vo_contact", "vo_contact")
        url = f"/my/voucher-orders/{order.id}/review"
        self._post(url, {"update": "1", f"face_{line.id}": "7,50"})
        self.assertEqual(line.face_value, 7.5)
        self.assertFalse(line.has_error)

    def test_excel_order_upload_out_of_range_names_the_row(self):
        self.authenticate("vo_contact", "vo_contact")
        data = xlsx.build_order_template(
            "meal",
            None,
            [xlsx.OrderTemplateRow(national_number=self.alice.national_number, days=99999999999)],
        )
        load_date = self.env["vo.order"]._earliest_load_date() + timedelta(days=1)
        response = self._post(
            "/my/voucher-orders/upload",
            {"contract_id": str(self.contract.id), "load_date": str(load_date)},
            files={"upload": ("o.xlsx", io.BytesIO(data), "application/octet-stream")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("must be between 0 and 366", response.text)
        self.assertFalse(self.env["vo.order"].search([("partner_id", "=", self.employer.id)]))

    def test_same_number_submitted_twice_at_once(self):
        """Two submissions racing: both pass the pre-check (neither sees the other), the
        second INSERT meets the unique constraint: "already registered", no NISS logged."""
        self.authenticate("vo_contact", "vo_contact")
        number = make_niss(date(1992, 3, 4), 12)
        values = {
            "last_name": "Twice",
            "first_name": "Tom",
            "national_number": number,
            "delivery": "workplace",
        }
        first = self._post("/my/beneficiaries/new", values)
        self.assertEqual(first.status_code, 200)
        Beneficiary = type(self.env["vo.beneficiary"])
        with (
            patch.object(Beneficiary, "_check_numbers_free", lambda self, pairs: None),
            self.assertLogs(level=logging.INFO) as logs,
        ):
            logging.getLogger("odoo.addons.voucher_orders").info("capture")
            second = self._post("/my/beneficiaries/new", values, "/my/beneficiaries/new")
        self.assertEqual(second.status_code, 400)
        self.assertIn("already registered", second.text)
        self.assertNotIn(number, "\n".join(logs.output))
        self.assertEqual(self.Beneficiary.search_count([("national_number", "=", number)]), 1)

    def test_export_neutralises_formulas(self):
        self.alice.write({"last_name": '=HYPERLINK("http://evil")', "city": "+32 Eupen"})
        self.authenticate("vo_contact", "vo_contact")
        response = self.url_open("/my/beneficiaries/export.xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
        self.assertIn('\'=HYPERLINK("http://evil")', values)
        self.assertFalse([v for v in values if isinstance(v, str) and v.startswith("=")])
        template = self.url_open(f"/my/voucher-orders/template/{self.contract.id}")
        sheet = openpyxl.load_workbook(io.BytesIO(template.content)).worksheets[0]
        values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
        self.assertIn('\'=HYPERLINK("http://evil")', values)


@tagged("post_install", "-at_install")
class TestVoNumberRace(VoucherOrdersCommon):
    def test_lost_race_on_a_number_is_a_message_and_never_logged(self):
        """Both submissions pass the pre-check; the second INSERT (or UPDATE) meets the
        unique constraint: a clear ValidationError, the number in no log line."""
        number = make_niss(date(1993, 4, 5), 21)
        Beneficiary = type(self.env["vo.beneficiary"])
        values = {"partner_id": self.employer.id, "first_name": "Race", "national_number": number}
        self.Beneficiary.create({**values, "last_name": "First"})
        with (
            patch.object(Beneficiary, "_check_numbers_free", lambda self, pairs: None),
            self.assertLogs(level=logging.INFO) as logs,
        ):
            logging.getLogger("odoo.addons.voucher_orders").info("capture")
            with self.assertRaisesRegex(Exception, "already registered"):
                self.Beneficiary.create({**values, "last_name": "Second"})
            with self.assertRaisesRegex(Exception, "already registered"):
                self.bob.write({"national_number": number})
        self.assertNotIn(number, "\n".join(logs.output))
        self.assertEqual(self.Beneficiary.search_count([("national_number", "=", number)]), 1)


@tagged("post_install", "-at_install")
class TestVoPortalPages(VoucherOrdersCommon, HttpCase):
    def test_quotes_are_paged(self):
        """Issue 11.2: the quotes list was cut at 50 without a pager."""
        quotes = self.env["vo.quote"].create(
            [
                {
                    "partner_id": self.employer.id,
                    "contract_id": self.contract.id,
                    "beneficiary_count": 3,
                    "vouchers_per_beneficiary": 20,
                    "face_value": 8.0,
                }
                for __ in range(55)
            ]
        )
        self.authenticate("vo_contact", "vo_contact")
        orders_page = self.url_open("/my/voucher-orders")
        self.assertIn("All your quotes (55)", orders_page.text)
        first = self.url_open("/my/voucher-quotes")
        second = self.url_open("/my/voucher-quotes/page/2")
        self.assertEqual((first.status_code, second.status_code), (200, 200))
        shown = [q for q in quotes if q.name in first.text or q.name in second.text]
        self.assertEqual(len(shown), 55)
        self.assertIn("/my/voucher-quotes/page/2", first.text)
        self.authenticate("vo_other", "vo_other")
        self.assertNotIn(quotes[0].name, self.url_open("/my/voucher-quotes").text)


@tagged("post_install", "-at_install")
class TestVoNarrowScreen(VoucherOrdersCommon, HttpCase):
    """Issue 10.6: every portal page fits a 390 px wide phone (no sideways scrolling)."""

    browser_size = "390x844"
    touch_enabled = True

    FITS = """
        const width = document.documentElement.scrollWidth;
        // a table scrolling inside its box hides columns (status, total) just as well
        const cut = [...document.querySelectorAll(".table-responsive")].filter(
            (el) => el.scrollWidth > el.clientWidth + 1 && !el.closest(".o_vo_order_step2")
        );
        if (width <= 390 && !cut.length) {
            console.log("test successful");
        } else {
            const wide = [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > 391)
                .slice(-3)
                .map((el) => el.tagName + "." + el.className);
            const tables = cut.map((el) => `table ${el.scrollWidth}px in ${el.clientWidth}px`);
            console.error(`${location.pathname} is ${width}px wide: ${wide.join(" | ")} ${tables}`);
        }
    """

    def test_portal_pages_fit_390px(self):
        order = self._order()
        order.reference = "A rather long reference of the client for March"
        order.warnings_acknowledged = True
        order.action_confirm()
        draft = self._order()
        pages = [
            "/my/beneficiaries",
            f"/my/beneficiaries/{self.alice.id}",
            "/my/beneficiaries/new",
            "/my/voucher-orders",
            "/my/voucher-orders/new",
            "/my/voucher-orders/upload",
            f"/my/voucher-orders/{order.id}",
            f"/my/voucher-orders/{draft.id}/review",
            f"/my/voucher-orders/{draft.id}/totals",
        ]
        for url in pages:
            with self.subTest(url=url):
                self.browser_js(url, self.FITS, login="vo_contact")


@tagged("post_install", "-at_install")
class TestVoConfirmAllOrNothing(VoucherOrdersCommon, HttpCase):
    def test_a_refusal_while_invoicing_leaves_nothing_half_confirmed(self):
        order = self._order()
        order.warnings_acknowledged = True
        self.authenticate("vo_contact", "vo_contact")
        page = self.url_open(f"/my/voucher-orders/{order.id}/totals")
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        Order = type(self.env["vo.order"])

        def refuse(self):
            raise UserError(self.env._("The invoice journal is not configured."))

        with patch.object(Order, "_create_invoices", refuse):
            response = self.url_open(
                f"/my/voucher-orders/{order.id}/confirm", data={"csrf_token": csrf}
            )
        self.assertEqual(response.status_code, 400)
        self.assertIn("The invoice journal is not configured.", response.text)
        self.assertFalse(order.confirmed_on)
        self.assertFalse(order.card_ids)
        self.assertEqual(order.state, "draft")
