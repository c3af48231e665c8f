from odoo.tests import tagged

from odoo.addons.chikaya_complaints.tests.a11y import axe_code, axe_in_browser

from .common import ChikayaPortalCase
from .keyboard import browser_session

LANGS = ("fr", "ar")


@tagged("post_install", "-at_install")
class TestSiteAccessibility(ChikayaPortalCase):
    """Every page a citizen reaches around the complaints' pages: the home page, the contact
    page and Odoo's own sign-in, sign-up, password reset and /my pages, in French and in
    Arabic: axe-core finds no serious or critical violation, they work at 200 % zoom, and a
    complaint is filed with the keyboard alone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        website = cls.website_in_french_and_arabic()
        website.company_id.write(
            {
                "chikaya_institution_name": "Commune de Testville",
                "chikaya_institution_name_ar": "جماعة تيستفيل",
                "chikaya_office_address": "Hôtel de ville, avenue Test",
                "chikaya_office_phone": "05 37 11 22 33",
                "chikaya_office_hours": "Du lundi au vendredi",
                "chikaya_cndp_number": "D-TEST-42/2026",
            }
        )

    def test_public_pages(self):
        with axe_in_browser(self):
            for lang in LANGS:
                for path, label in (
                    ("/", "home"),
                    ("/contactus", "contact"),
                    ("/web/login", "sign in"),
                    ("/web/signup", "sign up"),
                    ("/web/reset_password", "password reset"),
                ):
                    with self.subTest(page=f"/{lang}{path}"):
                        self.browser_js(f"/{lang}{path}", axe_code(f"{label} {lang}"))

    def test_account_pages(self):
        """A signed-in citizen's /my (portal home), account and security pages."""
        with axe_in_browser(self):
            for lang in LANGS:
                for path, label in (
                    ("/my", "portal home"),
                    ("/my/account", "account"),
                    ("/my/security", "security"),
                ):
                    with self.subTest(page=f"/{lang}{path}"):
                        self.browser_js(
                            f"/{lang}{path}", axe_code(f"{label} {lang}"), login="t_citizen1"
                        )

    def test_pages_at_200_percent(self):
        """At 200 % (a 683 px wide page), no page scrolls sideways."""
        paths = (
            "/",
            "/complaints/new",
            "/complaints/track",
            "/complaints/faq",
            "/contactus",
            "/web/login",
            "/web/signup",
            "/web/reset_password",
        )
        overflows = {}

        def scenario(page):
            page.zoom()
            for lang in LANGS:
                for path in paths:
                    page.goto(f"{self.base_url()}/{lang}{path}")
                    overflows[f"/{lang}{path}"] = page.horizontal_overflow()

        with browser_session(self, scenario):
            self.browser_js("/", "")
        self.assertEqual(overflows, dict.fromkeys(overflows, 0))
        self.assertEqual(len(overflows), 16)

    def test_file_with_the_keyboard_at_200_percent(self):
        """A citizen who uses only the keyboard (Tab, arrows, Space, Enter, typing), at 200 %
        zoom, files a complaint: every field is reached in order, in view, and the request
        is received."""
        seen = {}

        def scenario(page):
            page.wait_ready()
            page.zoom()
            seen["overflow"] = page.horizontal_overflow()
            # The skip link first, then the form.
            page.press("Tab")
            seen["skip_link"] = page.focused("a.o_skip_to_content")
            page.press("Enter")
            page.tab_to("#chikaya_kind_reclamation")
            page.press("ArrowDown")  # radio group: the next kind
            seen["kind"] = page.evaluate("document.activeElement.id")
            page.tab_to("#chikaya_region_id")
            page.choose("Région Test")
            page.tab_to("#chikaya_province_id")
            page.choose("Province Test")
            page.tab_to("#chikaya_commune_id")
            page.choose("Commune A")
            page.tab_to("#chikaya_theme_id")
            page.choose("Test lighting")
            page.tab_to("#chikaya_subject")
            page.type("Keyboard: bench broken")
            page.tab_to("#chikaya_description")
            page.type("The bench in front of the town hall is broken.")
            page.tab_to("#chikaya_citizen_name")
            page.type("Rachid Keyboard")
            page.tab_to("#chikaya_citizen_email")
            page.type("rachid.keyboard@example.ma")
            page.tab_to("#chikaya_consent")
            page.press(" ")
            seen["consent"] = page.evaluate("document.activeElement.checked")
            page.tab_to("#chikaya_complaint_form button[type=submit]")
            seen["submit_in_view"] = page.focused_in_view()
            page.press("Enter")
            page.wait_for("location.pathname.endsWith('/complaints/confirmation')")
            page.wait_for("document.querySelector('#chikaya_tracking_number')")
            seen["number"] = page.evaluate(
                "document.querySelector('#chikaya_tracking_number').textContent.trim()"
            )

        with browser_session(self, scenario):
            self.browser_js("/complaints/new", "")  # (French: the website's default language)
        self.assertEqual(
            seen,
            {
                "overflow": 0,
                "skip_link": True,
                "kind": "chikaya_kind_observation",
                "consent": True,
                "submit_in_view": True,
                "number": seen["number"],
            },
        )
        complaint = self.env["chikaya.complaint"].sudo().search([("name", "=", seen["number"])])
        self.assertRecordValues(
            complaint,
            [
                {
                    "kind": "observation",
                    "channel": "portal",
                    "collectivity_id": self.commune_a.id,
                    "theme_id": self.theme.id,
                    "subject": "Keyboard: bench broken",
                    "citizen_name": "Rachid Keyboard",
                    "citizen_email": "rachid.keyboard@example.ma",
                }
            ],
        )
