# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    test_api,
    test_crons,
    test_import_export,
    test_performance_states,
    test_portal,
    test_reimbursement,
    test_security,
    test_wallet,
)
