"""The SLA job's work must not grow with the number of complaints that need nothing.

Counted in SQL queries, not seconds: the same 10 overdue complaints cost the same number
of queries whether 100 or 20,000 other complaints sit in the table, and their handler gets
one email listing the 10 (bench/dashboard_bench.py times the job at a million complaints).
"""

from datetime import date, timedelta

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.chikaya_complaints.tests.common import no_cron_commits


@tagged("post_install", "-at_install")
class TestSlaScale(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.commune = cls.env["chikaya.collectivity"].search([("code", "=", "04.421.01.0")])
        cls.theme = cls.env.ref("chikaya_complaints.theme_lighting")
        cls.handler = cls.env["res.users"].create(
            {
                "name": "Scale handler",
                "login": "scale_handler",
                "email": "scale@example.ma",
                "group_ids": [
                    (6, 0, cls.env.ref("chikaya_complaints.chikaya_complaints_group_handler").ids)
                ],
            }
        )

    def setUp(self):
        super().setUp()
        no_cron_commits(self)

    def add_quiet_complaints(self, count, prefix):
        """Insert `count` recent, open complaints straight in SQL (they need no warning)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            INSERT INTO chikaya_complaint
                (name, access_token, kind, channel, collectivity_id, theme_id, subject,
                 description, state, received_date, active, create_date, write_date)
            SELECT %(prefix)s || n, %(prefix)s || lpad(n::text, 7, '0'), 'observation', 'portal',
                   %(commune)s, %(theme)s, 'quiet', 'quiet', 'new',
                   %(today)s - (n %% 25), true, now(), now()
              FROM generate_series(1, %(count)s) AS n
            """,
                commune=self.commune.id,
                theme=self.theme.id,
                today=date.today(),
                count=count,
                prefix=prefix,
            )
        )

    def job_queries(self):
        overdue = (
            self.env["chikaya.complaint"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "kind": "observation",
                        "channel": "paper",
                        "collectivity_id": self.commune.id,
                        "theme_id": self.theme.id,
                        "subject": "late",
                        "description": "late",
                        "received_date": date.today() - timedelta(days=40),
                        "handler_id": self.handler.id,
                    }
                    for _i in range(10)
                ]
            )
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.env["chikaya.complaint"]._cron_sla_warning()
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        self.assertEqual(set(overdue.mapped("sla_warning_level")), {"past_30"})
        return count

    def test_query_count_independent_of_table_size(self):
        self.add_quiet_complaints(100, "SMALL")
        with self.env.cr.savepoint(flush=False) as sp:
            self.job_queries()  # warm-up: fills the registry caches (templates, models)
            sp.rollback()
        with self.env.cr.savepoint(flush=False) as sp:
            small = self.job_queries()
            sp.rollback()
        self.add_quiet_complaints(20_000, "LARGE")
        large = self.job_queries()
        self.assertEqual(small, large)
        warned = self.env["chikaya.complaint"].search_count([("sla_warning_level", "!=", False)])
        self.assertEqual(warned, 10)
        digests = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.handler.partner_id.id), ("model", "=", False)]
        )
        self.assertEqual(len(digests), 1)
        self.assertEqual(digests.body_html.count("/odoo/chikaya.complaint/"), 10)
