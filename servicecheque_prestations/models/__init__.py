# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import (
    account_move,
    account_tax,
    hr_employee,
    res_company,
    res_partner,
    res_users,
    sc_api_key,
    sc_branch,
    sc_import,
    sc_performance,
    sc_region,
    sc_reimbursement,
    sc_user_number,
    sc_voucher_allocation,
    sc_voucher_lot,
    sc_voucher_request,
)
