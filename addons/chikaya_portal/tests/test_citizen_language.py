from odoo.http import Request
from odoo.tests import Form, tagged

from .common import FilingCase

# What tells an email's language (the core's and mail's translations in i18n/*.po): the
# acknowledgement's and the answer's subjects, and the lang attribute of the notification
# layout (mail.mail_notification_layout) that wraps a request for information and the
# answer.
ACK_SUBJECT = {"fr_FR": "a bien été reçue", "ar_001": "تم التوصل بشكايتكم"}
ANSWER_SUBJECT = {"fr_FR": "Réponse à votre réclamation", "ar_001": "الرد على شكايتكم"}


@tagged("post_install", "-at_install")
class TestCitizenLanguage(FilingCase):
    """The citizen's emails (acknowledgement, request for information, answer) are in the
    citizen's language, never a staff member's: the language of the website's page they
    filed on; French for a letter registered by staff, unless the handler picks Arabic."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website_in_french_and_arabic()
        # A handler whose interface is in Arabic, another in French.
        cls.handler_a.lang = "ar_001"
        cls.handler_b.lang = "fr_FR"

    def mails_to(self, complaint):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", complaint.partner_id.ids)], order="id")
        )

    def assert_emails_in(self, complaint, lang):
        """The acknowledgement, then a request for information and the answer (through the
        handler's actions), all in `lang`."""
        self.assertEqual(complaint.partner_id.lang, lang)
        self.assertEqual(complaint.citizen_lang, lang)
        (ack,) = self.ack_mails(complaint)
        self.assertIn(ACK_SUBJECT[lang], ack.subject)
        handler = complaint.handler_id or self.handler_a
        as_handler = complaint.with_user(handler)
        as_handler.action_start()
        before = self.mails_to(complaint)
        as_handler.action_request_info("Which street exactly?")
        (question,) = self.mails_to(complaint) - before
        self.assertIn(f'<html lang="{lang}"', question.body_html)
        self.assertIn("Which street exactly?", question.body_html)
        complaint._provide_info_from_citizen(message="Avenue Test.")
        as_handler.response = "Repaired."
        before = self.mails_to(complaint)
        as_handler.action_answer()
        (answer,) = self.mails_to(complaint) - before
        self.assertIn(ANSWER_SUBJECT[lang], answer.subject)
        self.assertIn(f'<html lang="{lang}"', answer.body_html)

    def test_website_filing_in_the_page_language(self):
        for prefix, lang in (("/fr", "fr_FR"), ("/ar", "ar_001")):
            with self.subTest(lang=lang):
                self.authenticate(None, None)
                subject = f"Language {lang}"
                data = self.form_data(subject=subject, citizen_email=f"citizen.{lang}@example.ma")
                response = self.url_open(
                    f"{prefix}/complaints/new",
                    data=dict(data, csrf_token=Request.csrf_token(self)),
                    allow_redirects=False,
                )
                self.assertEqual(response.status_code, 303, response.text[:300])
                complaint = self.filed(subject)
                self.assert_emails_in(complaint, lang)

    def test_letter_in_french_unless_the_handler_picks_arabic(self):
        """The bureau d'ordre's form starts with French whatever the handler's own
        language; picking Arabic gives an Arabic-speaking citizen their emails in Arabic."""
        Complaint = self.env["chikaya.complaint"].with_user(self.handler_a)
        form = Form(
            Complaint.with_context(default_channel="paper"),
            view="chikaya_complaints.chikaya_complaint_view_form_paper",
        )
        self.assertEqual(form.citizen_lang, "fr_FR")
        vals = self.complaint_vals(
            channel="paper", paper_reference="BO/1", citizen_email="letter.fr@example.ma"
        )
        vals.pop("partner_id", None)
        french = Complaint.create(vals)
        self.assert_emails_in(french, "fr_FR")
        arabic = Complaint.create(
            dict(vals, citizen_email="letter.ar@example.ma", citizen_lang="ar_001")
        )
        self.assert_emails_in(arabic, "ar_001")

    def test_known_citizen_takes_the_language_picked(self):
        """A citizen already known by email (a contact without an account) who writes in
        Arabic this time: the contact's language follows the handler's choice."""
        vals = self.complaint_vals(
            channel="paper", paper_reference="BO/2", citizen_email="known@example.ma"
        )
        vals.pop("partner_id", None)
        Complaint = self.env["chikaya.complaint"].with_user(self.handler_a)
        first = Complaint.create(vals)
        self.assertEqual(first.partner_id.lang, "fr_FR")
        second = Complaint.create(dict(vals, citizen_lang="ar_001"))
        self.assertEqual(second.partner_id, first.partner_id)
        self.assertEqual(first.partner_id.lang, "ar_001")
        # A citizen's account keeps the language its holder chose.
        self.citizen.lang = "fr_FR"
        mine = self.make_complaint(partner_id=self.citizen.partner_id.id)
        mine.with_user(self.handler_a).citizen_lang = "ar_001"
        self.assertEqual(self.citizen.partner_id.lang, "fr_FR")
