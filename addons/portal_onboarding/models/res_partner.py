# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models

# Context key set by the invitation batches around ``res.users.create``.
SKIP_UNCHANGED_KEY = "portal_onboarding_skip_unchanged"
# Fields of a partner that creating its user writes back, one partner at a time:
# the e-mail (the login) and the default properties through the ``_inherits``
# link, then ``active`` and ``company_id`` in ``res.users.create``.
SKIPPABLE_FIELDS = frozenset({"active", "email", "properties", "company_id"})


class ResPartner(models.Model):
    _inherit = "res.partner"

    onboarding_member_ids = fields.One2many(
        "portal.onboarding.member", "partner_id", string="Portal Onboarding"
    )

    def write(self, vals):
        """Skip the partners that a write would not change, during an invitation batch.

        ``res.users.create`` writes each new user's partner on its own (its e-mail,
        its default properties, ``active`` and ``company_id``), although these
        values are almost always the partner's own already: two to three queries
        and a full ``write`` per person. The ORM itself discards an unchanged value
        field by field (``Field.write``); here the same test, on the values the
        batch loaded beforehand, drops the whole call when nothing changes. A
        partner with a different value (an archived partner, an e-mail written
        differently) is written as before. Only for the fields above, and a
        company change is left alone when the partner has contacts (Odoo moves
        them along).
        """
        if not self.env.context.get(SKIP_UNCHANGED_KEY) or not vals or not self:
            return super().write(vals)
        if not SKIPPABLE_FIELDS.issuperset(vals):
            return super().write(vals)
        changed = self.browse()
        for fname, value in vals.items():
            field = self._fields[fname]
            changed |= field._filter_not_equal(self, field.convert_to_cache(value, self))
        if "company_id" in vals:
            changed |= (self - changed).filtered("child_ids")
        if not changed:
            return True
        return super(ResPartner, changed).write(vals)
