# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, models
from odoo.addons.auth_signup.models.res_users import SignupError
from odoo.tools import str2bool

from .res_partner import SKIP_UNCHANGED_KEY

OPEN_SIGNUP_PARAM = "portal_onboarding.open_signup"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _onboarding_open_signup(self):
        """Whether an administrator deliberately re-opened free sign-up (off by default)."""
        return str2bool(
            self.env["ir.config_parameter"].sudo().get_param(OPEN_SIGNUP_PARAM, "False"),
            default=False,
        )

    @api.model
    def _get_signup_invitation_scope(self):
        """Portal accounts come from invitations only: the access-request forms are
        the public way in, so that nobody skips the invitation waves."""
        if self._onboarding_open_signup():
            return super()._get_signup_invitation_scope()
        return "b2b"

    @api.model
    def _signup_create_user(self, values):
        """Refuse an uninvited sign-up even where another module (``website``'s
        per-website setting) would allow it."""
        if "partner_id" not in values and not self._onboarding_open_signup():
            raise SignupError(self.env._("Sign-up is by invitation only."))
        return super()._signup_create_user(values)

    def _inverse_notification_type(self):
        """Leave out the users whose groups would not change, during an invitation batch.

        ``mail`` links or unlinks the inbox group of every new user, in one ``write``
        of the whole batch (Odoo's group machinery, about a twentieth of a wave's
        work), although a new portal user never has that group and never gets it
        (only internal users may be notified in Odoo). Only the users whose groups
        this would change are written; like the partners' (see ``res.partner``), the
        context key removes only writes that change nothing.
        """
        if not self.env.context.get(SKIP_UNCHANGED_KEY):
            return super()._inverse_notification_type()
        inbox_group = self.env.ref("mail.group_mail_notification_type_inbox")
        changing = self.filtered(
            lambda user: (user.notification_type == "inbox") != (inbox_group in user.group_ids)
        )
        if changing:
            super(ResUsers, changing)._inverse_notification_type()

    @api.model
    def _update_last_login(self):
        """The first login after an invitation completes the onboarding."""
        res = super()._update_last_login()
        users = self or self.env.user
        self.env["portal.onboarding.member"]._mark_active(users.partner_id)
        return res
