from odoo.tests import tagged

from odoo.addons.chikaya_complaints.tools.public_input import clean_access_code

from .common import JPEG, PDF, PNG, ChikayaPortalCase, FilingCase


@tagged("post_install", "-at_install")
class TestFiling(FilingCase):
    def test_anonymous_filing(self):
        self.authenticate(None, None)
        page = self.url_open("/complaints/new")
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="csrf_token"', page.text)
        self.assertIn(f'value="{self.commune_a.id}"', page.text)
        response = self.post_form(
            self.form_data(),
            files=[
                ("attachments", ("photo.png", PNG, "image/png")),
                ("attachments", ("letter.pdf", PDF, "application/pdf")),
                ("attachments", ("street.jpg", JPEG, "image/jpeg")),
            ],
        )
        self.assertEqual(response.status_code, 303, response.text[:2000])
        self.assertTrue(response.headers["Location"].endswith("/complaints/confirmation"))
        complaint = self.filed("Pothole in Avenue Hassan II")
        self.assertEqual(len(complaint), 1)
        self.assertRecordValues(
            complaint,
            [
                {
                    "kind": "reclamation",
                    "channel": "portal",
                    "state": "new",
                    "collectivity_id": self.commune_a.id,
                    "theme_id": self.theme.id,
                    "citizen_name": "Nadia Filer",
                    "citizen_id_type": "cin",
                    "citizen_id_number": "BE123456",
                    "citizen_email": "nadia.filer@example.ma",
                    "citizen_phone": "0612345678",
                }
            ],
        )
        self.assertTrue(complaint.privacy_consent_date)
        self.assertEqual(complaint.partner_id.email, "nadia.filer@example.ma")
        self.assertFalse(complaint.partner_id.user_ids)
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", "chikaya.complaint"), ("res_id", "=", complaint.id)])
        )
        self.assertEqual(
            sorted(attachments.mapped("mimetype")), ["application/pdf", "image/jpeg", "image/png"]
        )
        self.assertFalse(any(attachments.mapped("public")))
        # The acknowledgement is queued for the citizen.
        mail = (
            self.env["mail.mail"].sudo().search([("recipient_ids", "in", complaint.partner_id.id)])
        )
        self.assertEqual(len(mail), 1)
        # The confirmation (same session) shows the number, the code and the tracking link;
        # the acknowledgement carries the same code.
        confirmation = self.url_open("/complaints/confirmation")
        self.assertEqual(confirmation.status_code, 200)
        self.assertIn(complaint.name, confirmation.text)
        code = self.element_text(confirmation.text, "chikaya_access_code")
        self.assertEqual(clean_access_code(code), code)
        self.assertIn(code, mail.body_html)
        self.assertIn(
            f"/complaints/track?number={complaint.name}&amp;code={code}",
            confirmation.text,
        )
        self.assertEqual(confirmation.headers.get("Cache-Control"), "no-store")
        # Another browser (another session) gets nothing.
        self.authenticate(None, None)
        other = self.url_open("/complaints/confirmation")
        self.assertEqual(other.status_code, 404)
        self.assertNotIn(code, other.text)

    def test_anonymous_filing_with_an_account_email(self):
        """Typing a citizen's email without signing in must not put the complaint in their
        /my/complaints: it gets a contact of its own; the same email of a contact without an
        account is reused (no duplicate contacts for repeat filers)."""
        self.authenticate(None, None)
        for subject in ("Claimed in Amina's name", "Second in Amina's name"):
            response = self.post_form(
                self.form_data(subject=subject, citizen_email=self.citizen.email)
            )
            self.assertEqual(response.status_code, 303, response.text[:2000])
        first, second = self.filed("Claimed in Amina's name"), self.filed("Second in Amina's name")
        self.assertTrue(first and second)
        self.assertNotEqual(first.partner_id, self.citizen.partner_id)
        self.assertNotEqual(second.partner_id, self.citizen.partner_id)
        self.assertFalse((first | second).partner_id.user_ids)
        self.assertEqual(first.partner_id.email, self.citizen.email)
        self.authenticate("t_citizen1", "t_citizen1")
        mine = self.url_open("/my/complaints")
        self.assertEqual(mine.status_code, 200)
        self.assertNotIn(first.name, mine.text)
        self.assertEqual(self.url_open(f"/my/complaints/{first.id}").status_code, 404)
        # without an account behind the email, repeat filings share one contact
        self.authenticate(None, None)
        for subject in ("Repeat one", "Repeat two"):
            self.post_form(self.form_data(subject=subject, citizen_email="repeat@example.ma"))
        self.assertEqual(self.filed("Repeat one").partner_id, self.filed("Repeat two").partner_id)

    def test_anonymous_observation_without_identity(self):
        self.authenticate(None, None)
        response = self.post_form(
            self.form_data(
                kind="observation",
                subject="Bench broken",
                citizen_name="",
                citizen_id_type="",
                citizen_id_number="",
                citizen_email="",
                citizen_phone="",
                commune_id=str(self.commune_b.id),
            )
        )
        self.assertEqual(response.status_code, 303, response.text[:2000])
        complaint = self.filed("Bench broken")
        self.assertRecordValues(
            complaint,
            [{"kind": "observation", "collectivity_id": self.commune_b.id, "partner_id": False}],
        )
        confirmation = self.url_open("/complaints/confirmation")
        code = self.element_text(confirmation.text, "chikaya_access_code")
        self.assertEqual(clean_access_code(code), code)

    def test_logged_in_filing(self):
        self.authenticate(self.citizen.login, self.citizen.login)
        page = self.url_open("/complaints/new")
        self.assertEqual(page.status_code, 200)
        # Identity prefilled from the citizen's contact.
        self.assertRegex(page.text, r'id="chikaya_citizen_name"[^>]*value="Amina Citizen"')
        self.assertRegex(page.text, r'id="chikaya_citizen_email"[^>]*value="amina@example.ma"')
        self.assertRegex(page.text, r'id="chikaya_citizen_phone"[^>]*value="0611223344"')
        response = self.post_form(
            self.form_data(
                subject="Rubbish not collected",
                citizen_name="Amina Citizen",
                citizen_email="amina@example.ma",
                commune_id=str(self.commune_c.id),
                province_id=str(self.province_2.id),
            ),
            files=[("attachments", ("scan.pdf", PDF, "application/pdf"))],
        )
        self.assertEqual(response.status_code, 303, response.text[:2000])
        complaint = self.filed("Rubbish not collected")
        self.assertEqual(complaint.partner_id, self.citizen.partner_id)
        self.assertEqual(complaint.collectivity_id, self.commune_c)
        self.assertEqual(complaint.channel, "portal")
        self.assertEqual(len(complaint.attachment_ids), 1)
        self.assertEqual(complaint.attachment_ids.mimetype, "application/pdf")
        # The citizen reads it as their own complaint.
        self.assertEqual(self.Complaint.with_user(self.citizen).search([]), complaint)
        # Next time, the ID document is prefilled too (from their last complaint).
        page = self.url_open("/complaints/new")
        self.assertRegex(page.text, r'id="chikaya_citizen_id_number"[^>]*value="BE123456"')


