from odoo.tests import tagged

from odoo.addons.chikaya_complaints.tests.a11y import axe_code, axe_in_browser

from .common import ChikayaPortalCase


@tagged("post_install", "-at_install")
class TestPublicAccessibility(ChikayaPortalCase):
    """axe-core (WCAG 2.1 A/AA) finds no serious or critical violation on the public pages
    of the filing part, in French and in Arabic (right to left)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website_in_french_and_arabic()
        cls.env["chikaya.faq"].create(
            {
                "question": "Who repairs lights?",
                "answer": "<p>The commune.</p>",
                "theme_id": cls.theme.id,
            }
        )

    def test_pages(self):
        with axe_in_browser(self):
            for prefix in ("/fr", "/ar"):
                for path, label in (
                    ("/complaints", "landing"),
                    ("/complaints/new", "filing form"),
                    ("/complaints/faq", "FAQ"),
                    ("/complaints/faq?search=nothing-matches", "FAQ without result"),
                ):
                    with self.subTest(page=prefix + path):
                        self.browser_js(prefix + path, axe_code(f"{label} {prefix}"))

    def test_form_with_errors(self):
        with axe_in_browser(self):
            for prefix in ("/fr", "/ar"):
                with self.subTest(lang=prefix):
                    self.start_tour(
                        prefix + "/complaints/new", "chikaya_portal_filing_errors_tour", login=None
                    )

    def test_confirmation(self):
        with axe_in_browser(self):
            self.start_tour(
                "/complaints/new", "chikaya_portal_filing_confirmation_tour", login=None
            )
        self.assertTrue(
            self.env["chikaya.complaint"]
            .sudo()
            .search([("subject", "=", "Tour: audit observation")])
        )
