from werkzeug.urls import url_encode

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.chikaya_complaints.tests.a11y import axe_in_browser

from .common import ChikayaPortalCase
from .hostile import access_code, csp_watch


def csp_directives(header):
    """{directive: [sources]} of a Content-Security-Policy header."""
    directives = {}
    for part in (header or "").split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@tagged("post_install", "-at_install")
class TestSecurityHeaders(ChikayaPortalCase):
    """The website's pages carry a Content-Security-Policy (script from this site only, no
    framing by other sites, no plugins, no foreign <base>, forms posting here only) and
    X-Content-Type-Options: nosniff; the pages and the browser tours run without any
    violation of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website_in_french_and_arabic()

    def public_pages(self):
        complaint = self.make_complaint(subject="Seen through the tracking page")
        query = url_encode({"number": complaint.name, "code": access_code(complaint)})
        pages = [
            "/complaints",
            "/complaints/new",
            "/complaints/track",
            f"/complaints/track?{query}",
            "/complaints/faq",
            "/ar/complaints/new",
        ]
        return pages

    def assert_policy(self, response):
        self.assertEqual(response.headers.get("X-Content-Type-Options"), "nosniff")
        policy = csp_directives(response.headers.get("Content-Security-Policy"))
        # script from this site only: no host, scheme or wildcard source
        self.assertIn("'self'", policy.get("script-src", []))
        for source in policy["script-src"]:
            self.assertTrue(source.startswith("'"), f"script-src allows {source}")
        self.assertEqual(policy.get("frame-ancestors"), ["'self'"])
        self.assertEqual(policy.get("object-src"), ["'none'"])
        self.assertEqual(policy.get("base-uri"), ["'self'"])
        self.assertEqual(policy.get("form-action"), ["'self'"])

    def test_headers_on_public_pages(self):
        for path in self.public_pages():
            with self.subTest(path=path):
                response = self.url_open(path)
                self.assertEqual(response.status_code, 200)
                self.assert_policy(response)
        # error pages of the website too
        for path, status in (
            ("/complaints/track?number=CHK-1&code=X", 400),
            ("/complaints/no-such-page", 404),
        ):
            with self.subTest(path=path):
                response = self.url_open(path)
                self.assertEqual(response.status_code, status)
                self.assert_policy(response)
        # signed in, the same
        self.authenticate(self.citizen.login, self.citizen.login)
        self.assert_policy(self.url_open("/my/complaints"))

    def test_backend_keeps_its_headers(self):
        """The web client (/odoo) is no website page: no policy of ours on it."""
        self.authenticate(self.manager.login, self.manager.login)
        response = self.url_open("/odoo")
        self.assertEqual(response.status_code, 200)
        self.assertIn("X-Content-Type-Options", response.headers)
        self.assertNotIn("Content-Security-Policy", response.headers)

    def test_no_violation_in_the_browser(self):
        """Every public page and every tour of the portal, in Chromium, with a listener that
        turns any CSP violation into a failure (hostile.csp_watch); with axe-core too, which
        two of the tours call."""
        with axe_in_browser(self), csp_watch():
            for path in self.public_pages():
                with self.subTest(path=path):
                    self.browser_js(path, "console.log('test successful')")
            for path, tour in (
                ("/complaints/new", "chikaya_portal_filing_tour"),
                ("/ar/complaints/new", "chikaya_portal_filing_ar_tour"),
                ("/complaints/new", "chikaya_portal_filing_errors_tour"),
                ("/complaints/new", "chikaya_portal_filing_confirmation_tour"),
            ):
                with self.subTest(tour=tour):
                    self.start_tour(path, tour, login=None)
            self.make_in_state("info_requested", partner_id=self.citizen.partner_id.id)
            self.start_tour("/my/complaints", "chikaya_portal_followup_reply", login="t_citizen1")

    def test_watch_fails_on_a_violation(self):
        """The listener can fail: a script from another site is blocked and reported."""
        inject = (
            "const script = document.createElement('script');"
            "script.src = 'https://scripts.example.com/steal.js';"
            "document.head.appendChild(script);"
            "setTimeout(() => console.log('test successful'), 2000);"
        )
        with (
            csp_watch(),
            # (the browser's console.error is logged at ERROR under the test's own logger)
            mute_logger(f"{__name__}.{type(self).__name__}.{self._testMethodName}.browser"),
            self.assertRaises(AssertionError) as caught,
        ):
            self.browser_js("/complaints", inject)
        self.assertIn("Content-Security-Policy violation", str(caught.exception))
        self.assertIn("script-src", str(caught.exception))
