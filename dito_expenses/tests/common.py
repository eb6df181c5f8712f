# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import TransactionCase, new_test_user

# A 1x1 transparent PNG: what the signature widget sends, in small.
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
    "60e6kgAAAABJRU5ErkJggg=="
)


def ensure_chart_of_accounts(env):
    """A chart of accounts for ``env``'s company (what the demo data gives; a test
    database without it gets Odoo's generic one), so that bills can be posted."""
    company = env.company
    Account = env["account.account"]
    if not Account.search_count(Account._check_company_domain(company), limit=1):
        env["account.chart.template"].try_loading(
            "generic_coa", company=company, install_demo=False
        )


def mark_demo_bills_announced(env):
    """The bills of the demo data are not the test's to announce."""
    env["account.move"].search([("dito_batch_id", "!=", False)]).write(
        {"dito_billed_notified": True, "dito_paid_notified": True}
    )


class DitoExpensesCase:
    """Volunteers, a budget holder, staff and budgets, without demo data."""

    @classmethod
    def _setup_dito(cls):
        env = cls.env
        company = env.company
        company.write({"dito_cutoff_day": 5, "dito_reopen_day": 7, "dito_reminder_days": 3})
        cls.volunteer = cls._volunteer_user("dito_vol1", "Vera Volunteer")
        cls.volunteer2 = cls._volunteer_user("dito_vol2", "Wout Volunteer")
        cls.holder = new_test_user(
            env,
            login="dito_holder",
            name="Hanne Holder",
            email="holder@example.com",
            groups="base.group_portal,dito_expenses.group_budget_holder",
        )
        cls.holder2 = new_test_user(
            env,
            login="dito_holder2",
            name="Hugo Holder",
            email="holder2@example.com",
            groups="base.group_portal,dito_expenses.group_budget_holder",
        )
        cls.service = new_test_user(
            env,
            login="dito_service",
            name="Sara Service",
            email="service@example.com",
            groups="base.group_user,dito_expenses.group_volunteer_service",
        )
        cls.manager = new_test_user(
            env,
            login="dito_manager",
            name="Mats Manager",
            email="manager@example.com",
            groups="base.group_user,dito_expenses.group_expense_manager",
        )
        plan = env["account.analytic.plan"].create({"name": "Volunteer budgets (test)"})
        cls.analytic_care, cls.analytic_sport = env["account.analytic.account"].create(
            [
                {"name": "Care visits", "plan_id": plan.id},
                {"name": "Sports club", "plan_id": plan.id},
            ]
        )
        cls.budget = env["dito.budget"].create(
            {
                "name": "Care visits",
                "analytic_account_id": cls.analytic_care.id,
                "holder_id": cls.holder.id,
            }
        )
        cls.budget2 = env["dito.budget"].create(
            {
                "name": "Sports club",
                "analytic_account_id": cls.analytic_sport.id,
                "holder_id": cls.holder2.id,
            }
        )

    @classmethod
    def _keep_entry_open(cls):
        """Entry is closed on the 6th: keep it open whatever day the suite runs."""
        from odoo import fields

        if fields.Date.today().day == 6:
            cls.env.company.write({"dito_cutoff_day": 10, "dito_reopen_day": 12})

    @classmethod
    def _volunteer_user(cls, login, name):
        user = new_test_user(
            cls.env,
            login=login,
            name=name,
            email=f"{login}@example.com",
            groups="base.group_portal,dito_expenses.group_volunteer",
        )
        user.partner_id.dito_is_volunteer = True
        return user

    @classmethod
    def _note(cls, user=None, lines=(), **values):
        """A draft note of ``user``'s volunteer with ``lines`` (dicts)."""
        user = user or cls.volunteer
        return (
            cls.env["dito.expense.note"]
            .sudo()
            .create(
                {
                    "partner_id": user.partner_id.id,
                    "budget_id": cls.budget.id,
                    "regime": "flat",
                    **values,
                    "line_ids": [(0, 0, line) for line in lines],
                }
            )
        )

    @staticmethod
    def _activity(day, amount=10.0, **values):
        return {
            "kind": "activity",
            "name": "Visit",
            "date_from": day,
            "unit_amount": amount,
            **values,
        }

    @staticmethod
    def _trip(day, km=12.0, mode="car", **values):
        return {
            "kind": "trip",
            "date_from": day,
            "origin": "Home",
            "destination": "Rest home",
            "km": km,
            "mode": mode,
            **values,
        }

    def _signed(self, note):
        note._do_submit()
        note._do_sign(note.partner_id.name, SIGNATURE, "127.0.0.1")
        return note

    def _approved(self, note):
        self._signed(note)
        note.with_user(note.budget_id.holder_id).action_approve()
        return note

    def _messages(self, note, template_xmlid):
        """The mails of ``template_xmlid`` queued for ``note`` (never on its thread)."""
        subject_start = self.env.ref(template_xmlid).subject.split("{{")[0].strip()
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", note._name),
                    ("res_id", "=", note.id),
                    ("message_type", "=", "user_notification"),
                ]
            )
            .filtered(lambda m: (m.subject or "").startswith(subject_start))
        )


class DitoExpensesCommon(DitoExpensesCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dito()
