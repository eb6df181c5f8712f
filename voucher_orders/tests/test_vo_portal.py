# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import io
import re
from datetime import date, timedelta

from odoo import sql_db
from odoo.tests import HttpCase, tagged

from ..tools import identifiers as idf
from ..tools import xlsx
from .common import VoucherOrdersCommon, make_niss


@tagged("post_install", "-at_install")
class TestVoPortal(VoucherOrdersCommon, HttpCase):
    def _csrf(self, url="/my/beneficiaries"):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return page.text.split('name="csrf_token" value="')[1].split('"')[0]

    def _upload(self, rows, allow_updates=False):
        data = xlsx.export_beneficiaries(rows)
        files = {"upload": ("b.xlsx", io.BytesIO(data), "application/octet-stream")}
        payload = {"csrf_token": self._csrf()}
        if allow_updates:
            payload["allow_updates"] = "1"
        return self.url_open("/my/beneficiaries/upload", data=payload, files=files)

    def test_beneficiaries_list_masks_numbers_and_hides_other_employers(self):
        self.authenticate("vo_contact", "vo_contact")
        page = self.url_open("/my/beneficiaries")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.alice.national_number_masked, page.text)
        self.assertNotIn(self.alice.national_number, page.text)
        self.assertNotIn(self.otto.name, page.text)
        own = self.url_open(f"/my/beneficiaries/{self.alice.id}")
        self.assertIn(self.alice.national_number, own.text, "full number on its own page")

    def test_other_employers_beneficiary_by_id_is_not_found(self):
        self.authenticate("vo_contact", "vo_contact")
        self.assertEqual(self.url_open(f"/my/beneficiaries/{self.otto.id}").status_code, 404)
        response = self.url_open(
            f"/my/beneficiaries/{self.otto.id}/deactivate", data={"csrf_token": self._csrf()}
        )
        self.assertEqual(response.status_code, 404)
        self.assertTrue(self.otto.active)

    def test_other_employers_order_by_id_or_token(self):
        other = self._order(beneficiaries=self.otto, contract=self.other_contract)
        self.authenticate("vo_contact", "vo_contact")
        self.assertEqual(self.url_open(f"/my/voucher-orders/{other.id}").status_code, 404)
        wrong = self.url_open(f"/my/voucher-orders/{other.id}?access_token=forged")
        self.assertEqual(wrong.status_code, 404)
        self.assertEqual(self.url_open(f"/my/voucher-orders/{other.id}/totals").status_code, 404)
        own = self._order()
        self.assertEqual(self.url_open(f"/my/voucher-orders/{own.id}/review").status_code, 200)

    def test_upload_dry_run_then_confirm_all_or_nothing(self):
        self.authenticate("vo_contact", "vo_contact")
        good = xlsx.BeneficiaryRow(
            national_number=make_niss(date(1988, 8, 8), 11),
            last_name="Good",
            first_name="Gina",
            delivery="workplace",
        )
        bad = xlsx.BeneficiaryRow(
            national_number="88080801199",
            last_name="Bad",
            first_name="Bert",
            delivery="workplace",
        )
        response = self._upload([good, bad])
        self.assertIn("check digits are wrong", response.text)
        self.assertNotIn("o_vo_upload_confirm", response.text)
        self.assertFalse(self.Beneficiary.search([("last_name", "in", ("Good", "Bad"))]))
        response = self._upload([good])
        self.assertIn("o_vo_upload_confirm", response.text)
        self.assertFalse(self.Beneficiary.search([("last_name", "=", "Good")]), "dry run only")
        key = response.text.split('name="key" value="')[1].split('"')[0]
        csrf = self._csrf()
        response = self.url_open(
            "/my/beneficiaries/upload", data={"csrf_token": csrf, "key": key, "confirm": "1"}
        )
        self.assertIn("o_vo_upload_applied", response.text)
        created = self.Beneficiary.search([("last_name", "=", "Good")])
        self.assertEqual(created.partner_id, self.employer)
        # the key is spent: a second confirmation applies nothing twice
        response = self.url_open(
            "/my/beneficiaries/upload", data={"csrf_token": csrf, "key": key, "confirm": "1"}
        )
        self.assertEqual(response.status_code, 404)

    def test_file_content_never_reaches_another_employer(self):
        self.authenticate("vo_contact", "vo_contact")
        row = xlsx.BeneficiaryRow(
            national_number=self.otto.national_number,
            last_name="Hacked",
            first_name="Name",
            delivery="workplace",
            active=False,
        )
        response = self._upload([row], allow_updates=True)
        key = response.text.split('name="key" value="')[1].split('"')[0]
        self.url_open(
            "/my/beneficiaries/upload",
            data={"csrf_token": self._csrf(), "key": key, "confirm": "1"},
        )
        self.assertEqual(self.otto.last_name, "Otto")
        self.assertTrue(self.otto.active)

    def test_template_download(self):
        self.authenticate("vo_contact", "vo_contact")
        response = self.url_open("/my/beneficiaries/template.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        export = self.url_open("/my/beneficiaries/export.xlsx")
        self.assertEqual(export.status_code, 200)

    def test_other_client_cannot_use_the_beneficiary_pages_without_contract(self):
        self.other_contract.unlink()
        self.authenticate("vo_other", "vo_other")
        self.assertEqual(self.url_open("/my/beneficiaries").status_code, 404)

    def test_beneficiaries_page_query_count_is_constant(self):
        self.authenticate("vo_contact", "vo_contact")
        self.url_open("/my/beneficiaries")  # warm the caches

        def count():
            before = sql_db.sql_counter
            self.assertEqual(self.url_open("/my/beneficiaries").status_code, 200)
            return sql_db.sql_counter - before

        small = count()
        self.Beneficiary.create(
            [
                {
                    "partner_id": self.employer.id,
                    "last_name": f"Many {i:02d}",
                    "first_name": "X",
                    "national_number": make_niss(date(1975, 1, 1), 200 + i),
                }
                for i in range(40)
            ]
        )
        large = count()
        self.assertLessEqual(large, small + 2, f"{small} queries for 2, {large} for 42")

    # ------------------------------------------------------------
    # The search: a national number never in a URL (access logs)
    # ------------------------------------------------------------

    def _rows(self, html):
        return html.count("o_vo_beneficiary_row")

    def _search(self, term, **data):
        return self.url_open(
            "/my/beneficiaries/search", data={"csrf_token": self._csrf(), "search": term, **data}
        )

    def test_a_national_number_search_is_posted_and_never_logged(self):
        """The web server writes every request line (method, path and query) to its log:
        a national number typed in the search travels in a POST body, and no URL,
        redirect or link of the answer carries it."""
        self.authenticate("vo_contact", "vo_contact")
        page = self.url_open("/my/beneficiaries")
        self.assertIn('method="post" action="/my/beneficiaries/search"', page.text)
        typed = idf.format_number(self.alice.national_number)  # 85.07.30-033.xx
        response = self._search(typed)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.request.method, "POST")
        self.assertFalse(response.history, "answered in place, no redirect to a URL")
        self.assertIn(self.alice.name, response.text)
        self.assertNotIn(self.bob.name, response.text)
        self.assertEqual(self._rows(response.text), 1)
        birth = self.alice.national_number[:6]
        logged = [response.request.url] + [r.request.url for r in response.history]
        self.assertFalse([url for url in logged if birth in re.sub(r"\D", "", url)], logged)
        links = re.findall(r'(?:href|action)="([^"]*)"', response.text)
        self.assertFalse([url for url in links if birth in re.sub(r"\D", "", url)], links)

    def test_a_name_search_keeps_its_url(self):
        """A name is sent back to the list's URL (bookmarks, pager links, back button)."""
        self.authenticate("vo_contact", "vo_contact")
        response = self._search("Peeters")
        self.assertTrue(response.history, "redirected after the post")
        self.assertTrue(response.url.endswith("/my/beneficiaries?search=Peeters"), response.url)
        self.assertIn(self.alice.name, response.text)
        self.assertNotIn(self.bob.name, response.text)

    def test_a_number_in_the_url_is_not_searched_nor_echoed(self):
        self.authenticate("vo_contact", "vo_contact")
        response = self.url_open(f"/my/beneficiaries?search={self.alice.national_number}")
        self.assertTrue(response.url.endswith("/my/beneficiaries"), response.url)
        self.assertNotIn(self.alice.national_number, response.text)
        self.assertEqual(self._rows(response.text), 2, "the whole list, unsearched")

    def test_number_search_pages_by_posting_again(self):
        """60 people born on one day: the birth-date part of the number finds all of them,
        50 on the first page; the pager posts the search again for the second."""
        self.Beneficiary.create(
            [
                {
                    "partner_id": self.employer.id,
                    "last_name": f"Born {i:02d}",
                    "first_name": "Jan",
                    "national_number": make_niss(date(1975, 1, 1), 300 + i),
                }
                for i in range(60)
            ]
        )
        self.authenticate("vo_contact", "vo_contact")
        first = self._search("75.01.01")
        self.assertEqual(self._rows(first.text), 50)
        self.assertIn("o_vo_search_pager", first.text)
        self.assertNotIn("/my/beneficiaries/page/2", first.text)
        second = self._search("75.01.01", page="2")
        self.assertEqual(second.status_code, 200)
        self.assertEqual(self._rows(second.text), 10)
        self.assertNotIn(self.alice.name, second.text)
        # a name search pages through links, as before
        names = self.url_open("/my/beneficiaries?search=Born")
        self.assertIn("/my/beneficiaries/page/2?search=Born", names.text)

    def test_search_with_a_bad_page_names_the_field(self):
        self.authenticate("vo_contact", "vo_contact")
        response = self._search("75.01.01", page="-3")
        self.assertEqual(response.status_code, 400)
        self.assertRegex(response.text, r'o_vo_search_error">Page [^<]*1')

    def test_step2_changes_days_and_removes_a_beneficiary(self):
        order = self._order()
        bob_line = order.line_ids.filtered(lambda line: line.beneficiary_id == self.bob)
        alice_line = order.line_ids - bob_line
        other = self._order(beneficiaries=self.otto, contract=self.other_contract)
        self.authenticate("vo_contact", "vo_contact")
        csrf = self._csrf(f"/my/voucher-orders/{order.id}/review")
        self.url_open(
            f"/my/voucher-orders/{order.id}/review",
            data={
                "csrf_token": csrf,
                "update": "1",
                f"value_{alice_line.id}": "10",
                f"remove_{bob_line.id}": "1",
                f"remove_{other.line_ids.id}": "1",
            },
        )
        self.assertEqual(order.line_ids, alice_line)
        self.assertEqual(alice_line.amount, 80.0)
        self.assertTrue(other.line_ids, "another order's line is never touched")

    def test_double_click_on_confirm_confirms_once(self):
        order = self._order()
        order.warnings_acknowledged = True
        self.authenticate("vo_contact", "vo_contact")
        csrf = self._csrf(f"/my/voucher-orders/{order.id}/totals")
        for __ in range(2):
            response = self.url_open(
                f"/my/voucher-orders/{order.id}/confirm", data={"csrf_token": csrf}
            )
            self.assertEqual(response.status_code, 200)
        self.assertEqual(order.state, "awaiting_payment")
        self.assertEqual(len(order.invoice_ids), 2)
        self.assertEqual(len(order.card_ids), 2)

    def test_excel_order_upload_refuses_another_employers_number(self):
        self.authenticate("vo_contact", "vo_contact")
        data = xlsx.build_order_template(
            "meal", None, [xlsx.OrderTemplateRow(national_number=self.otto.national_number, days=5)]
        )
        csrf = self._csrf("/my/voucher-orders/upload")
        load_date = self.env["vo.order"]._earliest_load_date() + timedelta(days=1)
        response = self.url_open(
            "/my/voucher-orders/upload",
            data={
                "csrf_token": csrf,
                "contract_id": str(self.contract.id),
                "load_date": str(load_date),
            },
            files={"upload": ("o.xlsx", io.BytesIO(data), "application/octet-stream")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("is not one of your beneficiaries", response.text)
        self.assertNotIn(self.otto.national_number, response.text)
        self.assertFalse(self.env["vo.order"].search([("partner_id", "=", self.employer.id)]))

    def test_client_tour_excel_then_manual_order(self):
        self.start_tour("/my/beneficiaries", "voucher_orders_client_tour", login="vo_contact")
        tina = self.Beneficiary.search([("first_name", "=", "Tina"), ("last_name", "=", "Tour")])
        self.assertEqual(tina.partner_id, self.employer)
        order = self.env["vo.order"].search([("reference", "=", "Tour order")])
        self.assertEqual(order.state, "awaiting_payment")
        self.assertEqual(len(order.line_ids), 5)
        self.assertEqual(len(order.invoice_ids), 2)
