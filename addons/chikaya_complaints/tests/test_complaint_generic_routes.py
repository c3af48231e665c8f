"""The access code opens the portal's pages and nothing else (issue: trust boundaries,
part 3): Odoo's generic routes that accept a record's token refuse a complaint's code, as an
anonymous visitor holding it would try them."""

import base64
import json

from odoo import http
from odoo.tests import tagged

from .common import ChikayaRpcCase

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestAccessCodeOnGenericRoutes(ChikayaRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.make_complaint(
            partner_id=cls.citizen.partner_id.id,
            paper_scan=base64.b64encode(PNG),
            paper_scan_filename="letter.png",
        )
        cls.code = cls.complaint.new_access_code
        cls.complaint.with_user(cls.handler_a).action_start()
        cls.complaint.with_user(cls.handler_a).action_request_info("Which street?")
        cls.public_message = cls.complaint.message_ids.filtered(
            lambda m: "Which street" in (m.body or "")
        )

    def jsonrpc(self, route, params):
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.env.invalidate_all()
        return response

    def messages(self):
        return self.env["mail.message"].search(
            [("model", "=", "chikaya.complaint"), ("res_id", "=", self.complaint.id)]
        )

    def test_code_is_not_a_token(self):
        self.assertTrue(self.code)
        self.assertFalse(self.complaint.access_token)
        self.assertFalse(self.complaint._portal_ensure_token())

    def test_mail_post_refuses_the_code_and_the_signed_pid(self):
        self.authenticate(None, None)
        before = self.messages()
        hash_ = self.complaint.sudo()._sign_token(self.citizen.partner_id.id)
        for access in (
            {"token": self.code},
            {"token": self.code.lower()},
            {"hash": hash_, "pid": self.citizen.partner_id.id},
        ):
            with self.subTest(access=list(access)):
                response = self.jsonrpc(
                    "/mail/message/post",
                    {
                        "thread_model": "chikaya.complaint",
                        "thread_id": self.complaint.id,
                        "post_data": {
                            "body": "Spam to every follower",
                            "message_type": "comment",
                            "subtype_xmlid": "mail.mt_comment",
                        },
                        **access,
                    },
                )
                self.assertIn("error", response.json())
        self.assertEqual(self.messages(), before)

    def test_attachment_upload_refuses_the_code(self):
        self.authenticate(None, None)
        Attachment = self.env["ir.attachment"].sudo()
        before = Attachment.search_count([("res_model", "=", "chikaya.complaint")])
        response = self.url_open(
            "/mail/attachment/upload",
            data={
                "thread_model": "chikaya.complaint",
                "thread_id": str(self.complaint.id),
                "token": self.code,
                "csrf_token": http.Request.csrf_token(self),
            },
            files={"ufile": ("evil.html", b"<script>alert(1)</script>", "text/html")},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Attachment.search_count([("res_model", "=", "chikaya.complaint")]), before)
        self.assertFalse(Attachment.search([("name", "=", "evil.html")]))

    def test_chatter_routes_show_nothing_with_the_code(self):
        self.authenticate(None, None)
        response = self.jsonrpc(
            "/mail/chatter_fetch",
            {
                "thread_model": "chikaya.complaint",
                "thread_id": self.complaint.id,
                "token": self.code,
            },
        )
        self.assertNotIn("Which street", response.text)
        response = self.jsonrpc(
            "/portal/chatter_init",
            {
                "thread_model": "chikaya.complaint",
                "thread_id": self.complaint.id,
                "token": self.code,
            },
        )
        self.assertNotIn("Which street", response.text)
        self.assertNotIn(self.citizen.partner_id.name, response.text)

    def test_reaction_refuses_the_code(self):
        self.authenticate(None, None)
        response = self.jsonrpc(
            "/mail/message/reaction",
            {
                "message_id": self.public_message.id,
                "content": "👍",
                "action": "add",
                "token": self.code,
            },
        )
        self.assertIn("error", response.json())
        self.assertFalse(self.public_message.reaction_ids)

    def test_web_content_refuses_the_code(self):
        self.authenticate(None, None)
        response = self.url_open(
            f"/web/content?model=chikaya.complaint&id={self.complaint.id}"
            f"&field=paper_scan&access_token={self.code}"
        )
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(PNG, response.content)
        # /web/image answers with Odoo's placeholder image, never the scan
        response = self.url_open(
            f"/web/image/chikaya.complaint/{self.complaint.id}/paper_scan?access_token={self.code}"
        )
        self.assertNotIn(PNG, response.content)
        # the check that the placeholder is not the scan: the handler gets the scan
        self.authenticate("t_handler_a", "t_handler_a")
        response = self.url_open(
            f"/web/content?model=chikaya.complaint&id={self.complaint.id}&field=paper_scan"
        )
        self.assertEqual(response.content, PNG)

    def test_notification_email_carries_no_token(self):
        """The citizen's notification emails have no "View" button with a token."""
        self.complaint.with_user(self.handler_a).message_post(
            body="We are on it",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.citizen.partner_id.ids,
        )
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "chikaya.complaint"), ("res_id", "=", self.complaint.id)])
        )
        self.assertTrue(mails)
        for mail in mails:
            self.assertNotIn("access_token=", mail.body_html or "")
            self.assertNotIn(self.code, mail.body_html or "")
        self.assertFalse(self.complaint.access_token)
