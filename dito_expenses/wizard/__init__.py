# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import dito_expense_refuse_wizard, dito_expense_register_wizard
