# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The volunteer's mail templates (noupdate) call the token link of the volunteer.

``get_portal_url`` now gives the sign token to the volunteer only (checked against
the visitor of the request), so the mails rendered while a holder acts (approved,
refused) would lose the volunteer's link: point the existing templates at
``_dito_volunteer_url``, as the data file does for new databases.
"""

from odoo.tools import SQL

TEMPLATES = (
    "mail_template_sign_request",
    "mail_template_approved",
    "mail_template_refused",
    "mail_template_sign_reminder",
)


def migrate(cr, version):
    cr.execute(
        SQL(
            """
            UPDATE mail_template t
               SET body_html = replace(
                       t.body_html::text,
                       'object.get_portal_url()',
                       'object._dito_volunteer_url()'
                   )::jsonb
              FROM ir_model_data d
             WHERE d.model = 'mail.template'
               AND d.res_id = t.id
               AND d.module = 'dito_expenses'
               AND d.name IN %s
            """,
            TEMPLATES,
        )
    )
