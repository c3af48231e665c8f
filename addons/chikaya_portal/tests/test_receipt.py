import json
import re
import subprocess
import tempfile

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.chikaya_complaints.tests.common import ChikayaRpcCase

REPORT = "chikaya_complaints.action_report_chikaya_complaint_receipt"
REPORT_NAME = "chikaya_complaints.report_chikaya_complaint_receipt"
# Unicode bidi controls that pdftotext writes around right-to-left text.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@tagged("post_install", "-at_install")
class TestReceipt(ChikayaRpcCase):
    """The bureau d'ordre's receipt of a paper complaint: printing it gives the citizen a new
    access code (the old one stops working, the chatter says so), printed once on a PDF in
    French and Arabic with the number, the date of receipt, the collectivity, the subject
    and how to follow the request online."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env.company.write(
            {
                "chikaya_institution_name": "Commune de Testville",
                "chikaya_institution_name_ar": "جماعة تيستفيل",
                "chikaya_office_address": "Hôtel de ville, avenue Test",
                "chikaya_office_address_ar": "مقر الجماعة، شارع الاختبار",
                "chikaya_office_phone": "05 37 11 22 33",
            }
        )

    def setUp(self):
        super().setUp()
        self.letter = self.make_complaint(
            channel="paper",
            paper_reference="BO/2026/00042",
            subject="Lettre : lampadaire éteint",
            partner_id=False,
        )
        self.first_code = self.letter.new_access_code

    def print_receipt(self, user):
        action = self.letter.with_user(user).action_print_receipt()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], REPORT_NAME)
        return self.letter.new_access_code

    def render(self, user, **context):
        report = self.env["ir.actions.report"].with_user(user).with_context(**context)
        return report._render_qweb_pdf(REPORT, self.letter.ids)[0]

    def test_printing_gives_a_new_code(self):
        code = self.print_receipt(self.handler_a)
        self.assertTrue(code)
        self.assertNotEqual(code, self.first_code)
        self.assertTrue(self.letter._check_access_code(code))
        self.assertFalse(self.letter._check_access_code(self.first_code))
        # The chatter says who printed it (the note is the core's, in the handler's
        # language), never the code.
        note = self.letter.message_ids[0]
        self.assertEqual(note.author_id, self.handler_a.partner_id)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertNotIn(code, note.body)

    def test_receipt_content(self):
        code = self.print_receipt(self.handler_a)
        html = self.render(self.handler_a).decode()
        sections = re.findall(
            r'<section class="o_chikaya_receipt_section" lang="(\w+)" dir="(\w+)"', html
        )
        self.assertEqual(sections, [("fr", "ltr"), ("ar", "rtl")])
        french, arabic = html.split('class="o_chikaya_receipt_section"')[1:]
        for section in (french, arabic):
            self.assertEqual(section.count(self.letter.name), 2)  # the number and the URL
            self.assertIn(f'class="o_chikaya_receipt_code">{code}<', section)
            self.assertIn("BO/2026/00042", section)
            self.assertIn("Lettre : lampadaire éteint", section)
            self.assertIn(f"/complaints/track?number={self.letter.name}", section)
            self.assertIn("05 37 11 22 33", section)
        self.assertIn("Commune A", french)
        self.assertIn("Commune de Testville", french)
        self.assertIn("Hôtel de ville, avenue Test", french)
        self.assertIn("جماعة أ", arabic)
        self.assertIn("جماعة تيستفيل", arabic)
        self.assertIn("مقر الجماعة، شارع الاختبار", arabic)
        # The QR code opens the tracking page with the code; it is drawn, not linked.
        self.assertEqual(
            len(
                re.findall(
                    r'<img class="o_chikaya_receipt_qr"[^>]* src="data:image/png;base64,', html
                )
            ),
            2,
        )
        self.assertNotIn("/report/barcode", html)

    def test_pdf_in_french_and_arabic(self):
        """The PDF itself (Chromium): the text is there in both languages, in reading
        order, and drawn with an Arabic font."""
        code = self.print_receipt(self.handler_a)
        pdf = self.render(self.handler_a, force_report_rendering=True)
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            text = subprocess.run(
                ["pdftotext", file.name, "-"], capture_output=True, check=True, text=True
            ).stdout
            fonts = subprocess.run(
                ["pdffonts", file.name], capture_output=True, check=True, text=True
            ).stdout
            pages = subprocess.run(
                ["pdfinfo", file.name], capture_output=True, check=True, text=True
            ).stdout
        text = BIDI_CONTROLS.sub("", text)
        self.assertEqual(text.count(code), 2)
        self.assertEqual(text.count(self.letter.name), 4)
        for expected in ("Commune A", "جماعة أ", "جماعة تيستفيل", "BO/2026/00042"):
            self.assertIn(expected, text)
        self.assertIn("NotoNaskhArabic", fonts)
        self.assertRegex(pages, r"Pages:\s+1\n")

    def test_code_travels_once_through_the_session(self):
        """Over HTTP, as the web client does: the button's request gives the code, the PDF's
        request prints it; printing the same URL again gives no code (shown once)."""
        result, error = self.rpc(
            "t_handler_a", "chikaya.complaint", "action_print_receipt", [self.letter.id]
        )
        self.assertFalse(error)
        self.assertEqual(result["report_name"], REPORT_NAME)
        url = f"/report/html/{REPORT_NAME}/{self.letter.id}"
        first = self.url_open(url)
        self.assertEqual(first.status_code, 200)
        printed = re.search(r'class="o_chikaya_receipt_code">(\w+)<', first.text).group(1)
        self.assertTrue(self.letter._check_access_code(printed))
        self.assertFalse(self.letter._check_access_code(self.first_code))
        again = self.url_open(url)
        self.assertNotIn('class="o_chikaya_receipt_code"', again.text)
        self.assertNotIn(printed, again.text)
        # Opening the report's URL changes no code (no printing behind the staff's back).
        self.assertTrue(self.letter._check_access_code(printed))
        context = json.dumps({"force_report_rendering": True})
        pdf_url = f"/report/pdf/{REPORT_NAME}/{self.letter.id}?context={context}"
        self.assertNotIn(printed.encode(), self.url_open(pdf_url).content)

    def test_refusals(self):
        # Not a paper letter.
        online = self.make_complaint(channel="portal")
        with self.assertRaises(UserError):
            online.with_user(self.handler_a).action_print_receipt()
        # Not in the handler's scope, nor for a manager (who reads, does not register).
        for user in (self.handler_b, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.letter.with_user(user).action_print_receipt()
        self.assertTrue(self.letter._check_access_code(self.first_code))
        # The report's address without the button: no code to print.
        self.authenticate("t_handler_a", "t_handler_a")
        response = self.url_open(f"/report/html/{REPORT_NAME}/{self.letter.id}")
        self.assertNotIn('class="o_chikaya_receipt_code"', response.text)
        self.assertTrue(self.letter._check_access_code(self.first_code))
