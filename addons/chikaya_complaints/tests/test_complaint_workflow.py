from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from odoo.addons.chikaya_complaints.models import complaint_data as cd

from .common import ChikayaCase


@tagged("post_install", "-at_install")
class TestComplaintWorkflow(ChikayaCase):
    def run_action(self, complaint, action):
        if action == "request_info":
            return complaint.action_request_info("Which street exactly?")
        if action == "answer":
            complaint.response = complaint.response or "Repaired."
            return complaint.action_answer()
        if action == "reject":
            return complaint.action_reject(self.reason)
        if action == "reorient":
            return complaint.action_reorient(self.commune_b, "Not our territory")
        return getattr(complaint, f"action_{action}")()

    def test_every_transition_allowed_and_refused(self):
        """Each action from each state: either it leads where the legal workflow says (the
        table below, written out independently of complaint_data.TRANSITIONS), or it is
        refused with a UserError that leaves the complaint as it was."""
        # (action, state it starts from) -> the state it leads to; every other pair refused
        allowed = {
            ("start", "new"): "in_progress",
            ("request_info", "in_progress"): "info_requested",
            ("provide_info", "info_requested"): "in_progress",
            ("answer", "in_progress"): "answered",
            ("close", "answered"): "closed",
            ("reject", "new"): "rejected",
            ("reject", "in_progress"): "rejected",
            ("reject", "info_requested"): "rejected",
            ("reorient", "new"): "new",
            ("reorient", "in_progress"): "new",
            ("reorient", "info_requested"): "new",
            ("reopen", "answered"): "in_progress",
            ("reopen", "closed"): "in_progress",
        }
        actions = (
            "start",
            "request_info",
            "provide_info",
            "answer",
            "close",
            "reject",
            "reorient",
            "reopen",
        )
        states = ("new", "in_progress", "info_requested", "answered", "closed", "rejected")
        self.assertEqual(set(cd.TRANSITIONS), set(actions))
        for action in actions:
            for state in states:
                with self.subTest(action=action, state=state):
                    complaint = self.make_in_state(state)
                    self.assertEqual(complaint.state, state)
                    if (action, state) in allowed:
                        self.run_action(complaint, action)
                        self.assertEqual(complaint.state, allowed[action, state])
                    else:
                        with self.assertRaises(UserError) as caught:
                            self.run_action(complaint, action)
                        self.assertIn("is not possible", str(caught.exception))
                        self.assertEqual(complaint.state, state)

    def test_answer_requires_response_and_emails_citizen(self):
        complaint = self.make_in_state("in_progress")
        with self.assertRaises(UserError):
            complaint.action_answer()
        complaint.response = "   "
        with self.assertRaises(UserError):
            complaint.action_answer()
        self.assertEqual(complaint.state, "in_progress")
        complaint.response = "The light was repaired on Monday."
        complaint.action_answer()
        self.assertEqual(complaint.state, "answered")
        self.assertTrue(complaint.answered_date)
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "chikaya.complaint"),
                ("res_id", "=", complaint.id),
                ("recipient_ids", "in", complaint.partner_id.id),
                ("body_html", "ilike", "repaired on Monday"),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(complaint.name, mail.subject)
        self.assertIn("repaired on Monday", mail.body_html)

    def test_start_assigns_handler_and_acknowledges(self):
        complaint = self.make_complaint(citizen_email=False)
        self.assertFalse(complaint.acknowledged_date)
        complaint.with_user(self.handler_a).action_start()
        self.assertEqual(complaint.handler_id, self.handler_a)
        self.assertTrue(complaint.acknowledged_date)

    def test_request_info_and_reply(self):
        complaint = self.make_in_state("in_progress")
        with self.assertRaises(UserError):
            complaint.action_request_info("  ")
        complaint.action_request_info("Which street exactly?")
        self.assertEqual(complaint.state, "info_requested")
        self.assertEqual(complaint.info_request, "Which street exactly?")
        question = complaint.message_ids.filtered(lambda m: "Which street" in (m.body or ""))
        self.assertIn(complaint.partner_id, question.partner_ids)
        complaint._provide_info_from_citizen("Rue des Orangers, number 12")
        self.assertEqual(complaint.state, "in_progress")
        reply = complaint.message_ids.filtered(lambda m: "Orangers" in (m.body or ""))
        self.assertEqual(reply.author_id, complaint.partner_id)
        # A handler notes information received by phone: in the handler's name.
        complaint.action_request_info("And the number?")
        complaint.with_user(self.handler_a).action_provide_info("Number 12, said on the phone")
        self.assertEqual(complaint.state, "in_progress")
        note = complaint.message_ids.filtered(lambda m: "said on the phone" in (m.body or ""))
        self.assertEqual(note.author_id, self.handler_a.partner_id)

    def test_reject_requires_reason(self):
        complaint = self.make_complaint()
        with self.assertRaises(UserError):
            complaint.action_reject(self.env["chikaya.rejection.reason"])
        self.assertEqual(complaint.state, "new")
        complaint.action_reject(self.reason, "Same as CHK-2026-000001")
        self.assertEqual(complaint.state, "rejected")
        self.assertEqual(complaint.rejection_reason_id, self.reason)
        self.assertTrue(complaint.closed_date)

    def test_reorient_hands_over_as_new_and_keeps_age(self):
        received = datetime.now().date() - timedelta(days=40)
        complaint = self.make_complaint(received_date=received)
        complaint.with_user(self.handler_a).action_start()
        self.assertEqual(complaint.handler_id, self.handler_a)
        with self.assertRaises(UserError):
            complaint.action_reorient(self.commune_a, "same place")
        with self.assertRaises(UserError):
            complaint.action_reorient(self.commune_b, "  ")
        complaint.with_user(self.handler_a).action_reorient(self.commune_b, "Commune B's road")
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.collectivity_id, self.commune_b)
        self.assertFalse(complaint.handler_id)
        self.assertEqual(complaint.received_date, received)
        self.assertEqual(complaint.age_days, 40)
        line = complaint.reorientation_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(
            (line.from_collectivity_id, line.to_collectivity_id, line.reason, line.user_id),
            (self.commune_a, self.commune_b, "Commune B's road", self.handler_a),
        )
        # The receiving handler now has it; the sender does not any more.
        self.assertEqual(
            self.env["chikaya.complaint"]
            .with_user(self.handler_b)
            .search([("id", "=", complaint.id)]),
            complaint,
        )
        self.assertFalse(
            self.env["chikaya.complaint"]
            .with_user(self.handler_a)
            .search([("id", "=", complaint.id)])
        )

    def test_reopen_within_window_only(self):
        complaint = self.make_in_state("answered")
        complaint._rate_answer("not_satisfied", "Still dark")
        self.assertEqual(complaint.satisfaction, "not_satisfied")
        complaint.action_reopen()
        self.assertEqual(complaint.state, "in_progress")
        self.assertEqual(complaint.reopen_count, 1)
        self.assertFalse(complaint.answered_date)
        self.assertFalse(complaint.satisfaction)
        complaint.action_answer()
        answered = complaint.answered_date
        self.env["ir.config_parameter"].set_param(cd.PARAM_REOPEN_DAYS, "10")
        with freeze_time(answered + timedelta(days=10)):
            complaint.action_reopen()
        self.assertEqual(complaint.reopen_count, 2)
        complaint.action_answer()
        complaint.action_close()
        with freeze_time(complaint.answered_date + timedelta(days=11)):
            with self.assertRaises(UserError) as caught:
                complaint.action_reopen()
        self.assertIn("can no longer be reopened", str(caught.exception))
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.reopen_count, 2)

    def test_rating_needs_an_answer(self):
        complaint = self.make_in_state("in_progress")
        with self.assertRaises(UserError):
            complaint._rate_answer("satisfied")
        complaint.response = "Done"
        complaint.action_answer()
        with self.assertRaises(UserError):
            complaint._rate_answer("maybe")
        complaint._rate_answer("satisfied", "Thank you")
        self.assertEqual(complaint.satisfaction, "satisfied")
        self.assertEqual(complaint.satisfaction_comment, "Thank you")

    def test_processing_days_and_sla_levels(self):
        today = datetime.now().date()
        cases = {30: cd.SLA_ON_TIME, 31: cd.SLA_PAST_30, 60: cd.SLA_PAST_30, 61: cd.SLA_PAST_60}
        complaints = {}
        for age, level in cases.items():
            complaint = self.make_complaint(received_date=today - timedelta(days=age))
            complaints[age] = complaint
            self.assertEqual(complaint.age_days, age)
            self.assertEqual(complaint.sla_level, level, f"age {age}")
            self.assertEqual(complaint.deadline_date, complaint.received_date + timedelta(days=60))
        Complaint = self.env["chikaya.complaint"]
        ids = [c.id for c in complaints.values()]
        for level in (cd.SLA_ON_TIME, cd.SLA_PAST_30, cd.SLA_PAST_60):
            found = Complaint.search([("id", "in", ids), ("sla_level", "=", level)])
            self.assertEqual(
                found, Complaint.browse([c.id for a, c in complaints.items() if cases[a] == level])
            )
        # Answered at 61 days: frozen at 61, past 60 days forever after.
        late = complaints[61]
        late.action_start()
        late.response = "Done"
        late.action_answer()
        self.assertEqual(late.processing_days, 61)
        with freeze_time(datetime.now() + timedelta(days=100)):
            late.invalidate_recordset(["age_days", "sla_level"])
            self.assertEqual(late.age_days, 61)
            self.assertIn(late, Complaint.search([("sla_level", "=", cd.SLA_PAST_60)]))

    def test_complaints_are_never_deleted(self):
        complaint = self.make_complaint()
        with self.assertRaises(UserError):
            complaint.unlink()  # even the superuser, past every access right
        for user in (self.admin, self.handler_a, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    complaint.with_user(user).unlink()
        self.assertTrue(complaint.exists())
        complaint.action_archive()
        self.assertFalse(complaint.active)
