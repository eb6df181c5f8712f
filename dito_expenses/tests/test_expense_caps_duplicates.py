# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DitoExpensesCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 10:00:00")
class TestExpenseCapsDuplicates(DitoExpensesCommon):
    # ------------------------------------------------------------
    # caps, across all the volunteer's notes and channels
    # ------------------------------------------------------------

    def test_daily_cap_across_notes(self):
        self._signed(self._note(lines=[self._activity("2026-03-01", 40.0)]))
        second = self._note(lines=[self._activity("2026-03-01", 10.0, name="Other visit")])
        with self.assertRaises(ValidationError) as caught:
            second._do_submit()
        message = caught.exception.args[0]
        self.assertIn("Daily cap", message)
        self.assertIn("44.02", message)  # the cap of 2026
        self.assertIn("5.98", message)  # the excess
        self.assertIn("4.02", message)  # still available that day
        self.assertEqual(second.state, "draft")
        self.assertIn("40.00", second.cap_status)
        self.assertIn("1,760.83", second.cap_status)
        # another volunteer is not concerned
        self._note(self.volunteer2, lines=[self._activity("2026-03-01", 40.0)])._do_submit()

    def test_yearly_cap_with_paper_notes(self):
        # 40 days at 44 = 1,760 of 1,760.83 already claimed on paper
        paper = self._note(
            channel="paper",
            lines=[self._activity("2026-01-01", 44.0, date_to="2026-02-28", count=40)],
        )
        paper.with_user(self.service).action_register_paper()
        note = self._note(lines=[self._activity("2026-03-01", 10.0)])
        with self.assertRaisesRegex(ValidationError, "Yearly cap"):
            note._do_submit()
        # the higher-cap category has room left
        self.volunteer.partner_id.dito_higher_cap = True
        note._do_submit()
        self.assertEqual(note.state, "submitted")

    def test_km_limit_on_top_of_flat_rate_unless_logbook(self):
        self._signed(
            self._note(
                lines=[
                    self._activity("2026-01-05", 10.0),
                    self._trip("2026-01-05", km=1990.0, mode="bike"),
                ]
            )
        )
        note = self._note(lines=[self._trip("2026-03-01", km=20.0, mode="bike")])
        with self.assertRaisesRegex(ValidationError, "2000 km"):
            note._do_submit()
        self.volunteer.partner_id.dito_transport_logbook = True
        note._do_submit()

    def test_flat_rate_and_real_costs_not_in_same_year(self):
        self._signed(self._note(lines=[self._activity("2026-01-05", 10.0)]))
        real = self._note(
            regime="real",
            lines=[
                {
                    "kind": "real_cost",
                    "name": "Paint",
                    "date_from": "2026-03-01",
                    "unit_amount": 12.5,
                    "receipt": "aGVsbG8=",
                    "receipt_filename": "receipt.pdf",
                }
            ],
        )
        with self.assertRaisesRegex(ValidationError, "cannot be combined"):
            real._do_submit()

    def test_real_cost_needs_receipt_and_real_regime(self):
        line = {"kind": "real_cost", "name": "Paint", "date_from": "2026-03-01", "unit_amount": 5}
        flat = self._note(lines=[line])
        with self.assertRaisesRegex(UserError, "real-cost regime"):
            flat._do_submit()
        real = self._note(self.volunteer2, regime="real", lines=[line])
        with self.assertRaisesRegex(UserError, "receipt"):
            real._do_submit()

    # ------------------------------------------------------------
    # duplicates across channels
    # ------------------------------------------------------------

    def test_duplicate_across_channels_blocks_approval_until_cleared(self):
        paper = self._note(channel="paper", lines=[self._trip("2026-03-01", km=12.0)])
        paper.with_user(self.service).action_register_paper()
        portal = self._signed(
            self._note(lines=[self._trip("2026-03-01", km=12.0, origin=" home ")])
        )
        self.assertEqual(portal.duplicate_note_ids, paper)
        self.assertEqual(paper.duplicate_note_ids, portal)
        self.assertTrue(portal.is_duplicate_blocked and paper.is_duplicate_blocked)
        as_holder = portal.with_user(self.holder)
        self.assertFalse(as_holder.can_approve)
        self.assertIn(paper.name, as_holder.cannot_approve_reason)
        with self.assertRaises(UserError):
            as_holder.action_approve()
        # clearing needs a reason, and the volunteer service
        with self.assertRaises(UserError):
            portal.with_user(self.service).action_mark_not_duplicate()
        portal.with_user(self.service).duplicate_reason = "Two different trips that day"
        portal.with_user(self.service).action_mark_not_duplicate()
        portal.with_user(self.holder).action_approve()
        self.assertEqual(portal.state, "approved")

    def test_different_route_or_other_volunteer_is_no_duplicate(self):
        self._signed(self._note(lines=[self._trip("2026-03-01", km=12.0)]))
        other_route = self._signed(
            self._note(lines=[self._trip("2026-03-01", km=12.0, destination="Club")])
        )
        other_volunteer = self._signed(
            self._note(self.volunteer2, lines=[self._trip("2026-03-01", km=12.0)])
        )
        self.assertFalse(other_route.duplicate_note_ids)
        self.assertFalse(other_volunteer.duplicate_note_ids)

    def test_period_line_clashes_with_a_dated_line(self):
        self._signed(
            self._note(lines=[self._activity("2026-02-01", 15.0, date_to="2026-02-28", count=4)])
        )
        email = self._note(channel="email", lines=[self._activity("2026-02-10", 15.0)])
        email.with_user(self.service).action_register_paper()
        self.assertTrue(email.duplicate_note_ids)
