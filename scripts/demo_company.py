# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Make the demo database's company a Belgian one (run inside ``odoo shell``).

Used by ``make run`` (scripts/run.sh) and the Docker image's first start, in two
phases, because the chart of accounts is chosen from the company's country when
the accounting modules are installed:

- ``DEMO_PHASE=identity`` (after ``base``, before the addons): name, Brussels
  address, VAT and company numbers, EUR, Europe/Brussels, a logo;
- ``DEMO_PHASE=chart`` (after ``l10n_be``, before the addons): the Belgian chart of
  accounts in place of the generic one that Odoo's accounting demo data loads;
- ``DEMO_PHASE=bank`` (after the addons and ``l10n_be``): the company's bank
  account (IBAN/BIC) on the bank journal, so that SEPA files and the Belgian
  structured communication work out of the box.

Demo figures only: the VAT number and IBAN are well-formed examples, not a real
company's.
"""

import base64
import io
import os

from PIL import Image, ImageDraw

# ``env`` is given by ``odoo shell``.
env = globals()["env"]

PHASE = os.environ.get("DEMO_PHASE", "identity")
COMPANY = {
    "name": "Belgian Benefits Demo vzw",
    "street": "Kunstlaan 21",
    "zip": "1000",
    "city": "Brussel",
    "phone": "+32 2 123 45 67",
    "email": "info@benefits-demo.example",
    "website": "https://benefits-demo.example",
    "vat": "BE0477472701",
    "company_registry": "0477.472.701",
}
IBAN = "BE71 0961 2345 6769"
BIC = "GKCCBEBB"


def _logo():
    """A simple square logo (the demo has no brand of its own)."""
    image = Image.new("RGB", (256, 256), (0, 82, 147))
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, 232, 232), outline=(253, 218, 36), width=12)
    draw.text((78, 104), "BB demo", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


def identity():
    company = env.ref("base.main_company")
    eur = env.ref("base.EUR")
    eur.active = True
    company.write(
        {
            **COMPANY,
            "country_id": env.ref("base.be").id,
            "currency_id": eur.id,
            "logo": _logo(),
        }
    )
    company.partner_id.write({"lang": "nl_BE", "tz": "Europe/Brussels"})
    env.ref("base.user_admin").write({"tz": "Europe/Brussels"})
    env.ref("base.partner_admin").write({"tz": "Europe/Brussels"})
    print(f"demo company: {company.name}, {company.country_id.code}, {company.currency_id.name}")


def chart():
    """The Belgian chart in place of the generic one that Odoo's accounting demo loads."""
    company = env.ref("base.main_company")
    template = env["account.chart.template"]._guess_chart_template(company.country_id)
    if company.chart_template != template:
        env["account.chart.template"].try_loading(template, company, install_demo=True)
    print(f"demo chart: {company.chart_template}")


def bank():
    company = env.ref("base.main_company")
    bank_partner = env["res.bank"].search([("bic", "=", BIC)], limit=1) or env["res.bank"].create(
        {"name": "Belfius Bank", "bic": BIC, "country": env.ref("base.be").id}
    )
    account = env["res.partner.bank"].search(
        [("acc_number", "=", IBAN), ("partner_id", "=", company.partner_id.id)], limit=1
    ) or env["res.partner.bank"].create(
        {"acc_number": IBAN, "partner_id": company.partner_id.id, "bank_id": bank_partner.id}
    )
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    if journal:
        journal.bank_account_id = account
    sales = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)])
    # Belgian structured communication (+++xxx/xxxx/xxxxx+++) on customer invoices.
    sales.write({"invoice_reference_model": "be"})
    print(f"demo bank: {account.acc_number} on {journal.display_name or 'no bank journal'}")
    print(f"demo chart: {company.chart_template}, currency {company.currency_id.name}")
    if not (company.chart_template or "").startswith("be_") or company.currency_id.name != "EUR":
        raise SystemExit("the demo company did not get the Belgian chart of accounts in EUR")


if PHASE == "identity":
    identity()
elif PHASE == "chart":
    chart()
else:
    bank()
env.cr.commit()
