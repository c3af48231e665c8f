from odoo.tests import tagged

from .common import ChikayaPortalCase


@tagged("post_install", "-at_install")
class TestFilingTours(ChikayaPortalCase):
    """A citizen files in a real browser (Chromium), then opens the complaint from the
    confirmation's tracking link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        website = cls.env["website"].get_current_website()
        arabic = cls.env["res.lang"]._activate_lang("ar_001")
        website.language_ids |= arabic

    def assert_filed(self, subject):
        complaint = self.env["chikaya.complaint"].sudo().search([("subject", "=", subject)])
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
                    "citizen_name": "Youssef Tour",
                    "citizen_id_type": "cin",
                    "citizen_id_number": "K98765",
                    "citizen_email": "youssef.tour@example.ma",
                    "citizen_phone": "0661234567",
                }
            ],
        )
        self.assertTrue(complaint.privacy_consent_date)
        self.assertEqual(complaint.attachment_ids.mapped("name"), ["letter.pdf"])
        self.assertEqual(complaint.attachment_ids.mimetype, "application/pdf")
        return complaint

    def test_filing_tour(self):
        self.start_tour("/complaints/new", "chikaya_portal_filing_tour", login=None)
        self.assert_filed("Tour: street light out")

    def test_filing_tour_arabic(self):
        self.start_tour("/ar/complaints/new", "chikaya_portal_filing_ar_tour", login=None)
        complaint = self.assert_filed("Tour AR: street light out")
        # The citizen's contact (and so their emails) is in Arabic.
        self.assertEqual(complaint.partner_id.lang, "ar_001")
