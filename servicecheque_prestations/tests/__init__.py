# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    test_access_checks,
    test_api,
    test_concurrency,
    test_corrections,
    test_crons,
    test_dated_config,
    test_enums,
    test_import_bulk,
    test_import_export,
    test_journeys,
    test_performance_states,
    test_portal,
    test_portal_inputs,
    test_region_rules,
    test_reimbursement,
    test_reimbursement_ubl,
    test_security,
    test_security_harness,
    test_wallet,
    test_wallet_rules,
)
