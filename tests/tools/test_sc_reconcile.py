# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reconciliation of the issuer's export (servicecheque_prestations.tools.reconcile)."""

import datetime

from benefits_base.tools.inputs import neutralise_cell

from servicecheque_prestations.tools import csvio, reconcile

D = datetime.date(2026, 3, 2)
HEADER = "Gebruikersnummer;Werknemer;Datum prestatie;Activiteit;Uren;Statuscode\n"


def _key(number, worker="W1", day=D, activity=1):
    return csvio.performance_key(number, worker, day, activity)


def test_parse_issuer_export_reads_status_codes_and_rejects_bad_rows():
    data = HEADER + (
        "123456789012;W1;02/03/2026;1;4;11\n"
        "123456789013;W1;02/03/2026;1;4;\n"
        "12345;W1;02/03/2026;1;4;15\n"
        "123456789014;W1;02/03/2026;1;12;15\n"
    )
    result = reconcile.parse_issuer_export(data.encode(), "issuer.csv")
    assert result.ok
    assert [(r.user_number, r.status_code) for r in result.accepted] == [
        ("123456789012", 11),
        ("123456789013", None),
    ]
    assert [r.row_number for r in result.rejected] == [4, 5]


def test_export_of_the_addon_reads_back_as_issuer_export():
    row = csvio.ExportRow("123456789012", "W1", "An", D, 1, 4, status_code=15, status="confirmed")
    result = reconcile.parse_issuer_export(
        csvio.export_bytes([row], neutralise=neutralise_cell), "export.csv"
    )
    assert result.accepted[0].status_code == 15
    assert result.accepted[0].key == _key("123456789012")


def test_reconcile_lists_every_kind_of_difference():
    issuer = reconcile.parse_issuer_export(
        (
            HEADER + "111111111111;W1;02/03/2026;1;4;11\n"  # same
            "222222222222;W1;02/03/2026;1;3;11\n"  # hours differ
            "333333333333;W1;02/03/2026;1;2;19\n"  # status differs
            "444444444444;W1;02/03/2026;1;2;11\n"  # only at the issuer
        ).encode(),
        "issuer.csv",
    ).accepted
    company = {
        _key("111111111111"): (4, 11),
        _key("222222222222"): (4, 11),
        _key("333333333333"): (2, 16),
        _key("555555555555"): (1, None),  # only at the company
    }
    differences = reconcile.reconcile(issuer, company)
    assert [(d.kind, d.key[0], d.company_value, d.issuer_value) for d in differences] == [
        ("hours", "222222222222", 4, 3),
        ("status_code", "333333333333", 16, 19),
        ("only_issuer", "444444444444", None, None),
        ("only_company", "555555555555", 1, None),
    ]


def test_reconcile_same_data_has_no_difference():
    issuer = reconcile.parse_issuer_export(
        (HEADER + "111111111111;W1;02/03/2026;1;4;11\n").encode(), "i.csv"
    ).accepted
    assert reconcile.reconcile(issuer, {_key("111111111111"): (4, 11)}) == []
