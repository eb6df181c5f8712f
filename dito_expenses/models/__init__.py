# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import (
    account_move,
    account_payment_order,
    dito_allowance_rate,
    dito_budget,
    dito_expense_batch,
    dito_expense_note,
    dito_expense_note_line,
    dito_km_rate,
    dito_volunteer_regime,
    ir_http,
    res_company,
    res_config_settings,
    res_partner,
)
