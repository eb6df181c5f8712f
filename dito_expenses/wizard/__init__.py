# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import dito_expense_refuse_wizard, dito_expense_register_wizard
