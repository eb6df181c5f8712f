# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import VoucherOrdersCommon, make_bis, make_niss


@tagged("post_install", "-at_install")
class TestVoBeneficiaries(VoucherOrdersCommon):
    def test_number_stored_compact_masked_and_birth_date_derived(self):
        beneficiary = self.Beneficiary.create(
            {
                "partner_id": self.employer.id,
                "last_name": "Dubois",
                "first_name": "Claire",
                "national_number": "85.07.30-035.26",
            }
        )
        self.assertEqual(beneficiary.national_number, "85073003526")
        self.assertEqual(beneficiary.national_number_masked, "85.07.30-***-**")
        self.assertEqual(beneficiary.number_kind, "niss")
        self.assertEqual(beneficiary.birth_date, date(1985, 7, 30))

    def test_bad_check_digit_is_refused_with_a_clear_message(self):
        with self.assertRaisesRegex(ValidationError, "check digits"):
            self.Beneficiary.create(
                {
                    "partner_id": self.employer.id,
                    "last_name": "X",
                    "first_name": "Y",
                    "national_number": "85073003329",
                }
            )

    def test_unique_per_employer_but_not_across_employers(self):
        self.Beneficiary.create(
            {
                "partner_id": self.other_employer.id,
                "last_name": "Peeters",
                "first_name": "Alice",
                "national_number": self.alice.national_number,
            }
        )
        with self.assertRaisesRegex(ValidationError, "already registered"):
            self.Beneficiary.create(
                {
                    "partner_id": self.employer.id,
                    "last_name": "Peeters",
                    "first_name": "Alice",
                    "national_number": self.alice.national_number,
                }
            )

    def test_niss_replaces_bis_on_the_same_record_with_history(self):
        birth = date(1992, 4, 5)
        beneficiary = self.Beneficiary.create(
            {
                "partner_id": self.employer.id,
                "last_name": "Nowak",
                "first_name": "Jan",
                "national_number": make_bis(birth, 17),
            }
        )
        self.assertEqual(beneficiary.number_kind, "bis")
        niss = make_niss(birth, 17)
        beneficiary.with_context(tracking_disable=False).national_number = niss
        self.assertEqual(beneficiary.national_number, niss)
        self.assertEqual(beneficiary.number_kind, "niss")
        self.assertEqual(self.Beneficiary.search_count([("last_name", "=", "Nowak")]), 1)
        bodies = " ".join(beneficiary.message_ids.mapped("body"))
        self.assertIn("National number replaced", bodies)
        self.assertNotIn(niss, bodies, "the full number never goes to the chatter")

    def test_temporary_number(self):
        beneficiary = self.Beneficiary.create(
            {
                "partner_id": self.employer.id,
                "last_name": "Temp",
                "first_name": "Tom",
                "national_number": "tmp-2026-001",
                "is_temporary_number": True,
                "birth_date": date(2000, 1, 1),
            }
        )
        self.assertEqual(beneficiary.national_number, "TMP2026001")
        self.assertEqual(beneficiary.number_kind, "temporary")

    def test_report_card_lost(self):
        card = self.env["vo.card"].create({"beneficiary_id": self.alice.id, "status": "ordered"})
        card.action_ship()
        self.assertEqual(card.status, "active")
        self.assertEqual(card.expiry_date.year, card.issue_date.year + 5)
        card.action_report("lost")
        self.assertEqual(card.status, "lost")
        self.assertEqual(self.alice.card_status, "lost")

    def test_cron_expires_cards_after_five_years(self):
        with freeze_time("2021-03-01 10:00:00"):
            card = self.env["vo.card"].create({"beneficiary_id": self.bob.id})
            card.action_ship()
        self.assertEqual(str(card.expiry_date), "2026-03-01")
        with freeze_time("2026-02-28 10:00:00"):
            self._run_cron("voucher_orders.ir_cron_expire_cards")
            self.assertEqual(card.status, "active")
        with freeze_time("2026-03-01 10:00:00"):
            self._run_cron("voucher_orders.ir_cron_expire_cards")
            self.assertEqual(card.status, "expired")
