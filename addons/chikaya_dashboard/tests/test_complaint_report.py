from odoo.tests import tagged

from .common import TODAY, BoardCase, at


@tagged("post_install", "-at_install")
class TestComplaintReport(BoardCase):
    """The report rows against the complaints' own values (project/tests/test_project_report)."""

    def report_rows(self, user):
        with at(TODAY):
            Report = self.env["chikaya.complaint.report"].with_user(user)
            return {r.complaint_id: r for r in Report.search([])}

    def test_one_row_per_complaint_with_its_values(self):
        rows = self.report_rows(self.manager)
        complaints = self.visible(self.manager)
        self.assertEqual(set(rows), set(complaints))
        with at(TODAY):
            for complaint in complaints:
                row = rows[complaint]
                with self.subTest(complaint=complaint.subject, received=complaint.received_date):
                    self.assertEqual(row.received_date, complaint.received_date)
                    self.assertEqual(row.received_year, complaint.received_date.year)
                    self.assertEqual(row.received_month, complaint.received_date.replace(day=1))
                    self.assertEqual(row.channel, complaint.channel)
                    self.assertEqual(
                        row.channel_bucket,
                        "portal" if complaint.channel in ("portal", "mobile") else "paper",
                    )
                    self.assertEqual(row.state, complaint.state)
                    self.assertEqual(row.collectivity_id, complaint.collectivity_id)
                    self.assertEqual(row.province_id, complaint.province_id)
                    self.assertEqual(row.region_id, complaint.region_id)
                    self.assertEqual(row.theme_id, complaint.theme_id)
                    self.assertEqual(
                        row.parent_theme_id,
                        complaint.theme_id.parent_id or complaint.theme_id,
                    )
                    # The age and SLA level are the core's, computed for the same today.
                    self.assertEqual(row.age_days, complaint.age_days)
                    self.assertEqual(row.sla_level, complaint.sla_level)
                    is_open = complaint.state in ("new", "in_progress", "info_requested")
                    self.assertEqual(row.open_count, int(is_open))
                    self.assertEqual(
                        row.past30_count, int(is_open and complaint.sla_level == "past_30")
                    )
                    self.assertEqual(
                        row.past60_count, int(is_open and complaint.sla_level == "past_60")
                    )
                    if complaint.state in ("answered", "closed"):
                        self.assertEqual(row.processing_days, complaint.processing_days)
                    else:
                        self.assertFalse(row.processing_days)

    def test_pivot_numbers(self):
        """A pivot by year and column, as the "by channel and year" action shows it."""
        with at(TODAY):
            Report = self.env["chikaya.complaint.report"].with_user(self.manager)
            groups = Report._read_group(
                [], ["received_year", "channel_bucket"], ["nbr:sum", "past60_count:sum"]
            )
        result = {(year, bucket): (n, p60) for year, bucket, n, p60 in groups}
        self.assertEqual(result[2026, "portal"], (13, 3))
        self.assertEqual(result[2026, "paper"], (3, 0))
        self.assertEqual(result[2025, "portal"], (2, 1))
        self.assertEqual(result[2024, "portal"], (1, 1))
        with at(TODAY):
            [(mean,)] = Report._read_group(
                [("received_year", "=", 2026)], [], ["processing_days:avg"]
            )
        self.assertAlmostEqual(mean, 19.0)

    def test_handler_pivot_only_their_collectivities(self):
        rows = self.report_rows(self.handler_a)
        self.assertTrue(rows)
        self.assertEqual(
            {r.collectivity_id for r in rows.values()},
            {self.commune_a, self.arrondissement_a},
        )
        self.assertEqual(set(rows), set(self.visible(self.handler_a)))
        with at(TODAY):
            groups = (
                self.env["chikaya.complaint.report"]
                .with_user(self.handler_b)
                ._read_group([], ["collectivity_id"], ["nbr:sum"])
            )
        self.assertEqual([(unit, n) for unit, n in groups], [(self.commune_b, 2)])

    def test_supervisor_pivot_covers_province(self):
        rows = self.report_rows(self.supervisor)
        self.assertEqual({r.province_id for r in rows.values()}, {self.province})
        self.assertEqual(
            set(rows),
            set(self.env["chikaya.complaint"].search([("province_id", "=", self.province.id)])),
        )

    def test_report_actions_load(self):
        """The four ready-made analyses open on the report model, with their group-bys."""
        for xmlid in ("theme", "province", "channel", "month"):
            action = self.env.ref(f"chikaya_dashboard.chikaya_complaint_report_action_{xmlid}")
            self.assertEqual(action.res_model, "chikaya.complaint.report")
            self.env["chikaya.complaint.report"].with_user(self.manager).get_views(
                [(False, "pivot"), (False, "graph"), (False, "list"), (False, "search")]
            )
