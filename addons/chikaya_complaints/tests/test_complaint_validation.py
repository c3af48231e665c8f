from datetime import date, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ChikayaCase


@tagged("post_install", "-at_install")
class TestComplaintValidation(ChikayaCase):
    def assert_refused(self, message_part, **overrides):
        Complaint = self.env["chikaya.complaint"]
        before = Complaint.search_count([])
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            self.make_complaint(**overrides)
        self.assertIn(message_part, str(caught.exception))
        self.assertEqual(Complaint.search_count([]), before)

    def test_reclamation_needs_identity(self):
        self.assert_refused("your name", citizen_name=False)
        self.assert_refused("your ID number", citizen_id_number=False)
        self.assert_refused(
            "email address or a phone number", citizen_email=False, citizen_phone=False
        )

    def test_observation_may_be_anonymous(self):
        for kind in ("observation", "suggestion"):
            complaint = self.make_complaint(
                kind=kind,
                citizen_name=False,
                citizen_id_type=False,
                citizen_id_number=False,
                citizen_email=False,
                citizen_phone=False,
            )
            self.assertEqual(complaint.kind, kind)

    def test_required_fields(self):
        labels = {
            "subject": "Subject",
            "description": "Description",
            "collectivity_id": "Collectivity",
            "theme_id": "Theme",
        }
        for field, label in labels.items():
            with self.subTest(field=field):
                self.assert_refused(f"Please fill in: {label}", **{field: False})
        self.assert_refused("Please fill in: Subject", subject="   ")
        complaint = self.make_complaint()
        with self.assertRaises(ValidationError), self.cr.savepoint():
            complaint.write({"subject": " "})
        self.assertTrue(complaint.subject)

    def test_cin(self):
        for bad in ("123456", "ABC12345", "AB1234567", "A1B234", "AB"):
            with self.subTest(cin=bad):
                self.assert_refused("is not valid", citizen_id_number=bad)
        for good, stored in (("ab123456", "AB123456"), ("K 98765", "K98765"), ("BE1", "BE1")):
            with self.subTest(cin=good):
                self.assertEqual(
                    self.make_complaint(citizen_id_number=good).citizen_id_number, stored
                )

    def test_passport_and_residence_card(self):
        self.assertTrue(
            self.make_complaint(citizen_id_type="passport", citizen_id_number="AB1234567")
        )
        self.assert_refused("is not valid", citizen_id_type="passport", citizen_id_number="AB12")
        self.assertTrue(
            self.make_complaint(citizen_id_type="residence", citizen_id_number="E123456")
        )
        self.assert_refused("is not valid", citizen_id_type="residence", citizen_id_number="123456")
        self.assert_refused("type of your ID document", citizen_id_type=False)

    def test_phone(self):
        for bad in ("0312345678", "061234567", "+33612345678", "06123456789", "phone"):
            with self.subTest(phone=bad):
                self.assert_refused("Moroccan phone number", citizen_phone=bad)
        for good, stored in (
            ("06 12 34 56 78", "0612345678"),
            ("+212 5 37 12 34 56", "+212537123456"),
            ("00212712345678", "00212712345678"),
            ("08.08.12.34.56", "0808123456"),
        ):
            with self.subTest(phone=good):
                self.assertEqual(self.make_complaint(citizen_phone=good).citizen_phone, stored)

    def test_email(self):
        for bad in ("amina", "amina@", "amina@example", "a b@example.ma"):
            with self.subTest(email=bad):
                self.assert_refused("email address", citizen_email=bad)

    def test_received_date_not_in_future(self):
        self.assert_refused(
            "cannot be in the future", received_date=date.today() + timedelta(days=2)
        )
        paper = self.make_complaint(
            channel="paper", received_date=date.today() - timedelta(days=90)
        )
        self.assertEqual(paper.age_days, 90)

    def test_invalid_edit_keeps_saved_value(self):
        complaint = self.make_complaint()
        with self.assertRaises(ValidationError), self.cr.savepoint():
            complaint.write({"citizen_phone": "123"})
        complaint.invalidate_recordset()
        self.assertEqual(complaint.citizen_phone, "0612345678")

    def test_citizen_messages_in_french_and_arabic(self):
        """The main refusals, as citizens read them (written out here: a change of wording
        or a lost translation shows up)."""
        self.env["ir.module.module"]._load_module_terms(
            ["chikaya_complaints"], ["fr_FR", "ar_001"], overwrite=True
        )
        Complaint = self.env["chikaya.complaint"]
        cases = {
            "citizen_name": (
                {"citizen_name": ""},
                "Indiquez votre nom : une réclamation nécessite votre identité.",
                "يرجى إدخال اسمكم: تتطلب الشكاية التعريف بهويتكم.",
            ),
            "citizen_id_number": (
                {"citizen_id_number": "1234"},
                "Ce numéro de pièce d'identité n'est pas valide : une ou deux lettres suivies "
                "d'au plus 6 chiffres sont attendues, par ex. AB123456.",
                "رقم وثيقة الهوية هذا غير صحيح: يجب أن يتكون من حرف أو حرفين متبوعين بـ 6 أرقام "
                "على الأكثر، مثال: AB123456.",
            ),
            "citizen_email": (
                {"citizen_email": "", "citizen_phone": ""},
                "Indiquez une adresse e-mail ou un numéro de téléphone, pour que la réponse "
                "puisse vous parvenir.",
                "يرجى إدخال عنوان بريد إلكتروني أو رقم هاتف حتى يصلكم الرد.",
            ),
            "citizen_phone": (
                {"citizen_phone": "0112345678"},
                "Saisissez un numéro de téléphone marocain : 10 chiffres commençant par 05, 06, "
                "07 ou 08 (ou +212 suivi de 9 chiffres).",
                "يرجى إدخال رقم هاتف مغربي: 10 أرقام تبدأ بـ 05 أو 06 أو 07 أو 08 (أو +212 "
                "متبوعا بـ 9 أرقام).",
            ),
        }
        for field, (overrides, french, arabic) in cases.items():
            vals = self.complaint_vals(**overrides)
            for lang, expected in (("fr_FR", french), ("ar_001", arabic)):
                with self.subTest(field=field, lang=lang):
                    errors = Complaint.with_context(lang=lang)._citizen_errors(vals)
                    self.assertEqual(errors[field], expected)
        # the constraint raises the same messages
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            self.make_complaint(citizen_name="", citizen_phone="0112345678")
        self.assertIn("Give your name", str(caught.exception))
        self.assertIn("Enter a Moroccan phone number", str(caught.exception))
