# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # the portal pages' scripts (the line form's preview) speak the visitor's language
        mods = super()._get_translation_frontend_modules_name()
        return [*mods, "dito_expenses"]
