# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import date, datetime

from odoo.tests import TransactionCase, new_test_user


class ServiceVoucherCommon(TransactionCase):
    """A company with two branches, two workers, two households and their numbers.

    Nothing here relies on demo data; the regions and their rules are the addon's
    (noupdate) configuration data.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.flanders = cls.env.ref("servicecheque_prestations.sc_region_flanders")
        cls.wallonia = cls.env.ref("servicecheque_prestations.sc_region_wallonia")
        cls.branch_a, cls.branch_b = cls.env["sc.branch"].create(
            [{"name": "Hasselt (test)"}, {"name": "Namur (test)"}]
        )
        cls.staff = new_test_user(
            cls.env,
            login="sc_staff",
            groups="servicecheque_prestations.group_branch_staff",
            sc_branch_ids=[(6, 0, cls.branch_a.ids)],
        )
        cls.manager = new_test_user(
            cls.env, login="sc_manager", groups="servicecheque_prestations.group_access_manager"
        )
        cls.worker_user = new_test_user(
            cls.env,
            login="sc_worker",
            groups="servicecheque_prestations.group_sc_worker",
            name="Worker Portal",
        )
        cls.household, cls.other_household = cls.env["res.partner"].create(
            [
                {"name": "Household Peeters", "zip": "3500", "email": "peeters@example.com"},
                {"name": "Ménage Dupont", "zip": "5000", "email": "dupont@example.com"},
            ]
        )
        cls.client_user = new_test_user(
            cls.env,
            login="sc_client",
            groups="servicecheque_prestations.group_sc_user",
            partner_id=cls.household.id,
        )
        cls.other_client_user = new_test_user(
            cls.env,
            login="sc_other_client",
            groups="servicecheque_prestations.group_sc_user",
            partner_id=cls.other_household.id,
        )
        cls.number, cls.number_2, cls.other_number = cls.env["sc.user.number"].create(
            [
                {"name": "1234 5678 9012", "partner_id": cls.household.id},
                {"name": "123456789013", "partner_id": cls.household.id},
                {"name": "999988887777", "partner_id": cls.other_household.id},
            ]
        )
        cls.worker, cls.worker_b = cls.env["hr.employee"].create(
            [
                {
                    "name": "An Janssens",
                    "sc_worker_code": "TW01",
                    "sc_branch_id": cls.branch_a.id,
                    "sc_portal_user_id": cls.worker_user.id,
                    "sc_client_ids": [(6, 0, [cls.number.id])],
                },
                {"name": "Bea Lambert", "sc_worker_code": "TW02", "sc_branch_id": cls.branch_b.id},
            ]
        )

    @classmethod
    def _perf(cls, number=None, worker=None, day=date(2026, 3, 2), hours=4, **values):
        return cls.env["sc.performance"].create(
            {
                "user_number_id": (number or cls.number).id,
                "employee_id": (worker or cls.worker).id,
                "date": day,
                "hours": hours,
                "activity": "1",
                "encoded_on": datetime(day.year, day.month, day.day, 17, 0),
                **values,
            }
        )

    @classmethod
    def _lot(cls, number=None, quantity=10, bought_on=date(2026, 1, 5), **values):
        return cls.env["sc.voucher.lot"].create(
            {
                "user_number_id": (number or cls.number).id,
                "quantity": quantity,
                "bought_on": bought_on,
                **values,
            }
        )
