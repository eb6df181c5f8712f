# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A camt.053 (ISO 20022 bank-to-customer statement) of incoming payments.

Used to build the demo statement that pays the demo invoices: the communications
of the demo invoices are only known once they exist (their base is the invoice id),
so the file is written from them. A structured communication goes where Belgian
banks put it (``RmtInf/Strd/CdtrRefInf`` with type ``SCOR``, issuer ``BBA``), any
other text as unstructured remittance information (``RmtInf/Ustrd``).
"""

from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from xml.sax.saxutils import escape

# the shared structured communication (benefits_peppol), under the package name of this
# addon ("odoo.addons" in Odoo, none in the Odoo-free test suite)
_ROOT = __package__.rpartition(".")[0].rpartition(".")[0]
structured_reference = import_module(
    f"{_ROOT}.benefits_peppol.tools.structured_reference".lstrip(".")
)

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


@dataclass(frozen=True)
class Payment:
    """An incoming payment: amount, communication and the payer's name."""

    amount: Decimal
    communication: str
    payer: str


def _amount(value):
    value = Decimal(value)
    if value <= 0:
        raise ValueError("a payment is a positive amount")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError("a payment is in cents")
    return f"{value:.2f}"


def _remittance(communication):
    if structured_reference.is_valid(communication):
        digits = "".join(ch for ch in communication if ch.isdigit())
        return (
            "<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry>"
            "<Issr>BBA</Issr></Tp>"
            f"<Ref>{digits}</Ref></CdtrRefInf></Strd></RmtInf>"
        )
    return f"<RmtInf><Ustrd>{escape(communication)}</Ustrd></RmtInf>"


def build_camt053(statement_id, iban, day, payments, opening=Decimal("0"), currency="EUR"):
    """The camt.053 document (bytes) of ``payments`` credited on ``iban`` on ``day``."""
    if not payments:
        raise ValueError("a statement needs at least one payment")
    total = sum((Decimal(_amount(p.amount)) for p in payments), Decimal("0"))
    closing = Decimal(opening) + total
    entries = []
    for index, payment in enumerate(payments, start=1):
        amount = _amount(payment.amount)
        entries.append(
            f'<Ntry><Amt Ccy="{currency}">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
            f"<Sts>BOOK</Sts><BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>"
            f"<AcctSvcrRef>{escape(statement_id)}-{index}</AcctSvcrRef>"
            "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd>"
            "</Fmly></Domn></BkTxCd>"
            f"<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
            f'<AmtDtls><TxAmt><Amt Ccy="{currency}">{amount}</Amt></TxAmt></AmtDtls>'
            f"<RltdPties><Dbtr><Nm>{escape(payment.payer)}</Nm></Dbtr></RltdPties>"
            f"{_remittance(payment.communication)}</TxDtls></NtryDtls></Ntry>"
        )

    def balance(code, value):
        return (
            f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
            f'<Amt Ccy="{currency}">{value:.2f}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
            f"<Dt><Dt>{day}</Dt></Dt></Bal>"
        )

    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="{NAMESPACE}"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>{escape(statement_id)}</MsgId><CreDtTm>{day}T18:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>{escape(statement_id)}</Id><CreDtTm>{day}T18:00:00</CreDtTm>"
        f"<Acct><Id><IBAN>{escape(iban.replace(' ', ''))}</IBAN></Id><Ccy>{currency}</Ccy></Acct>"
        f"{balance('OPBD', Decimal(opening))}{balance('CLBD', closing)}"
        f"{''.join(entries)}</Stmt></BkToCstmrStmt></Document>\n"
    )
    return document.encode("utf-8")
