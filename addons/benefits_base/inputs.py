"""The Odoo side of the input layer: translated messages and user errors.

``tools.inputs`` raises :class:`~odoo.addons.benefits_base.tools.inputs.InputError`
with an English template; these helpers translate it in the user's language
(the template belongs to this module's translations, the field label is passed
already translated by the caller).
"""

from odoo.exceptions import UserError
from odoo.tools.translate import get_translation

from .tools.inputs import InputError

MODULE = "benefits_base"


def input_error_message(env, error):
    """The message of ``error`` in the language of ``env``."""
    lang = env.lang or "en_US"
    return get_translation(MODULE, lang, error.template, error.params or ())


def raise_user_error(env, error):
    """Raise ``error`` as a :class:`~odoo.exceptions.UserError` in the user's language."""
    raise UserError(input_error_message(env, error)) from error


__all__ = ["InputError", "input_error_message", "raise_user_error"]
