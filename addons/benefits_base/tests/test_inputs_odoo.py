# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.addons.benefits_base.inputs import input_error_message, raise_user_error
from odoo.addons.benefits_base.tools import inputs
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInputMessages(TransactionCase):
    def _error(self, raw="nan"):
        try:
            inputs.parse_decimal(raw, "Kilometres", minimum=0, maximum=2000)
        except inputs.InputError as error:
            return error
        self.fail("no error")

    def test_message_names_the_field(self):
        self.assertEqual(
            input_error_message(self.env, self._error()), "Kilometres must be a number."
        )

    def test_message_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("nl_BE")
        self.env["ir.module.module"]._load_module_terms(["benefits_base"], ["nl_BE"])
        env_nl = self.env(context=dict(self.env.context, lang="nl_BE"))
        message = input_error_message(env_nl, self._error())
        self.assertEqual(message, "Kilometres moet een getal zijn.")

    def test_user_error(self):
        with self.assertRaises(UserError):
            raise_user_error(self.env, self._error("1e400"))
