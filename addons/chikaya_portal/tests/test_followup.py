from datetime import timedelta

from werkzeug.urls import url_encode

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ChikayaPortalCase

PDF = b"%PDF-1.4\n% a scanned receipt\n"


@tagged("post_install", "-at_install")
class TestFollowup(ChikayaPortalCase):
    """The citizen's follow-up from the tracking page and from /my/complaints/<id>: what they
    read (never internal notes), reply, rate, reopen; and who may do it."""

    def setUp(self):
        super().setUp()
        self.complaint = self.make_in_state("info_requested")
        self.assertEqual(self.complaint.partner_id, self.citizen.partner_id)

    # ---- helpers -------------------------------------------------------------------------

    def track_page(self, complaint):
        query = url_encode({"number": complaint.name, "code": complaint.new_access_code})
        return self.url_open(f"/complaints/track?{query}")

    def post_track(self, complaint, action, files=None, csrf=True, **data):
        data = {"number": complaint.name, "code": complaint.new_access_code, **data}
        if csrf:
            data["csrf_token"] = self.csrf_token()
        return self.url_open(f"/complaints/track/{action}", data=data, files=files)

    def post_my(self, complaint, action, files=None, csrf=True, **data):
        if csrf:
            data["csrf_token"] = self.csrf_token()
        return self.url_open(f"/my/complaints/{complaint.id}/{action}", data=data, files=files)

    def expected_error(self, complaint, method, *args, lang):
        """The message of the UserError `method` raises, in `lang`: what a page rendered in
        that language must show (the tests do not depend on the translations)."""
        with self.assertRaises(UserError) as caught:
            with self.env.cr.savepoint():
                getattr(complaint.sudo().with_context(lang=lang), method)(*args)
        return caught.exception.args[0]

    def assert_error_shown(self, response, complaint, method, *args):
        """The page refused the action with the message `method(*args)` raises on the
        complaint (still in the state the action was refused in), in the page's language."""
        self.assertEqual(response.status_code, 400)
        message = self.expected_error(complaint, method, *args, lang=self.page_lang(response.text))
        self.assertEqual(self.element_text(response.text, "chikaya_followup_error"), message)

    def public_messages(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: m.message_type == "comment" and not m.is_internal
        )

    # ---- what the citizen reads ----------------------------------------------------------

    def test_internal_notes_never_shown(self):
        complaint = self.complaint
        complaint.message_post(
            body="PUBLIC-MARKER-4711", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        # a note logged from the chatter, and a note posted as a plain notification
        complaint.message_post(
            body="SECRET-NOTE-MARKER-1", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        complaint.message_post(body="SECRET-NOTE-MARKER-2", subtype_xmlid="mail.mt_note")
        complaint._message_log(body="SECRET-LOG-MARKER-3")

        page = self.track_page(complaint)
        self.assertEqual(page.status_code, 200)
        self.authenticate("t_citizen1", "t_citizen1")
        my_page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertEqual(my_page.status_code, 200)
        for response in (page, my_page):
            self.assertIn("PUBLIC-MARKER-4711", response.text)
            self.assertIn("Which street exactly?", response.text)  # the handler's question
            self.assertNotIn("SECRET-NOTE-MARKER", response.text)
            self.assertNotIn("SECRET-LOG-MARKER", response.text)

    # ---- reply ---------------------------------------------------------------------------

    def test_reply_with_attachment_from_my(self):
        self.authenticate("t_citizen1", "t_citizen1")
        before = self.public_messages(self.complaint)
        response = self.post_my(
            self.complaint,
            "reply",
            message="It is rue des Orangers, number 12.",
            files={"attachments": ("receipt.pdf", PDF, "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="chikaya_followup_done"', response.text)
        self.assertEqual(self.complaint.state, "in_progress")
        message = self.public_messages(self.complaint) - before
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.citizen.partner_id)
        self.assertIn("rue des Orangers", message.body)
        self.assertEqual(message.attachment_ids.mapped("name"), ["receipt.pdf"])
        self.assertEqual(message.attachment_ids.res_model, "chikaya.complaint")
        self.assertEqual(message.attachment_ids.res_id, self.complaint.id)
        self.assertEqual(message.attachment_ids.mimetype, "application/pdf")

    def test_reply_from_tracking_is_escaped(self):
        response = self.post_track(
            self.complaint, "reply", message="<script>alert('x')</script> Rue 5"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.complaint.state, "in_progress")
        reply = self.complaint.message_ids.filtered(lambda m: "Rue 5" in (m.body or ""))
        self.assertEqual(reply.author_id, self.citizen.partner_id)
        page = self.track_page(self.complaint)
        self.assertNotIn("<script>alert('x')</script>", page.text)
        self.assertIn("&lt;script&gt;alert(", page.text)

    def test_reply_refused_when_no_information_requested(self):
        complaint = self.make_in_state("in_progress")
        count = len(complaint.message_ids)
        response = self.post_track(complaint, "reply", message="Here it is")
        self.assert_error_shown(response, complaint, "_portal_reply", "Here it is")
        self.assertEqual(complaint.state, "in_progress")
        self.assertEqual(len(complaint.message_ids), count)

    def test_reply_bad_file_refused(self):
        attachments = self.env["ir.attachment"].search_count([])
        response = self.post_track(
            self.complaint,
            "reply",
            message="See the file",
            files={"attachments": ("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
        )
        self.assertEqual(response.status_code, 400)
        # the filing form's message, naming the file, in the page's language
        lang = self.page_lang(response.text)
        self.assertEqual(
            self.element_text(response.text, "chikaya_followup_error"),
            self.env["chikaya.complaint.submission"]
            .with_context(lang=lang)
            ._message("file_type", name="virus.pdf"),
        )
        self.assertEqual(self.complaint.state, "info_requested")
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)

    def test_empty_reply_refused(self):
        response = self.post_track(self.complaint, "reply", message="   ")
        self.assert_error_shown(response, self.complaint, "_portal_reply", "   ")
        self.assertEqual(self.complaint.state, "info_requested")

    def test_csrf_required(self):
        for post in (self.post_track, self.post_my):
            response = post(self.complaint, "reply", csrf=False, message="No token")
            self.assertEqual(response.status_code, 400)
        self.authenticate("t_citizen1", "t_citizen1")
        response = self.post_my(self.complaint, "reply", csrf=False, message="No token")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.complaint.state, "info_requested")

    def test_wrong_pair_cannot_act(self):
        response = self.url_open(
            "/complaints/track/reply",
            data={
                "csrf_token": self.csrf_token(),
                "number": self.complaint.name,
                "code": "ABCDEFGHJKMN",
                "message": "Let me in",
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.complaint.state, "info_requested")

    def test_only_the_citizen_acts_from_my(self):
        """Another citizen gets a 404; a handler who may read the complaint sees it but may
        not answer in the citizen's name."""
        self.authenticate("t_citizen2", "t_citizen2")
        response = self.post_my(self.complaint, "reply", message="Not mine")
        self.assertEqual(response.status_code, 404)
        self.authenticate("t_handler_a", "t_handler_a")
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn('id="chikaya_reply_form"', page.text)
        response = self.post_my(self.complaint, "reply", message="On behalf")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.complaint.state, "info_requested")

    # ---- rate and reopen -----------------------------------------------------------------

    def test_rate(self):
        complaint = self.make_in_state("answered")
        response = self.post_track(
            complaint, "rate", satisfaction="not_satisfied", comment="The light is still out."
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="chikaya_followup_done"', response.text)
        self.assertEqual(complaint.satisfaction, "not_satisfied")
        self.assertEqual(complaint.satisfaction_comment, "The light is still out.")

    def test_rate_refused(self):
        complaint = self.make_in_state("answered")
        response = self.post_track(complaint, "rate", satisfaction="so-so")
        self.assert_error_shown(response, complaint, "_portal_rate", "so-so")
        self.assertFalse(complaint.satisfaction)
        # not answered yet: nothing to rate
        response = self.post_track(self.complaint, "rate", satisfaction="satisfied")
        self.assert_error_shown(response, self.complaint, "_portal_rate", "satisfied")
        self.assertFalse(self.complaint.satisfaction)

    def test_reopen_within_window(self):
        complaint = self.make_in_state("answered")
        page = self.track_page(complaint)
        self.assertIn('id="chikaya_reopen_form"', page.text)
        self.authenticate("t_citizen1", "t_citizen1")
        response = self.post_my(complaint, "reopen")
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="chikaya_followup_done"', response.text)
        self.assertEqual(complaint.state, "in_progress")
        self.assertEqual(complaint.reopen_count, 1)

    def test_reopen_after_window(self):
        complaint = self.make_in_state("closed")
        complaint._workflow_write({"answered_date": fields.Datetime.now() - timedelta(days=31)})
        page = self.track_page(complaint)
        self.assertNotIn('id="chikaya_reopen_form"', page.text)
        self.assertIn('id="chikaya_reopen_closed"', page.text)
        response = self.post_track(complaint, "reopen")
        self.assert_error_shown(response, complaint, "_portal_reopen")
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.reopen_count, 0)

    def test_unknown_action(self):
        response = self.post_track(self.complaint, "delete")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.complaint.state, "info_requested")
