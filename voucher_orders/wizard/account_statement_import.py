# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging

from odoo import models
from odoo.exceptions import AccessError, UserError, ValidationError

_logger = logging.getLogger(__name__)


class AccountStatementImport(models.TransientModel):
    """OCA's statement file import: voucher payments are matched right after it.

    The accountant who imports the bank's file sees at once how many payments
    paid a voucher invoice and how many are left to match by hand (each with an
    activity). The hourly matching job stays the safety net: when matching fails
    here, the import is kept and the job matches the lines later.
    """

    _inherit = "account.statement.import"

    def _import_file(self):
        result = super()._import_file()
        lines = (
            self.env["account.bank.statement"]
            .browse(result["statement_ids"])
            .line_ids.filtered(lambda line: line.amount > 0 and not line.vo_match_state)
        )
        if not lines:
            return result
        try:
            with self.env.cr.savepoint():
                matched = lines._vo_match_payments()
        except (AccessError, UserError, ValidationError) as error:
            _logger.warning("Voucher payments left to the matching job: %s", error)
            return result
        manual = lines.filtered(lambda line: line.vo_match_state == "unmatched")
        if matched or manual:
            result["notifications"].append(
                self.env._(
                    "Voucher invoices: %(matched)s payment(s) matched by their structured "
                    "communication, %(manual)s to match by hand (an activity each).",
                    matched=len(matched),
                    manual=len(manual),
                )
            )
        return result
