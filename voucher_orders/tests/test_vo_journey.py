# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The employer's journey in a real browser, in the employer's language.

Issue 10: "for each journey, one Odoo browser tour (HttpCase, real Chromium) that
goes through it as that role, from login to the result, with the demo-like data
it needs created in the test [...] employer (beneficiary, 3-step order, Excel
order, invoice page) [...] Plus a check that every menu of every back-office
role opens without an access error [...] and one that every portal page fits
390 px (no horizontal scroll) in nl, fr and de."
"""

import json
import re
from datetime import date, timedelta
from decimal import Decimal

from odoo import fields
from odoo.addons.benefits_base.tests.security_harness import MenuAccessCase
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from ..tools import xlsx
from .common import make_niss

MODULES = ["base", "web", "mail", "portal", "account", "benefits_base", "voucher_orders"]


class JourneyData:
    """An employer with a meal voucher contract and one contact, in ``lang``."""

    @classmethod
    def _use_lang(cls, lang):
        """Install ``lang`` with our terms, and offer it on the website when there is one."""
        record = cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(MODULES, [lang])
        if "website" in cls.env:
            for website in cls.env["website"].search([]):
                website.language_ids |= record

    @classmethod
    def _journey_data(cls, lang, login="vo_journey"):
        env = cls.env
        cls._use_lang(lang)
        cls.employer = env["res.partner"].create(
            {
                "name": "Brouwerij Tour",
                "is_company": True,
                "email": "tour@example.com",
                "lang": lang,
            }
        )
        cls.contract = env["vo.contract"].create(
            {
                "name": "TOUR-MEAL",
                "partner_id": cls.employer.id,
                "product_id": env.ref("voucher_orders.product_meal_electronic").id,
                "date_start": date(2025, 1, 1),
                "meal_employee_share": 1.09,
                "per_voucher_fee": 0.10,
                "service_fee_fixed": 15.0,
                "card_price": 5.0,
            }
        )
        cls.contact = new_test_user(
            env,
            login=login,
            name="Lotte Peeters",
            groups="base.group_portal",
            email=f"{login}@example.com",
            lang=lang,
        )
        cls.contact.partner_id.parent_id = cls.employer

    @classmethod
    def _tour_files(cls, lang):
        """The two Excel files of the tour, in the contact's language, as public attachments."""
        texts = cls.env["vo.beneficiary"].with_context(lang=lang)._xlsx_texts()[0]
        people = [
            ("Tour", "Tina", make_niss(date(1980, 5, 12), 41)),
            ("Tour", "Theo", make_niss(date(1991, 11, 3), 52)),
            ("Tour", "Tess", make_niss(date(2001, 2, 3), 63)),
        ]
        beneficiaries = xlsx.build_beneficiary_template(
            texts,
            (),
            [
                xlsx.BeneficiaryRow(national_number=number, last_name=last, first_name=first)
                for last, first, number in people
            ],
        )
        order = xlsx.build_order_template(
            "meal",
            texts,
            [
                xlsx.OrderTemplateRow(
                    national_number=number,
                    last_name=last,
                    first_name=first,
                    face_value=Decimal("8.00"),
                    days=18,
                )
                for last, first, number in people[:2]
            ],
        )
        for name, data in (("beneficiaries", beneficiaries), ("order", order)):
            attachment = cls.env["ir.attachment"].create(
                {"name": f"{name}.xlsx", "raw": data, "public": True}
            )
            cls.env["ir.model.data"].create(
                {
                    "module": "voucher_orders",
                    "name": f"tour_journey_{name}",
                    "model": "ir.attachment",
                    "res_id": attachment.id,
                }
            )


