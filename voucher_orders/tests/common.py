# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, timedelta

from odoo import fields
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


def make_niss(birth, counter):
    """A valid NISS for ``birth`` with the 3-digit ``counter``."""
    base = f"{birth:%y%m%d}{counter:03d}"
    value = int(("2" if birth.year >= 2000 else "") + base)
    return f"{base}{97 - value % 97:02d}"


def make_bis(birth, counter):
    """A valid BIS number (month + 40: gender known) for ``birth``."""
    base = f"{birth:%y}{birth.month + 40:02d}{birth:%d}{counter:03d}"
    value = int(("2" if birth.year >= 2000 else "") + base)
    return f"{base}{97 - value % 97:02d}"


class VoucherOrdersCommon(TransactionCase):
    """Two employers with contracts, a contact each, beneficiaries, the issuer's staff."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # the demo orders' invoices wait for the documents job too: not in these tests
        cls.env["account.move"].search([("benefits_peppol_documents_due", "=", True)]).write(
            {"benefits_peppol_documents_due": False}
        )
        cls.staff = new_test_user(
            cls.env, login="vo_staff", groups="voucher_orders.group_voucher_manager"
        )
        cls.employer = cls.env["res.partner"].create(
            {"name": "Acme Eupen", "is_company": True, "email": "acme@example.com"}
        )
        cls.other_employer = cls.env["res.partner"].create(
            {"name": "Globex Liège", "is_company": True, "email": "globex@example.com"}
        )
        cls.contact = new_test_user(
            cls.env, login="vo_contact", groups="base.group_portal", email="anna@example.com"
        )
        cls.contact.partner_id.parent_id = cls.employer
        cls.other_contact = new_test_user(
            cls.env, login="vo_other", groups="base.group_portal", email="otto@example.com"
        )
        cls.other_contact.partner_id.parent_id = cls.other_employer
        cls.meal = cls.env.ref("voucher_orders.product_meal_electronic")
        cls.eco = cls.env.ref("voucher_orders.product_eco_electronic")
        fees = {
            "per_voucher_fee": 0.10,
            "service_fee_fixed": 15.0,
            "loading_cost_per_beneficiary": 0.50,
            "card_price": 5.0,
        }
        cls.contract = cls.env["vo.contract"].create(
            {
                "name": "ACME-MEAL",
                "partner_id": cls.employer.id,
                "product_id": cls.meal.id,
                "date_start": date(2025, 1, 1),
                "meal_employee_share": 1.09,
                **fees,
            }
        )
        cls.eco_contract = cls.env["vo.contract"].create(
            {
                "name": "ACME-ECO",
                "partner_id": cls.employer.id,
                "product_id": cls.eco.id,
                "date_start": date(2025, 1, 1),
                **fees,
            }
        )
        cls.other_contract = cls.env["vo.contract"].create(
            {
                "name": "GLOBEX-MEAL",
                "partner_id": cls.other_employer.id,
                "product_id": cls.meal.id,
                "date_start": date(2025, 1, 1),
                "meal_employee_share": 1.09,
                **fees,
            }
        )
        cls.Beneficiary = cls.env["vo.beneficiary"]
        cls.alice = cls.Beneficiary.create(
            {
                "partner_id": cls.employer.id,
                "last_name": "Peeters",
                "first_name": "Alice",
                "national_number": make_niss(date(1985, 7, 30), 33),
                "meal_face_value": 8.0,
            }
        )
        cls.bob = cls.Beneficiary.create(
            {
                "partner_id": cls.employer.id,
                "last_name": "Janssens",
                "first_name": "Bob",
                "national_number": make_niss(date(1990, 1, 15), 101),
                "meal_face_value": 8.0,
            }
        )
        cls.otto = cls.Beneficiary.create(
            {
                "partner_id": cls.other_employer.id,
                "last_name": "Otto",
                "first_name": "Other",
                "national_number": make_niss(date(1970, 3, 3), 55),
            }
        )
        cls.bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.env.company.id)], limit=1
        )

    @classmethod
    def _belgian_b2b(cls):
        """The company and the employer with a Belgian VAT number and address: each
        invoice gets its Peppol e-invoice next to its PDF."""
        belgium = cls.env.ref("base.be")
        cls.env.company.write(
            {
                "country_id": belgium.id,
                "vat": "BE0477472701",
                "company_registry": "0477472701",
                "street": "Kunstlaan 21",
                "zip": "1000",
                "city": "Brussel",
            }
        )
        cls.employer.write(
            {
                "country_id": belgium.id,
                "vat": "BE0403170701",
                "company_registry": "0403170701",
                "street": "Gospertstraße 1",
                "zip": "4700",
                "city": "Eupen",
            }
        )

    @classmethod
    def _order(cls, beneficiaries=None, contract=None, load_date=None, **line_vals):
        load_date = load_date or fields.Date.today() + timedelta(days=7)
        contract = contract or cls.contract
        beneficiaries = beneficiaries if beneficiaries is not None else cls.alice | cls.bob
        if contract.product_type == "meal":
            line_vals = {"face_value": 8.0, "days": 20, **line_vals}
        else:
            line_vals = {"amount_requested": 100.0, **line_vals}
        return cls.env["vo.order"].create(
            {
                "partner_id": contract.partner_id.id,
                "contract_id": contract.id,
                "reference": "March",
                "load_date": load_date,
                "line_ids": [(0, 0, {"beneficiary_id": b.id, **line_vals}) for b in beneficiaries],
            }
        )

    def _render_documents(self):
        """The job that makes the invoices' PDF and e-invoice right after posting."""
        self._run_cron("benefits_peppol.ir_cron_generate_documents")

    def _run_cron(self, xmlid):
        """Run a cron as the scheduler does, its commits staying inside the test."""
        with self.enter_registry_test_mode():
            self.env.ref(xmlid).method_direct_trigger()
        self.env.invalidate_all()

    def _pay_by_statement(self, invoice, communication=None, amount=None):
        """A bank statement line carrying ``communication`` (default: the invoice's)."""
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "payment_ref": communication
                if communication is not None
                else f"Order {invoice.payment_reference}",
                "amount": amount if amount is not None else invoice.amount_residual,
                "date": invoice.invoice_date,
            }
        )
        self.env["account.bank.statement.line"]._cron_vo_match_payments()
        return line
