from odoo.tests import tagged

from .common import ChikayaPortalCase


@tagged("post_install", "-at_install")
class TestPortalToursFollowup(ChikayaPortalCase):
    """The follow-up in a real browser (headless Chromium)."""

    def test_reply_to_information_request(self):
        complaint = self.make_in_state("info_requested")
        self.assertEqual(complaint.partner_id, self.citizen.partner_id)
        self.start_tour("/my/complaints", "chikaya_portal_followup_reply", login="t_citizen1")
        self.env.invalidate_all()
        self.assertEqual(complaint.state, "in_progress")
        reply = complaint.message_ids.filtered(lambda m: "rue des Orangers" in (m.body or ""))
        self.assertEqual(len(reply), 1)
        self.assertEqual(reply.author_id, self.citizen.partner_id)
        self.assertEqual(reply.attachment_ids.mapped("name"), ["proof.pdf"])
        self.assertEqual(reply.attachment_ids.mimetype, "application/pdf")
