# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo employers' cards and orders, built through the business methods.

Demo data only: ``demo/voucher_orders_demo.xml`` creates the employers, contracts
and beneficiaries, then calls ``vo.order._demo_create_orders`` which runs
:func:`create_demo_orders` (orders must go through confirmation, invoicing and
payment matching, which XML records cannot express).
"""

from datetime import timedelta
from decimal import Decimal

from odoo import fields
from odoo.addons.benefits_peppol.tools import structured_reference

from ..tools import camt

#: the demo bank account, as ``scripts/demo_company.py`` writes it (a well-formed example IBAN)
DEMO_IBAN = "BE71 0961 2345 6769"


def money(value):
    return Decimal(str(value)).quantize(Decimal("0.01"))


def create_demo_orders(env):
    """Cards in every situation and orders in every state, for the demo employers.

    Called once from ``voucher_orders_demo.xml`` (a module update finds the orders
    and does nothing).
    """
    ref = env.ref
    Order = env["vo.order"]
    if Order.search_count([("partner_id", "=", ref("voucher_orders.partner_acme_demo").id)]):
        return True  # already built (module update)
    today = fields.Date.context_today(Order)
    Card = env["vo.card"]
    years_ago = [
        ("ben_active_card_demo", 1, "active"),
        ("ben_expired_card_demo", 6, "expired"),
        ("ben_lost_card_demo", 2, "lost"),
        ("ben_bis_demo", 1, "active"),
        ("ben_globex_1_demo", 1, "active"),
    ]
    for xmlid, years, status in years_ago:
        issued = today.replace(year=today.year - years)
        Card.create(
            {
                "beneficiary_id": ref(f"voucher_orders.{xmlid}").id,
                "number": f"6299{ref(f'voucher_orders.{xmlid}').id:012d}",
                "issue_date": issued,
                "expiry_date": issued.replace(year=issued.year + 5),
                "status": status,
            }
        )
    acme = [
        ref(f"voucher_orders.{x}")
        for x in (
            "ben_active_card_demo",
            "ben_expired_card_demo",
            "ben_lost_card_demo",
            "ben_no_card_demo",
            "ben_bis_demo",
        )
    ]
    acme = env["vo.beneficiary"].browse([b.id for b in acme])
    meal = ref("voucher_orders.contract_acme_meal_demo")
    bank = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1
    )

    def order(contract, beneficiaries, reference, load_date, **line_vals):
        values = {"face_value": 8.0, "days": 20} if contract.product_type == "meal" else {}
        return Order._create_for_beneficiaries(
            contract,
            beneficiaries,
            reference,
            load_date,
            face_value=line_vals.get("face_value", values.get("face_value", 0.0)),
            days=line_vals.get("days", values.get("days", 0)),
            amount=line_vals.get("amount", 0.0),
        )

    def pay(invoice, communication=None):
        if not bank:
            return
        env["account.bank.statement.line"].create(
            {
                "journal_id": bank.id,
                "payment_ref": communication or invoice.payment_reference,
                "amount": invoice.amount_residual,
                "date": today,
            }
        )._vo_match_payments()

    loaded = order(meal, acme[:2], "Meal vouchers last month", today - timedelta(days=30))
    loaded.warnings_acknowledged = True
    loaded._do_confirm()
    pay(loaded.product_invoice_id)
    if loaded.paid_on:
        loaded.loading_scheduled_date = loaded.load_date
        loaded._load_vouchers()
    paid = order(meal, acme[:2], "Meal vouchers this month", today + timedelta(days=5))
    paid._do_confirm()
    pay(paid.product_invoice_id)
    awaiting = order(meal, acme, "Meal vouchers next month", today + timedelta(days=20))
    awaiting.action_refresh_checks()
    awaiting.warnings_acknowledged = True
    awaiting._do_confirm()
    if awaiting.product_invoice_id:
        # a payment without the structured communication: staff match it by hand
        pay(awaiting.product_invoice_id, communication="ACME vouchers")
    cancelled = order(meal, acme[:1], "Duplicate order", today + timedelta(days=20))
    cancelled._do_confirm()
    cancelled.action_cancel()
    order(
        ref("voucher_orders.contract_acme_eco_demo"),
        acme,
        "Eco vouchers",
        today + timedelta(days=30),
        amount=125.0,
    ).action_refresh_checks()
    # Globex: an overdue invoice blocks its next order
    globex = env["vo.beneficiary"].browse(
        [ref("voucher_orders.ben_globex_1_demo").id, ref("voucher_orders.ben_globex_2_demo").id]
    )
    globex_meal = ref("voucher_orders.contract_globex_meal_demo")
    old = order(globex_meal, globex, "January", today - timedelta(days=60))
    old._do_confirm()
    old.invoice_ids.write({"invoice_date_due": today - timedelta(days=30)})
    blocked = order(globex_meal, globex, "March", today + timedelta(days=10))
    blocked._do_confirm()
    bank_orders = [
        order(meal, acme[:1], f"Bank statement {n + 1}", today + timedelta(days=2 + 31 * n))
        for n in range(3)
    ]
    _demo_camt053(env, bank, bank_orders)
    return True


def _demo_camt053(env, bank, orders):
    """The demo bank statement (camt.053) to import: attached to the bank journal.

    Its lines pay the first two orders by their structured communication, one has a
    wrong communication and one pays the third order a cent short: importing it
    (*Accounting → Import Statement*) pays and loads the first two, and leaves the
    other two "to match by hand" with an activity.
    """
    if not bank:
        return
    for demo_order in orders:
        demo_order.warnings_acknowledged = True
        demo_order._do_confirm()
    invoices = [demo_order.product_invoice_id for demo_order in orders]
    if not all(invoices):
        return
    _demo_camt053_file(env, bank, invoices)


def _demo_camt053_file(env, bank, invoices):
    """Write the camt.053 file paying ``invoices`` (first, second, a cent short) to ``bank``.

    The file is for the demo company's IBAN, which becomes the bank journal's account
    (Odoo's accounting demo gives the journal a demo account number of its own, and
    OCA's import finds the journal by the file's IBAN).
    """
    sources = dict(bank._fields["bank_statements_source"]._description_selection(env))
    if "file_import_oca" in sources:
        # the "Import (OCA)" button on the bank journal's dashboard card
        bank.bank_statements_source = "file_import_oca"
    partner = bank.company_id.partner_id
    Account = env["res.partner.bank"]
    iban = DEMO_IBAN.replace(" ", "")
    bank.bank_account_id = Account.search(
        [("partner_id", "=", partner.id), ("sanitized_acc_number", "=", iban)], limit=1
    ) or Account.create({"acc_number": DEMO_IBAN, "partner_id": partner.id})
    first, second, short = invoices
    cents = Decimal("0.01")
    payments = [
        camt.Payment(money(first.amount_residual), first.payment_reference, "Acme Eupen"),
        camt.Payment(money(second.amount_residual), second.payment_reference, "Acme Eupen"),
        camt.Payment(money(short.amount_residual), structured_reference.build(999999), "Acme"),
        camt.Payment(money(short.amount_residual) - cents, short.payment_reference, "Acme"),
    ]
    today = fields.Date.context_today(bank)
    content = camt.build_camt053(
        f"DEMO-{today:%Y%m%d}",
        bank.bank_account_id.acc_number,
        str(today),
        payments,
        currency=(bank.currency_id or bank.company_id.currency_id).name,
    )
    env["ir.attachment"].search(
        [("name", "=", "demo-camt053.xml"), ("res_model", "=", "account.journal")]
    ).unlink()
    env["ir.attachment"].create(
        {
            "name": "demo-camt053.xml",
            "raw": content,
            "mimetype": "application/xml",
            "res_model": "account.journal",
            "res_id": bank.id,
        }
    )
