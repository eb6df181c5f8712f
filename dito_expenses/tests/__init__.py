# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import (
    test_expense_batch,
    test_expense_batch_concurrency,
    test_expense_batch_notices,
    test_expense_caps_duplicates,
    test_expense_harness,
    test_expense_portal,
    test_expense_rates,
    test_expense_security,
    test_expense_tours,
    test_expense_workflow,
)
