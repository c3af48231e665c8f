from datetime import datetime, timedelta
from unittest.mock import patch

from lxml import html

from odoo.tests import freeze_time, tagged

from .common import ChikayaCase, no_cron_commits

START = datetime(2026, 3, 2, 9, 0)
ACTIVITY_TYPE = "chikaya_complaints.mail_activity_type_sla"
BATCH_SIZE = "odoo.addons.chikaya_complaints.models.complaint_data.SLA_BATCH_SIZE"


@tagged("post_install", "-at_install")
class TestComplaintSla(ChikayaCase):
    """The SLA job with frozen time: a complaint received on START is warned on day 31 and
    escalated on day 61, once each: one activity per complaint and recipient, and one email
    per recipient and run (a digest listing the run's complaints)."""

    def setUp(self):
        super().setUp()
        no_cron_commits(self)

    def run_job(self, when):
        with freeze_time(when):
            self.env["chikaya.complaint"]._cron_sla_warning()

    def activities(self, complaint, user):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "chikaya.complaint"),
                ("res_id", "=", complaint.id),
                ("user_id", "=", user.id),
                ("activity_type_id", "=", self.env.ref(ACTIVITY_TYPE).id),
            ]
        )

    def digests(self, user):
        """The job's emails to `user`: {mail: {"past_30": [numbers], "past_60": [numbers]}},
        read off each email's tables (the job's emails are the ones with them)."""
        found = {}
        mails = self.env["mail.mail"].search(
            [("recipient_ids", "in", user.partner_id.id), ("model", "=", False)]
        )
        for mail in mails:
            if "o_chikaya_sla_past_" not in (mail.body_html or ""):
                continue
            tree = html.fromstring(mail.body_html)
            found[mail] = {
                level: tree.xpath(
                    f"//table[contains(@class, 'o_chikaya_sla_{level}')]//tbody/tr/td[1]/a"
                )
                for level in ("past_30", "past_60")
            }
            for level, links in found[mail].items():
                found[mail][level] = [a.text_content().strip() for a in links]
        return found

    def listed(self, user, level="past_30"):
        """The numbers listed for `level` in each of `user`'s digests, one list per email."""
        return [sorted(levels[level]) for levels in self.digests(user).values()]

    def test_warn_at_30_escalate_at_60_once(self):
        with freeze_time(START):
            complaint = self.make_in_state("in_progress", received_date=START.date())
            complaint.handler_id = self.handler_a
        self.run_job(START + timedelta(days=30))
        self.assertFalse(complaint.sla_warning_level)
        self.assertFalse(self.activities(complaint, self.handler_a))
        self.assertEqual(self.digests(self.handler_a), {})

        self.run_job(START + timedelta(days=31))
        self.assertEqual(complaint.sla_warning_level, "past_30")
        self.assertFalse(complaint.sla_digest_level)  # emailed
        self.assertEqual(len(self.activities(complaint, self.handler_a)), 1)
        self.assertEqual(self.listed(self.handler_a), [[complaint.name]])
        self.assertEqual(self.digests(self.supervisor), {})

        self.run_job(START + timedelta(days=45))  # rerun: nothing twice
        self.assertEqual(len(self.activities(complaint, self.handler_a)), 1)
        self.assertEqual(len(self.digests(self.handler_a)), 1)

        self.run_job(START + timedelta(days=60))
        self.assertEqual(complaint.sla_warning_level, "past_30")
        self.assertEqual(self.digests(self.supervisor), {})

        self.run_job(START + timedelta(days=61))
        self.assertEqual(complaint.sla_warning_level, "past_60")
        self.assertEqual(len(self.activities(complaint, self.supervisor)), 1)
        self.assertEqual(self.listed(self.supervisor, "past_60"), [[complaint.name]])
        self.assertEqual(self.listed(self.supervisor, "past_30"), [[]])
        self.assertEqual(len(self.digests(self.handler_a)), 1)

        self.run_job(START + timedelta(days=90))
        self.assertEqual(len(self.digests(self.supervisor)), 1)
        self.assertEqual(len(self.activities(complaint, self.supervisor)), 1)
        self.assertEqual(len(self.digests(self.handler_a)), 1)
        self.assertEqual(self.digests(self.handler_b), {})

    def test_one_email_per_recipient_and_run(self):
        """7 late complaints of one handler, handled in batches of 3 (3 commits): one
        email listing the 7, one activity per complaint; a rerun sends nothing."""
        with freeze_time(START):
            late = self.env["chikaya.complaint"].create(
                [
                    self.complaint_vals(
                        channel="paper", received_date=START.date(), handler_id=self.handler_a.id
                    )
                    for _i in range(7)
                ]
            )
        with patch(BATCH_SIZE, 3):
            self.run_job(START + timedelta(days=40))
        self.assertEqual(self.listed(self.handler_a), [sorted(late.mapped("name"))])
        for complaint in late:
            self.assertEqual(len(self.activities(complaint, self.handler_a)), 1)
        [mail] = self.digests(self.handler_a)
        self.assertEqual(mail.recipient_ids, self.handler_a.partner_id)
        # each line: the number links to the complaint in the backend, the collectivity,
        # the age in days (40, written out here)
        rows = html.fromstring(mail.body_html).xpath("//table//tbody/tr")
        self.assertEqual(len(rows), 7)
        base_url = late[0].get_base_url()
        for row, complaint in zip(rows, late.sorted(lambda c: c.id), strict=True):
            cells = [td.text_content().strip() for td in row.xpath("./td")]
            self.assertEqual(cells[0], complaint.name)
            self.assertEqual(
                row.xpath("./td[1]/a/@href")[0],
                f"{base_url}/odoo/chikaya.complaint/{complaint.id}",
            )
            self.assertEqual(cells[1], "Commune A")
            self.assertEqual(cells[3], "40")
        with patch(BATCH_SIZE, 3):
            self.run_job(START + timedelta(days=41))
        self.assertEqual(len(self.digests(self.handler_a)), 1)

    def test_run_cut_short_emails_everything_once(self):
        """A run that stops after its first batch (out of time, or cut) has recorded that
        batch's warnings: the next run emails them with its own, in one email, and nothing
        is warned or emailed twice."""
        with freeze_time(START):
            late = self.env["chikaya.complaint"].create(
                [
                    self.complaint_vals(
                        channel="paper", received_date=START.date(), handler_id=self.handler_a.id
                    )
                    for _i in range(7)
                ]
            )
        cron = type(self.env["ir.cron"])
        with (
            patch(BATCH_SIZE, 3),
            patch.object(cron, "_commit_progress", lambda self, *a, **k: 0),
        ):
            self.run_job(START + timedelta(days=40))  # the time is up after one batch
        warned = late.filtered("sla_warning_level")
        self.assertEqual(len(warned), 3)
        self.assertEqual(set(warned.mapped("sla_digest_level")), {"past_30"})
        self.assertEqual(self.digests(self.handler_a), {})
        with patch(BATCH_SIZE, 3):
            self.run_job(START + timedelta(days=40, hours=1))
        self.assertEqual(self.listed(self.handler_a), [sorted(late.mapped("name"))])
        self.assertFalse(any(late.mapped("sla_digest_level")))
        for complaint in late:
            self.assertEqual(len(self.activities(complaint, self.handler_a)), 1)
        self.run_job(START + timedelta(days=40, hours=2))
        self.assertEqual(len(self.digests(self.handler_a)), 1)

    def test_one_email_with_both_levels(self):
        """A supervisor warned of a 30-day complaint (its commune has no handler) and of an
        escalation in the same run gets one email with both lists."""
        sup_p2 = self.env["res.users"].create(
            {"name": "Supervisor P2", "login": "t_sup_p2", "email": "sup.p2@example.ma"}
        )
        self.env["chikaya.handler"].create(
            {
                "user_id": sup_p2.id,
                "role": "supervisor",
                "collectivity_ids": [(6, 0, self.province_2.ids)],
            }
        )
        with freeze_time(START):
            old = self.make_complaint(received_date=START.date(), collectivity_id=self.commune_c.id)
        with freeze_time(START + timedelta(days=30)):
            recent = self.make_complaint(
                received_date=(START + timedelta(days=30)).date(),
                collectivity_id=self.commune_c.id,
            )
        self.run_job(START + timedelta(days=62))
        [levels] = self.digests(sup_p2).values()
        self.assertEqual(levels, {"past_30": [recent.name], "past_60": [old.name]})

    def test_unassigned_warns_collectivity_handlers(self):
        with freeze_time(START):
            complaint = self.make_complaint(
                received_date=START.date(), collectivity_id=self.commune_b.id
            )
        self.run_job(START + timedelta(days=35))
        self.assertEqual(len(self.activities(complaint, self.handler_b)), 1)
        self.assertEqual(self.listed(self.handler_b), [[complaint.name]])
        self.assertFalse(self.activities(complaint, self.handler_a))
        self.assertEqual(self.digests(self.handler_a), {})

    def test_arrondissement_warns_commune_handlers(self):
        with freeze_time(START):
            complaint = self.make_complaint(
                received_date=START.date(), collectivity_id=self.arrondissement_a.id
            )
        self.run_job(START + timedelta(days=35))
        self.assertEqual(len(self.activities(complaint, self.handler_a)), 1)
        self.assertEqual(self.listed(self.handler_a), [[complaint.name]])

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
        self.assertEqual(len(self.activities(complaint, sup_p2)), 1)
        self.assertEqual(self.listed(sup_p2), [[complaint.name]])
        self.assertEqual(self.digests(self.supervisor), {})

    def test_each_recipient_warned_in_their_language(self):
        """Two handlers of one commune, one reading French and one Arabic: each gets their
        activity and their email in their own language (the activity's summary translated,
        the email laid out right to left in Arabic, the collectivity named in Arabic)."""
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
            self.handler_a: ("Réclamation de plus de 30 jours", None, "Commune A"),
            self.handler_b: ("شكاية تجاوزت 30 يوما", "rtl", "جماعة أ"),
        }
        for user, (summary, direction, collectivity) in expected.items():
            with self.subTest(lang=user.lang):
                activity = complaint.activity_ids.filtered(lambda a, u=user: a.user_id == u)
                self.assertEqual(activity.summary, summary)
                [mail] = self.digests(user)
                root = html.fromstring(mail.body_html)
                self.assertEqual(root.xpath("//div[1]/@dir")[:1], [direction] if direction else [])
                cells = root.xpath("//table//tbody/tr/td")
                self.assertEqual(cells[0].text_content().strip(), complaint.name)
                self.assertEqual(cells[1].text_content().strip(), collectivity)

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
        self.assertEqual(self.digests(self.supervisor), {})
        self.assertEqual(self.digests(self.handler_a), {})

    def test_paper_complaint_received_long_ago_is_escalated_once(self):
        """A letter entered 70 days after its date gets the escalation straight away."""
        with freeze_time(START + timedelta(days=70)):
            complaint = self.make_complaint(
                channel="paper", received_date=START.date(), handler_id=self.handler_a.id
            )
        self.run_job(START + timedelta(days=70))
        self.assertEqual(complaint.sla_warning_level, "past_60")
        self.assertEqual(len(self.activities(complaint, self.supervisor)), 1)
        self.assertEqual(self.listed(self.supervisor, "past_60"), [[complaint.name]])
        self.run_job(START + timedelta(days=71))
        self.assertEqual(len(self.digests(self.supervisor)), 1)
        self.assertEqual(self.digests(self.handler_a), {})

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
        with patch(BATCH_SIZE, 3):
            self.run_job(START + timedelta(days=40))
        self.assertEqual(set(late.mapped("sla_warning_level")), {"past_30"})
        self.assertFalse(recent.sla_warning_level)
        self.assertEqual(len(self.activities(late[0], self.handler_a)), 1)
        self.assertNotIn(recent.name, self.listed(self.handler_a)[0])