@tagged("post_install", "-at_install")
class TestVoEmployerJourneyNl(JourneyData, HttpCase):
    lang = "nl_BE"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._journey_data(cls.lang)
        cls._tour_files(cls.lang)

    def test_employer_journey(self):
        """Login, a beneficiary by hand and three by Excel, a 3-step order, its invoice, an
        Excel order: what an employer does, in its own language."""
        self.start_tour("/web/login", "voucher_orders_employer_journey", timeout=240)
        Order = self.env["vo.order"]
        beneficiaries = self.env["vo.beneficiary"].search([("partner_id", "=", self.employer.id)])
        self.assertEqual(
            sorted(beneficiaries.mapped("first_name")), ["Pieter", "Tess", "Theo", "Tina"]
        )
        manual = Order.search([("reference", "=", "PO-2026-001")])
        self.assertEqual(manual.state, "awaiting_payment")
        self.assertEqual(len(manual.line_ids), 4)
        self.assertEqual(manual.line_ids.mapped("face_value"), [8.0] * 4)
        self.assertEqual(len(manual.invoice_ids), 2, "a product and a card invoice")
        # the client sees invoices, not "Proforma Invoice": the job makes their PDF right
        # after the confirmation (no job runs during the tour)
        self.assertFalse(manual.invoice_ids.invoice_pdf_report_id)
        self.env.ref("benefits_peppol.ir_cron_generate_documents").method_direct_trigger()
        self.env.invalidate_all()
        self.assertTrue(all(manual.invoice_ids.mapped("invoice_pdf_report_id")))
        self.assertFalse(
            manual.invoice_ids.invoice_user_id.share, "the issuer's staff, not the client"
        )
        excel = Order.search([("reference", "=", "PO-2026-002")])
        self.assertEqual(excel.state, "awaiting_payment")
        self.assertEqual(sorted(excel.line_ids.mapped("days")), [18, 18])
        # the order's e-mails went out in the employer's language
        self.assertEqual(manual.partner_id.lang, self.lang)


@tagged("post_install", "-at_install")
class TestVoEmployerJourneyFr(TestVoEmployerJourneyNl):
    lang = "fr_BE"

    def test_employer_journey(self):
        """The same journey in French (Odoo runs only the tests a class defines itself)."""
        return super().test_employer_journey()


@tagged("post_install", "-at_install")
class TestVoPortalFits390(JourneyData, HttpCase):
    """Every portal page of the employer fits a 390 px wide phone (no horizontal scroll)."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._journey_data("en_US", login="vo_phone")
        Beneficiary = cls.env["vo.beneficiary"]
        cls.beneficiaries = Beneficiary.create(
            [
                {
                    "partner_id": cls.employer.id,
                    "last_name": "Vandenbroucke-Lambrechts",
                    "first_name": "Marie-Christine Alexandra",
                    "national_number": make_niss(date(1975, 6, 6), 81 + index),
                    "meal_face_value": 8.0,
                }
                for index in range(3)
            ]
        )
        Order = cls.env["vo.order"]
        cls.draft = Order._create_for_beneficiaries(
            cls.contract,
            cls.beneficiaries,
            "Bestelling december — afdeling logistiek",
            fields.Date.today() + timedelta(days=10),
            face_value=8.0,
            days=20,
        )
        cls.confirmed = Order._create_for_beneficiaries(
            cls.contract,
            cls.beneficiaries,
            "Commande de novembre",
            fields.Date.today() + timedelta(days=10),
            face_value=8.0,
            days=20,
        )
        cls.confirmed.warnings_acknowledged = True
        cls.confirmed._do_confirm()
        cls.quote = cls.env["vo.quote"].create(
            {
                "partner_id": cls.employer.id,
                "contract_id": cls.contract.id,
                "beneficiary_count": 25,
                "vouchers_per_beneficiary": 20,
                "face_value": 8.0,
            }
        )

    def _pages(self):
        invoice = self.confirmed.invoice_ids[:1]
        return [
            "/my",
            "/my/beneficiaries",
            "/my/beneficiaries/new",
            f"/my/beneficiaries/{self.beneficiaries[0].id}",
            "/my/voucher-orders",
            "/my/voucher-orders/new",
            "/my/voucher-orders/upload",
            f"/my/voucher-orders/{self.draft.id}/review",
            f"/my/voucher-orders/{self.draft.id}/totals",
            self.confirmed.get_portal_url(),
            "/my/voucher-quotes",
            invoice.get_portal_url(),
        ]

    def test_every_page_fits_390px_in_nl_fr_de(self):
        pages = self._pages()
        for lang in ("nl_BE", "fr_BE", "de_DE"):
            with self.subTest(lang=lang):
                self._use_lang(lang)
                self.contact.lang = lang
                code = """
                    (async () => {
                        const pages = %s;
                        const wide = [];
                        for (const url of pages) {
                            const frame = document.createElement("iframe");
                            frame.style.width = "390px";
                            frame.style.height = "844px";
                            frame.style.border = "0";
                            const loaded = new Promise((resolve) => (frame.onload = resolve));
                            frame.src = url;
                            document.body.appendChild(frame);
                            await loaded;
                            await new Promise((resolve) => setTimeout(resolve, 300));
                            const root = frame.contentDocument.documentElement;
                            if (!frame.contentDocument.querySelector("main, #wrap")) {
                                wide.push(url + " did not render a page");
                            } else if (root.scrollWidth > root.clientWidth) {
                                wide.push(url + " is " + root.scrollWidth + " px wide");
                            }
                            frame.remove();
                        }
                        if (wide.length) {
                            console.error("Pages wider than 390 px (%s): " + wide.join(", "));
                        } else {
                            console.log("test successful");
                        }
                    })();
                """ % (json.dumps(pages), lang)
                self.browser_js("/my", code, login="vo_phone", timeout=180)


@tagged("post_install", "-at_install")
class TestVoPortalSpeaksTheLanguage(JourneyData, HttpCase):
    """No English sentence on the employer's pages once its language is Dutch, French or German."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._journey_data("en_US", login="vo_words")
        cls.beneficiary = cls.env["vo.beneficiary"].create(
            {
                "partner_id": cls.employer.id,
                "last_name": "Claes",
                "first_name": "Jan",
                "national_number": make_niss(date(1982, 8, 8), 71),
                "meal_face_value": 8.0,
            }
        )
        cls.order = cls.env["vo.order"]._create_for_beneficiaries(
            cls.contract,
            cls.beneficiary,
            "",
            fields.Date.today() + timedelta(days=10),
            face_value=8.0,
            days=20,
        )

    def _sentences(self, html):
        """The visible sentences of a page: texts of three words or more, outside scripts."""
        html = re.sub(r"(?s)<(script|style|template)\b.*?</\1>", " ", html)
        html = re.sub(r"(?s)<!--.*?-->", " ", html)
        texts = re.split(r"<[^>]+>", html)
        return {
            " ".join(text.split())
            for text in texts
            if len(text.split()) >= 3 and not text.strip().startswith(("{", "["))
        }

    def test_no_english_sentence_on_the_pages(self):
        pages = [
            "/my",
            "/my/beneficiaries",
            "/my/beneficiaries/new",
            f"/my/beneficiaries/{self.beneficiary.id}",
            "/my/voucher-orders",
            "/my/voucher-orders/new",
            "/my/voucher-orders/upload",
            f"/my/voucher-orders/{self.order.id}/review",
            f"/my/voucher-orders/{self.order.id}/totals",
        ]
        self.authenticate("vo_words", "vo_words")
        english = {page: self._sentences(self.url_open(page).text) for page in pages}
        for lang in ("nl_BE", "fr_BE", "de_DE"):
            self._use_lang(lang)
            self.contact.lang = lang
            self.authenticate("vo_words", "vo_words")  # the session takes the user's language
            for page in pages:
                with self.subTest(lang=lang, page=page):
                    response = self.url_open(page)
                    self.assertEqual(response.status_code, 200)
                    left = english[page] & self._sentences(response.text)
                    # names and numbers of the test data are the same in every language
                    left = {text for text in left if re.search(r"[a-z]{3,} [a-z]{3,}", text)}
                    self.assertFalse(left, f"English left on {page} in {lang}")


