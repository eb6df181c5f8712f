# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every selection that mirrors a rule of ``tools/`` has exactly the keys of its enum.

The statuses are defined by :class:`tools.states.Status` and the transition
table, the activity types by ``tools.codes.ACTIVITY_TYPES``: a new status code
or activity type is added there, and the fields, domains and views follow.
"""

from odoo.tests import TransactionCase, tagged

from ..tools import codes, states


@tagged("post_install", "-at_install")
class TestSelectionsFollowTheTools(TransactionCase):
    def _keys(self, model, field):
        return [key for key, __ in self.env[model]._fields[field]._description_selection(self.env)]

    def test_status_keys_are_the_status_enum(self):
        self.assertEqual(
            self._keys("sc.performance", "status"), [status.value for status in states.Status]
        )

    def test_activity_keys_are_the_issuer_activity_types(self):
        self.assertEqual(
            self._keys("sc.performance", "activity"), [str(code) for code in codes.ACTIVITY_TYPES]
        )

    def test_status_groups_follow_the_transition_table(self):
        """The "takes vouchers" and "to validate" filters are the statuses from which
        the transition table allows allocating and validating."""
        Performance = self.env["sc.performance"]
        allocate = states.TRANSITIONS[states.Event.ALLOCATE]
        validate = states.TRANSITIONS[states.Event.COMPANY_VALIDATE]
        for status in states.Status:
            performance = Performance.new({"status": status.value})
            self.assertEqual(performance.allocatable, status in allocate, status)
            self.assertEqual(performance.to_validate, status in validate, status)
            self.assertEqual(performance.partially_paid, status in states.PARTIAL, status)
        self.assertEqual(
            Performance._search_allocatable("=", True),
            [("status", "in", [s.value for s in states.Status if s in allocate])],
        )
