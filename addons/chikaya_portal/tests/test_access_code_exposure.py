"""Where the access code shows (issue: trust boundaries, part 3): once on the confirmation
page and in the acknowledgement, once to the staff who register a letter, never in the
chatter, in a Referer header or in the server log."""

import logging
import re
import time

from werkzeug.urls import url_encode

from odoo.tests import tagged

from odoo.addons.chikaya_complaints.tests.common import ChikayaRpcCase
from odoo.addons.chikaya_complaints.tools.log_redaction import REDACTED, RedactSecretsFilter, redact

from .common import FilingCase


@tagged("post_install", "-at_install")
class TestAccessCodeExposure(ChikayaRpcCase, FilingCase):
    def file_one(self):
        self.authenticate(None, None)
        self.url_open("/complaints/new")
        response = self.post_form(self.form_data(subject="Code shown once"))
        self.assertEqual(response.status_code, 303, response.text[:1000])
        return self.filed("Code shown once")

    def test_confirmation_shows_the_code_once(self):
        complaint = self.file_one()
        first = self.url_open("/complaints/confirmation")
        self.assertEqual(first.status_code, 200)
        match = re.search(r'id="chikaya_access_code"[^>]*>([A-Z0-9]{12})<', first.text)
        self.assertTrue(match, "the code is not on the confirmation page")
        code = match.group(1)
        self.assertTrue(complaint._check_access_code(code))
        self.assertEqual(first.headers.get("Cache-Control"), "no-store")
        # a reload shows the number, not the code
        again = self.url_open("/complaints/confirmation")
        self.assertEqual(again.status_code, 200)
        self.assertIn(complaint.name, again.text)
        self.assertNotIn(code, again.text)
        self.assertIn('id="chikaya_access_code_shown"', again.text)
        # the acknowledgement has it; the chatter never does
        mail = self.ack_mails(complaint)
        self.assertEqual(len(mail), 1)
        self.assertIn(code, mail.body_html)
        self.assertTrue(mail.auto_delete)
        self.assertFalse(mail.model)
        for message in complaint.message_ids:
            self.assertNotIn(code, message.body or "")
        # nor does the stored record
        self.assertFalse(complaint.access_token)
        self.assertNotIn(code, complaint.access_code_hash)

    def test_pages_carrying_the_code_send_no_referrer(self):
        complaint = self.make_complaint(subject="Referrer")
        code = complaint.new_access_code
        query = url_encode({"number": complaint.name, "code": code})
        for url in (
            f"/complaints/track?{query}",
            f"/my/complaints/{complaint.id}?{url_encode({'access_token': code})}",
        ):
            with self.subTest(url=url.split("?")[0]):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer")
                self.assertEqual(response.headers.get("Cache-Control"), "no-store")

    def test_server_log_does_not_record_the_code(self):
        """The request log (werkzeug's, written by the server's thread once the response is
        sent: hence the short wait) has the tracking number, not the code."""
        complaint = self.make_complaint(subject="Logged")
        code = complaint.new_access_code
        query = url_encode({"number": complaint.name, "code": code})
        logger = logging.getLogger("werkzeug")
        records = []
        handler = logging.Handler(level=logging.INFO)
        handler.emit = lambda record: records.append(record.getMessage())
        logger.addHandler(handler)
        self.addCleanup(logger.removeHandler, handler)
        level = logger.level
        logger.setLevel(logging.INFO)
        self.addCleanup(logger.setLevel, level)
        self.url_open(f"/complaints/track?{query}")
        self.url_open(f"/my/complaints/{complaint.id}?{url_encode({'access_token': code})}")
        for _i in range(50):
            lines = [line for line in records if "GET /" in line]
            if len(lines) >= 2:
                break
            time.sleep(0.05)
        self.assertEqual(len(lines), 2, records)
        for line in lines:
            self.assertNotIn(code, line)
            self.assertIn(REDACTED, line)
        self.assertIn(complaint.name, lines[0])

    def test_redaction_filter(self):
        record = logging.LogRecord(
            "werkzeug",
            logging.INFO,
            __file__,
            1,
            '%s - - [x] "%s" %s %s',
            (
                "127.0.0.1",
                "GET /complaints/track?number=CHK-2026-000001&code=ABCDEFGHJKMN HTTP/1.1",
                "200",
                "-",
            ),
            None,
        )
        RedactSecretsFilter().filter(record)
        message = record.getMessage()
        self.assertNotIn("ABCDEFGHJKMN", message)
        self.assertIn("number=CHK-2026-000001&code=" + REDACTED, message)
        self.assertEqual(
            redact("/my/complaints/4?access_token=X1&done=rate"),
            f"/my/complaints/4?access_token={REDACTED}&done=rate",
        )

    def test_new_access_code_replaces_the_old_one(self):
        complaint = self.make_complaint(subject="Lost code", channel="paper")
        old = complaint.new_access_code
        result, error = self.rpc(
            "t_handler_a", "chikaya.complaint", "action_new_access_code", [complaint.id]
        )
        self.assertFalse(error)
        new = re.search(r"[A-Z0-9]{12}", result["params"]["message"]).group(0)
        self.assertNotEqual(new, old)
        self.assertFalse(complaint._check_access_code(old))
        self.assertTrue(complaint._check_access_code(new))
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: m.author_id == self.handler_a.partner_id)
        )
        for message in complaint.message_ids:
            self.assertNotIn(new, message.body or "")
        # another commune's handler cannot
        _result, error = self.rpc(
            "t_handler_b", "chikaya.complaint", "action_new_access_code", [complaint.id]
        )
        self.assert_refused(error)
