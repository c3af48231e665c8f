import re

from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from ..tools.workflow import workflow_writes
from .common import ChikayaCase


@tagged("post_install", "-at_install")
class TestComplaintNumbering(ChikayaCase):
    def test_tracking_number_and_access_code(self):
        with workflow_writes():
            complaints = self.env["chikaya.complaint"].create(
                [self.complaint_vals(subject=f"Complaint {i}") for i in range(30)]
            )
        year = complaints[0].create_date.year
        # Sequences are not rolled back between tests: check the shape, not the value.
        pattern = re.compile(rf"^CHK-{year}-\d{{6}}$")
        for complaint in complaints:
            self.assertRegex(complaint.name, pattern)
            code = complaint.new_access_code
            # the documented code: 12 characters, digits and capitals without the
            # look-alikes 0/O, 1/I/L (written out, not read from complaint_data)
            self.assertRegex(code, r"^[2-9A-HJKMNP-Z]{12}$")
            # Stored as an HMAC only; portal.mixin's token stays empty.
            self.assertTrue(complaint._check_access_code(code))
            self.assertNotIn(code, complaint.access_code_hash)
            self.assertFalse(complaint.access_token)
        self.assertEqual(len(set(complaints.mapped("name"))), 30)
        self.assertEqual(len(set(complaints.mapped("new_access_code"))), 30)
        self.assertEqual(len(set(complaints.mapped("access_code_hash"))), 30)
        numbers = sorted(int(n[-6:]) for n in complaints.mapped("name"))
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 30)))

    def test_tracking_number_is_not_taken_from_input(self):
        complaint = self.make_complaint()
        self.assertNotEqual(complaint.name, "New")
        self.assertTrue(complaint.name.startswith("CHK-"))

    @mute_logger("odoo.sql_db")
    def test_access_code_unique_in_database(self):
        first = self.make_complaint()
        second = self.make_complaint()
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            second._workflow_write({"access_code_hash": first.access_code_hash})
            second.flush_recordset()
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.make_complaint(name=first.name)

    def ack_mail(self, complaint):
        return self.ack_mails(complaint)

    def test_acknowledgement(self):
        complaint = self.make_complaint(citizen_email="new.citizen@example.ma")
        self.assertTrue(complaint.acknowledged_date)
        self.assertEqual(complaint.partner_id.email, "new.citizen@example.ma")
        mail = self.ack_mail(complaint)
        self.assertEqual(len(mail), 1)
        self.assertIn(complaint.name, mail.subject)
        self.assertIn(complaint.name, mail.body_html)
        code = complaint.new_access_code
        self.assertIn(code, mail.body_html)
        self.assertIn(f"code={code}", mail.body_html)
        # Deleted once sent, and never in the chatter: the code stays out of staff's reach.
        self.assertTrue(mail.auto_delete)
        messages = self.env["mail.message"].search(
            [("model", "=", "chikaya.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertTrue(messages)
        for message in messages:
            self.assertNotIn(code, message.body or "")
        # The same citizen filing again is the same partner, not a duplicate.
        again = self.make_complaint(citizen_email="New.Citizen@example.ma")
        self.assertEqual(again.partner_id, complaint.partner_id)

    def test_acknowledgement_in_citizen_language(self):
        """French for a French-speaking citizen, Arabic (right to left) for an Arabic one."""
        for lang in ("fr_FR", "ar_001"):
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(
            ["chikaya_complaints"], ["fr_FR", "ar_001"], overwrite=True
        )
        expected = {
            "fr_FR": ("a bien été reçue", "Bonjour", 'dir="ltr"'),
            "ar_001": ("تم التوصل بشكايتكم", "السيد(ة)", 'dir="rtl"'),
        }
        for lang, (subject, greeting, direction) in expected.items():
            with self.subTest(lang=lang):
                with workflow_writes():
                    complaint = (
                        self.env["chikaya.complaint"]
                        .with_context(lang=lang)
                        .create(self.complaint_vals(citizen_email=f"{lang}@example.ma"))
                    )
                self.assertEqual(complaint.partner_id.lang, lang)
                mail = self.ack_mail(complaint)
                self.assertIn(subject, mail.subject)
                self.assertIn(greeting, mail.body_html)
                if lang == "ar_001":
                    self.assertIn(direction, mail.body_html)
                else:
                    self.assertNotIn('dir="rtl"', mail.body_html)

    def test_anonymous_observation_sends_nothing(self):
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search_count([])
        complaint = self.make_complaint(
            kind="observation",
            citizen_name=False,
            citizen_id_type=False,
            citizen_id_number=False,
            citizen_email=False,
            citizen_phone=False,
        )
        self.assertFalse(complaint.partner_id)
        self.assertFalse(complaint.acknowledged_date)
        self.assertEqual(Mail.search_count([]), before)