@tagged("post_install", "-at_install")
class TestVoMenus(MenuAccessCase):
    """Every menu of Voucher Orders opens for the issuer's staff roles that see it."""

    menu_modules = ("voucher_orders",)

    @classmethod
    def _menu_roles(cls):
        return {
            "voucher user": new_test_user(
                cls.env, login="vo_menu_user", groups="voucher_orders.group_voucher_user"
            ),
            "voucher manager": new_test_user(
                cls.env, login="vo_menu_manager", groups="voucher_orders.group_voucher_manager"
            ),
        }


@tagged("post_install", "-at_install")
class TestVoExcelInAnyLanguage(JourneyData, TransactionCase):
    """A template downloaded in Dutch is read back from a French session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._journey_data("nl_BE", login="vo_excel")
        cls._use_lang("fr_BE")

    def test_dutch_template_read_in_french(self):
        Beneficiary = self.env["vo.beneficiary"].with_context(lang="nl_BE")
        dutch = Beneficiary._xlsx_texts()[0]
        data = xlsx.build_beneficiary_template(
            dutch,
            (),
            [
                xlsx.BeneficiaryRow(
                    national_number=make_niss(date(1980, 5, 12), 41),
                    last_name="Tour",
                    first_name="Tina",
                )
            ],
        )
        self.assertNotEqual(
            dutch["sheet_beneficiaries"],
            Beneficiary.with_context(lang="fr_BE")._xlsx_texts()[0]["sheet_beneficiaries"],
        )
        result = Beneficiary.with_context(lang="fr_BE")._upload_dry_run(self.employer, data)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(len(result.rows), 1)