@tagged("post_install", "-at_install")
class TestLanding(ChikayaPortalCase):
    def test_landing(self):
        """The three kinds, the deadline of the settings (not a constant), the three ways."""
        self.env["ir.config_parameter"].sudo().set_param(
            "chikaya_complaints.legal_deadline_days", 45
        )
        response = self.url_open("/complaints")
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertRegex(html, r"<strong>\s*45\s*[^<]*</strong>")
        for path in ("/complaints/new", "/complaints/track", "/complaints/faq"):
            self.assertRegex(html, rf'href="(/[a-z_]+)?{path}"')
        # The website's home page is this page (same content at `/`); the main menu leads
        # to the tracking page and the FAQ.
        self.assertEqual(self.env["website"].get_current_website().homepage_url, "/complaints")
        home = self.url_open("/")
        self.assertEqual(home.status_code, 200)
        self.assertRegex(home.text, r"<strong>\s*45\s*[^<]*</strong>")
        website = self.env["website"].get_current_website()
        self.assertEqual(
            set(website.menu_id.child_id.mapped("url")) & {"/complaints/track", "/complaints/faq"},
            {"/complaints/track", "/complaints/faq"},
        )

    def test_confirmation_without_filing(self):
        response = self.url_open("/complaints/confirmation")
        self.assertEqual(response.status_code, 404)
