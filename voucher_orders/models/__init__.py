# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import (
    account_bank_statement_line,
    account_move,
    account_tax,
    product_template,
    res_partner,
    vo_beneficiary,
    vo_card,
    vo_contract,
    vo_cost_centre,
    vo_issuer_terms,
    vo_order,
    vo_order_line,
    vo_quote,
    vo_voucher_load,
    vo_voucher_rule,
)
