# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)


class BenefitsDatedTest(models.Model):
    """A dated figure per transport mode and country, only for the mixin's tests.

    Only administrators (``base.group_system``) can read or change it; the addon
    is installed by the test run, never in production.
    """

    _name = "benefits.dated.test"
    _inherit = ["benefits.dated.mixin"]
    _description = "Dated Test Figure"
    _order = "mode, country_id, date_from desc"

    _dated_group_fields = ("mode", "country_id")
    _dated_figure_label = _lt("test rate")
    _dated_manager_hint = _lt("An administrator can add it in Settings > Technical.")

    mode = fields.Selection([("car", "Car"), ("bike", "Bike")], required=True)
    country_id = fields.Many2one("res.country")
    rate = fields.Float(digits=(12, 4))
    active = fields.Boolean(default=True)
