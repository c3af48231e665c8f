from odoo.tests import Form, HttpCase, tagged

from .common import ChikayaCase


@tagged("post_install", "-at_install")
class TestComplaintUi(HttpCase, ChikayaCase):
    def test_handler_kanban_in_browser(self):
        self.make_complaint(subject="Lamp post down in A")
        self.make_complaint(subject="Pothole in B", collectivity_id=self.commune_b.id)
        self.start_tour(
            "/odoo/action-chikaya_complaints.chikaya_complaint_action",
            "chikaya_handler_kanban_tour",
            login=self.handler_a.login,
        )
        started = self.env["chikaya.complaint"].search([("subject", "=", "Lamp post down in A")])
        self.assertEqual(started.state, "in_progress")
        self.assertEqual(started.handler_id, self.handler_a)


@tagged("post_install", "-at_install")
class TestPaperForm(ChikayaCase):
    def test_bureau_d_ordre_form(self):
        """The paper form: its own date of receipt, its registration number, its scan."""
        Complaint = self.env["chikaya.complaint"].with_user(self.handler_a)
        form = Form(
            Complaint.with_context(default_channel="paper"),
            view="chikaya_complaints.chikaya_complaint_view_form_paper",
        )
        form.paper_reference = "BO-2026/0042"
        form.received_date = "2026-01-05"
        form.kind = "suggestion"
        form.collectivity_id = self.commune_a
        form.theme_id = self.theme
        form.subject = "Bench in the park"
        form.description = "Please add benches in the garden near the school."
        complaint = form.save()
        self.assertEqual(complaint.channel, "paper")
        self.assertEqual(str(complaint.received_date), "2026-01-05")
        self.assertEqual(complaint.paper_reference, "BO-2026/0042")
        self.assertTrue(complaint.name.startswith("CHK-"))
