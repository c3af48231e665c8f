from datetime import datetime, timedelta
from unittest.mock import patch

from odoo.tests import freeze_time, tagged

from .common import ChikayaCase, no_cron_commits

START = datetime(2026, 3, 2, 9, 0)


@tagged("post_install", "-at_install")
class TestComplaintSla(ChikayaCase):
    """The SLA job with frozen time: a complaint received on START is warned on day 31 and
    escalated on day 61, once each."""

    def setUp(self):
        super().setUp()
        no_cron_commits(self)

    def run_job(self, when):
        with freeze_time(when):
            self.env["chikaya.complaint"]._cron_sla_warning()

    def warnings(self, complaint, user):
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "chikaya.complaint"),
                ("res_id", "=", complaint.id),
                ("user_id", "=", user.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("chikaya_complaints.mail_activity_type_sla").id,
                ),
            ]
        )
        mails = self.env["mail.mail"].search(
            [
                ("model", "=", "chikaya.complaint"),
                ("res_id", "=", complaint.id),
                ("recipient_ids", "in", user.partner_id.id),
            ]
        )
        return len(activities), len(mails)

    def test_warn_at_30_escalate_at_60_once(self):
        with freeze_time(START):
            complaint = self.make_in_state("in_progress", received_date=START.date())
            complaint.handler_id = self.handler_a
        self.run_job(START + timedelta(days=30))
        self.assertFalse(complaint.sla_warning_level)
        self.assertEqual(self.warnings(complaint, self.handler_a), (0, 0))

        self.run_job(START + timedelta(days=31))
        self.assertEqual(complaint.sla_warning_level, "past_30")
        self.assertEqual(self.warnings(complaint, self.handler_a), (1, 1))
        self.assertEqual(self.warnings(complaint, self.supervisor), (0, 0))

        self.run_job(START + timedelta(days=45))  # rerun: nothing twice
        self.assertEqual(self.warnings(complaint, self.handler_a), (1, 1))

        self.run_job(START + timedelta(days=60))
        self.assertEqual(complaint.sla_warning_level, "past_30")
        self.assertEqual(self.warnings(complaint, self.supervisor), (0, 0))

        self.run_job(START + timedelta(days=61))
        self.assertEqual(complaint.sla_warning_level, "past_60")
        self.assertEqual(self.warnings(complaint, self.supervisor), (1, 1))
        self.assertEqual(self.warnings(complaint, self.handler_a), (1, 1))

        self.run_job(START + timedelta(days=90))
        self.assertEqual(self.warnings(complaint, self.supervisor), (1, 1))
        self.assertEqual(self.warnings(complaint, self.handler_a), (1, 1))
        self.assertEqual(self.warnings(complaint, self.handler_b), (0, 0))

    def test_unassigned_warns_collectivity_handlers(self):
        with freeze_time(START):
            complaint = self.make_complaint(
                received_date=START.date(), collectivity_id=self.commune_b.id
            )
        self.run_job(START + timedelta(days=35))
        self.assertEqual(self.warnings(complaint, self.handler_b), (1, 1))
        self.assertEqual(self.warnings(complaint, self.handler_a), (0, 0))

    def test_arrondissement_warns_commune_handlers(self):
        with freeze_time(START):
            complaint = self.make_complaint(
                received_date=START.date(), collectivity_id=self.arrondissement_a.id
            )
        self.run_job(START + timedelta(days=35))
        self.assertEqual(self.warnings(complaint, self.handler_a), (1, 1))

    def test_no_handler_falls_back_to_supervisors(self):
        """Commune C has no handler: the 30-day warning goes to P2's supervisor."""
        sup_p2 = self.env["res.users"].create(
            {
                "name": "Supervisor P2",
                "login": "t_sup_p2",
                "email": "sup.p2@example.ma",
            }
        )
        self.env["chikaya.handler"].create(
            {
                "user_id": sup_p2.id,
                "role": "supervisor",
                "collectivity_ids": [(6, 0, self.province_2.ids)],
            }
        )
        with freeze_time(START):
            complaint = self.make_complaint(
                received_date=START.date(), collectivity_id=self.commune_c.id
            )
        self.run_job(START + timedelta(days=35))
        self.assertEqual(complaint.sla_warning_level, "past_30")
        self.assertEqual(self.warnings(complaint, sup_p2), (1, 1))
        self.assertEqual(self.warnings(complaint, self.supervisor), (0, 0))

    def test_each_recipient_warned_in_their_language(self):
        for lang in ("fr_FR", "ar_001"):
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(
            ["chikaya_complaints"], ["fr_FR", "ar_001"], overwrite=True
        )
        self.handler_a.lang = "fr_FR"
        self.handler_b.lang = "ar_001"
        with freeze_time(START):
            complaint = self.make_complaint(received_date=START.date())
            # Both handlers of commune A: nobody assigned, so both are warned.
            handler = self.env["chikaya.handler"].search([("user_id", "=", self.handler_b.id)])
            handler.collectivity_ids = [(4, self.commune_a.id)]
        self.run_job(START + timedelta(days=31))
        expected = {
            self.handler_a: ("Réclamation de plus de 30 jours", "a dépassé 30 jours"),
            self.handler_b: ("شكاية تجاوزت 30 يوما", "تجاوزت 30 يوما"),
        }
        for user, (summary, subject) in expected.items():
            with self.subTest(lang=user.lang):
                activity = complaint.activity_ids.filtered(lambda a, u=user: a.user_id == u)
                self.assertEqual(activity.summary, summary)
                mail = self.env["mail.mail"].search(
                    [
                        ("model", "=", "chikaya.complaint"),
                        ("res_id", "=", complaint.id),
                        ("recipient_ids", "in", user.partner_id.id),
                    ]
                )
                self.assertEqual(len(mail), 1)
                self.assertIn(subject, mail.subject)

    def test_nothing_for_done_complaints(self):
        with freeze_time(START):
            done = [
                self.make_in_state(state, received_date=START.date())
                for state in ("answered", "closed", "rejected")
            ]
        self.run_job(START + timedelta(days=31))
        self.run_job(START + timedelta(days=61))
        for complaint in done:
            with self.subTest(state=complaint.state):
                self.assertFalse(complaint.sla_warning_level)
                self.assertFalse(complaint.activity_ids)
                self.assertEqual(self.warnings(complaint, self.supervisor), (0, 0))

    def test_paper_complaint_received_long_ago_is_escalated_once(self):
        """A letter entered 70 days after its date gets the escalation straight away."""
        with freeze_time(START + timedelta(days=70)):
            complaint = self.make_complaint(
                channel="paper", received_date=START.date(), handler_id=self.handler_a.id
            )
        self.run_job(START + timedelta(days=70))
        self.assertEqual(complaint.sla_warning_level, "past_60")
        self.assertEqual(self.warnings(complaint, self.supervisor), (1, 1))
        self.run_job(START + timedelta(days=71))
        self.assertEqual(self.warnings(complaint, self.supervisor), (1, 1))

    def test_batches_touch_only_crossed_complaints(self):
        with freeze_time(START):
            late = self.env["chikaya.complaint"].create(
                [
                    self.complaint_vals(
                        channel="paper", received_date=START.date(), handler_id=self.handler_a.id
                    )
                    for _i in range(7)
                ]
            )
        with freeze_time(START + timedelta(days=20)):
            recent = self.make_complaint(received_date=(START + timedelta(days=20)).date())
        with patch("odoo.addons.chikaya_complaints.models.complaint_data.SLA_BATCH_SIZE", 3):
            self.run_job(START + timedelta(days=40))
        self.assertEqual(set(late.mapped("sla_warning_level")), {"past_30"})
        self.assertFalse(recent.sla_warning_level)
        self.assertEqual(self.warnings(late[0], self.handler_a)[0], 1)
