# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import (
    test_vo_beneficiaries,
    test_vo_camt,
    test_vo_concurrency,
    test_vo_contracts,
    test_vo_dated,
    test_vo_documents,
    test_vo_hardening,
    test_vo_harness,
    test_vo_issuer_journey,
    test_vo_journey,
    test_vo_legal_limits,
    test_vo_order_upload,
    test_vo_orders,
    test_vo_payments,
    test_vo_portal,
    test_vo_security,
    test_vo_ubl,
)
