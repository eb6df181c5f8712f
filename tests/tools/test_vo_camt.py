# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo camt.053: "A demo camt.053 file whose lines pay two demo invoices by
structured communication, one with a wrong communication and one underpayment"."""

from decimal import Decimal
from xml.etree import ElementTree

import pytest
from benefits_peppol.tools import structured_reference as sr
from hypothesis import given
from hypothesis import strategies as st

from voucher_orders.tools import camt

NS = {"c": camt.NAMESPACE}


def _parse(document):
    return ElementTree.fromstring(document)


def test_structured_communication_goes_to_the_creditor_reference():
    reference = sr.build(4242)
    doc = _parse(
        camt.build_camt053(
            "ST-1",
            "BE71 0961 2345 6769",
            "2026-03-02",
            [camt.Payment(Decimal("100.10"), reference, "Acme"), camt.Payment(1, "hello", "X")],
        )
    )
    entries = doc.findall(".//c:Ntry", NS)
    assert len(entries) == 2
    strd = entries[0].find(".//c:RmtInf/c:Strd/c:CdtrRefInf", NS)
    assert strd.findtext("c:Ref", namespaces=NS) == "".join(filter(str.isdigit, reference))
    assert strd.findtext("c:Tp/c:Issr", namespaces=NS) == "BBA"
    assert entries[1].findtext(".//c:RmtInf/c:Ustrd", namespaces=NS) == "hello"
    assert doc.findtext(".//c:Acct/c:Id/c:IBAN", namespaces=NS) == "BE71096123456769"


def test_amounts_to_the_cent_and_closing_balance():
    doc = _parse(
        camt.build_camt053(
            "ST-2",
            "BE71096123456769",
            "2026-12-31",
            [camt.Payment(Decimal("0.01"), "x", "A"), camt.Payment(Decimal("10.01"), "y", "B")],
            opening=Decimal("5"),
        )
    )
    amounts = [a.text for a in doc.findall(".//c:Ntry/c:Amt", NS)]
    assert amounts == ["0.01", "10.01"]
    balances = {
        b.findtext("c:Tp/c:CdOrPrtry/c:Cd", namespaces=NS): b.findtext("c:Amt", namespaces=NS)
        for b in doc.findall(".//c:Bal", NS)
    }
    assert balances == {"OPBD": "5.00", "CLBD": "15.02"}


@pytest.mark.parametrize("amount", [0, -1, Decimal("-0.01"), Decimal("10.005")])
def test_no_zero_negative_or_sub_cent_payment(amount):
    with pytest.raises(ValueError):
        camt.build_camt053("S", "BE71096123456769", "2026-01-01", [camt.Payment(amount, "x", "A")])


def test_no_empty_statement():
    with pytest.raises(ValueError):
        camt.build_camt053("S", "BE71096123456769", "2026-01-01", [])


@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_any_text_stays_well_formed(communication, payer):
    cleaned = "".join(ch for ch in communication + payer if ch.isprintable())
    payment = camt.Payment(Decimal("1"), cleaned or "x", cleaned or "y")
    doc = _parse(camt.build_camt053("S&1", "BE71096123456769", "2026-01-01", [payment]))
    assert doc.findtext(".//c:Ntry/c:Amt", namespaces=NS) == "1.00"
