from datetime import date, timedelta

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from odoo.addons.chikaya_complaints.tests.common import QUIET, ChikayaCase

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestSlaWarning(ChikayaCase):
    """The warnings list: open complaints past 30 / past 60 days, per collectivity, handler
    and level, oldest first, within the reader's record rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **QUIET))
        cls.Warning = cls.env["chikaya.complaint.report.warning"]

    def aged(self, days, **overrides):
        return self.make_complaint(received_date=TODAY - timedelta(days=days), **overrides)

    def rows(self, user=None):
        warnings = self.Warning.with_user(user) if user else self.Warning
        return warnings.search([])

    def complaints_of(self, row, user=None):
        action = row.action_open_complaints()
        Complaint = self.env["chikaya.complaint"]
        if user:
            Complaint = Complaint.with_user(user)
        return Complaint.search(action["domain"])

    def test_edges(self):
        """30 days old: on time; 31 and 60: past 30; 61: past 60."""
        c30 = self.aged(30)
        c31 = self.aged(31, collectivity_id=self.commune_b.id)
        c60 = self.aged(60, collectivity_id=self.commune_b.id)
        c61 = self.aged(61, collectivity_id=self.commune_c.id)
        rows = self.rows(self.manager)
        self.assertEqual(
            sorted((r.collectivity_id.id, r.sla_level, r.complaint_count) for r in rows),
            sorted([(self.commune_b.id, "past_30", 2), (self.commune_c.id, "past_60", 1)]),
        )
        row_b = rows.filtered(lambda r: r.collectivity_id == self.commune_b)
        self.assertEqual(self.complaints_of(row_b, self.manager), c31 | c60)
        self.assertEqual(row_b.max_age_days, 60)
        self.assertEqual(row_b.oldest_received_date, TODAY - timedelta(days=60))
        row_c = rows.filtered(lambda r: r.collectivity_id == self.commune_c)
        self.assertEqual(self.complaints_of(row_c, self.manager), c61)
        self.assertNotIn(
            c30, self.env["chikaya.complaint"].search(row_b.action_open_complaints()["domain"])
        )
        # The next day, the 30-day-old one is past 30 days and the 60-day-old one past 60.
        with freeze_time(TODAY + timedelta(days=1)):
            self.env.invalidate_all()
            rows = self.rows(self.manager)
            by_level = {(r.collectivity_id, r.sla_level): r.complaint_count for r in rows}
            self.assertEqual(
                by_level,
                {
                    (self.commune_a, "past_30"): 1,
                    (self.commune_b, "past_30"): 1,
                    (self.commune_b, "past_60"): 1,
                    (self.commune_c, "past_60"): 1,
                },
            )

    def test_done_complaints_are_not_warned(self):
        old = self.aged(90)
        self.aged(45, state="answered", answered_date=f"{TODAY} 10:00:00", response="Done.")
        self.aged(80).action_reject(self.reason)
        rows = self.rows(self.manager)
        self.assertEqual(len(rows), 1)
        self.assertEqual(self.complaints_of(rows, self.manager), old)

    def test_grouped_by_collectivity_and_handler_oldest_first(self):
        a_handled = self.aged(40, handler_id=self.handler_a.id) | self.aged(
            50, handler_id=self.handler_a.id
        )
        a_unassigned = self.aged(35)
        a_late = self.aged(100, handler_id=self.handler_a.id)
        b_handled = self.aged(70, collectivity_id=self.commune_b.id, handler_id=self.handler_b.id)
        rows = self.rows(self.manager)
        self.assertEqual(
            [(r.collectivity_id, r.handler_id, r.sla_level, r.complaint_count) for r in rows],
            [
                (self.commune_a, self.handler_a, "past_60", 1),  # 100 days
                (self.commune_b, self.handler_b, "past_60", 1),  # 70 days
                (self.commune_a, self.handler_a, "past_30", 2),  # 50 and 40 days
                (self.commune_a, self.env["res.users"], "past_30", 1),  # 35 days
            ],
        )
        self.assertEqual([r.max_age_days for r in rows], [100, 70, 50, 35])
        expected = [a_late, b_handled, a_handled, a_unassigned]
        for row, complaints in zip(rows, expected, strict=True):
            self.assertEqual(self.complaints_of(row, self.manager), complaints)
            self.assertEqual(row.action_open_complaints()["view_mode"].split(",")[0], "kanban")

    def test_scope(self):
        """A handler sees their collectivities' warnings, a supervisor their subtree."""
        self.aged(40)  # commune A (province P1)
        self.aged(40, collectivity_id=self.arrondissement_a.id)  # A's arrondissement
        self.aged(40, collectivity_id=self.commune_b.id)  # commune B (province P1)
        self.aged(70, collectivity_id=self.commune_c.id)  # commune C (prefecture P2)

        def units(user):
            return set(self.rows(user).mapped("collectivity_id"))

        self.assertEqual(units(self.handler_a), {self.commune_a, self.arrondissement_a})
        self.assertEqual(units(self.handler_b), {self.commune_b})
        self.assertEqual(
            units(self.supervisor), {self.commune_a, self.arrondissement_a, self.commune_b}
        )
        self.assertEqual(
            units(self.manager),
            {self.commune_a, self.arrondissement_a, self.commune_b, self.commune_c},
        )
        # The counts follow the scope, too: the supervisor's total leaves commune C out.
        self.assertEqual(sum(self.rows(self.supervisor).mapped("complaint_count")), 3)
        # A portal user has no access at all.
        with self.assertRaises(AccessError):
            self.Warning.with_user(self.citizen).search([])

    def test_supervisor_app_entry_opens_the_warnings(self):
        menu = self.env.ref("chikaya_complaints.chikaya_menu_root")
        server_action = self.env.ref(
            "chikaya_dashboard.chikaya_complaint_report_warning_action_open_app"
        )
        self.assertEqual(menu.action, server_action)
        warnings_action = self.env.ref("chikaya_dashboard.chikaya_complaint_report_warning_action")
        kanban_action = self.env.ref("chikaya_complaints.chikaya_complaint_action")

        def opened(user):
            return server_action.with_user(user).run()["id"]

        # Nothing past 30 days yet: everybody lands on the complaints.
        self.aged(10)
        self.assertEqual(opened(self.supervisor), kanban_action.id)
        # A complaint past 30 days in the supervisor's subtree: they land on the warnings,
        # handlers and managers still on the kanban.
        self.aged(45, collectivity_id=self.commune_b.id)
        self.assertEqual(opened(self.supervisor), warnings_action.id)
        self.assertEqual(opened(self.handler_b), kanban_action.id)
        self.assertEqual(opened(self.manager), kanban_action.id)
