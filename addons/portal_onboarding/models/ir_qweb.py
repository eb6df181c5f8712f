# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from lxml import etree

from odoo import api, models

BATCH_CACHE_KEY = "portal_onboarding_qweb_batch_cache"


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _compile(self, template):
        """Compile an inline template once per batch of mails.

        Odoo compiles a mail template's body again for every record it renders
        (the body is parsed into a new element each time, so its compiled code is
        never cached). When a batch rendering put a cache in the context, the
        compiled code of an element is kept for the next records of the batch,
        keyed by its source and the context keys that Odoo's own cache uses.
        """
        cache = self.env.context.get(BATCH_CACHE_KEY)
        if cache is None or not isinstance(template, etree._Element):
            return super()._compile(template)
        key = (
            etree.tostring(template),
            tuple(self.env.context.get(k) or False for k in self._get_template_cache_keys()),
        )
        if key not in cache:
            cache[key] = super()._compile(template)
        return cache[key]


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    @api.model
    def _render_template_qweb(self, template_src, model, res_ids, add_context=None, options=None):
        """Render a batch of records with the template compiled once (see ``ir.qweb``)."""
        if len(res_ids or ()) < 2 or BATCH_CACHE_KEY in self.env.context:
            return super()._render_template_qweb(
                template_src, model, res_ids, add_context=add_context, options=options
            )
        return super(
            MailRenderMixin, self.with_context(**{BATCH_CACHE_KEY: {}})
        )._render_template_qweb(
            template_src, model, res_ids, add_context=add_context, options=options
        )
