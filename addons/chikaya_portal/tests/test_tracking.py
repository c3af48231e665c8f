import re
from urllib.parse import urlsplit

from werkzeug.urls import url_encode

from odoo.tests import tagged

from .common import ChikayaPortalCase

# The CSRF token of the page (in the session info script and the forms) changes every second:
# it is the only part of two identical pages that may differ.
CSRF_RE = re.compile(r'(csrf_token["\']?\s*[:=]\s*["\']?|name="csrf_token" value=")[0-9a-fo]+')


@tagged("post_install", "-at_install")
class TestTracking(ChikayaPortalCase):
    """Tracking without an account: the number + access code pair, the same 404 for every
    wrong pair, and the per-address limit on wrong pairs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.make_complaint(subject="Broken bench in the park")
        cls.complaint.action_start()

    def track(self, number, code):
        return self.url_open("/complaints/track?" + url_encode({"number": number, "code": code}))

    def failures(self):
        return self.env["chikaya.portal.attempt"].search_count([("kind", "=", "track_failure")])

    def test_form(self):
        response = self.url_open("/complaints/track")
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="chikaya_track_number"', response.text)
        self.assertIn('for="chikaya_track_code"', response.text)

    def test_right_pair(self):
        response = self.track(self.complaint.name, self.complaint.access_token)
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="chikaya_complaint_detail"', response.text)
        self.assertIn(f'data-complaint-number="{self.complaint.name}"', response.text)
        self.assertIn("Broken bench in the park", response.text)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        # the dates and the legal deadline are shown
        self.assertIn('class="row o_chikaya_dates"', response.text)
        self.assertEqual(response.text.count('<dt class="col-sm-4">'), 7)
        self.assertEqual(self.failures(), 0)

    def test_code_is_not_case_sensitive_nor_spaced(self):
        response = self.track(
            f" {self.complaint.name.lower()} ", self.complaint.access_token.lower()
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'data-complaint-number="{self.complaint.name}"', response.text)

    def test_email_link_opens_the_complaint(self):
        url = urlsplit(self.complaint._get_tracking_url())
        self.assertEqual(url.path, "/complaints/track")
        response = self.url_open(f"{url.path}?{url.query}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'data-complaint-number="{self.complaint.name}"', response.text)

    def test_wrong_pairs_look_the_same(self):
        """A wrong code for an existing number and an unknown number: same status, same
        page apart from the number typed (echoed in the form)."""
        other = self.make_complaint(subject="Another one")
        wrong_code = "ABCDEFGHJKMN"
        self.assertNotEqual(wrong_code, self.complaint.access_token)
        existing = self.track(self.complaint.name, wrong_code)
        unknown_number = "CHK-1999-999999"
        unknown = self.track(unknown_number, other.access_token)
        self.assertEqual(existing.status_code, 404)
        self.assertEqual(unknown.status_code, 404)

        def normalize(body, number, code):
            # what was typed is echoed: the number in the form, both in the language links
            body = body.replace(number, "NUMBER").replace(code, "CODE")
            return CSRF_RE.sub(r"\1TOKEN", body)

        self.maxDiff = None
        self.assertEqual(
            normalize(existing.text, self.complaint.name, wrong_code),
            normalize(unknown.text, unknown_number, other.access_token),
        )
        self.assertIn('id="chikaya_track_not_found"', existing.text)
        for response in (existing, unknown):
            self.assertNotIn("chikaya_complaint_detail", response.text)
            self.assertNotIn("Broken bench", response.text)
        self.assertEqual(self.failures(), 2)

    def test_missing_field(self):
        response = self.track(self.complaint.name, "")
        self.assertEqual(response.status_code, 400)
        self.assertIn('id="chikaya_track_errors"', response.text)
        self.assertEqual(self.failures(), 0, "an incomplete form is not a guess")

    def test_too_many_wrong_pairs(self):
        """Past the limit (10 wrong pairs in 15 minutes), every tracking request from the
        address gets a 429, even with the right pair, and nothing is looked up."""
        for i in range(10):
            response = self.track(f"CHK-2000-{i:06d}", "ABCDEFGHJKMN")
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.failures(), 10)
        response = self.track(self.complaint.name, self.complaint.access_token)
        self.assertEqual(response.status_code, 429)
        # the notice says how long to wait: the window, in minutes (a number in any language)
        notice = self.element_text(response.text, "chikaya_track_limited")
        self.assertTrue(notice)
        self.assertRegex(notice, r"(?<!\d)15(?!\d)")
        self.assertNotIn("chikaya_complaint_detail", response.text)
        self.assertNotIn("Broken bench", response.text)
        # the follow-up forms are limited the same way
        response = self.url_open(
            "/complaints/track/rate",
            data={
                "csrf_token": self.csrf_token(),
                "number": self.complaint.name,
                "code": self.complaint.access_token,
                "satisfaction": "satisfied",
            },
        )
        self.assertEqual(response.status_code, 429)
        self.assertEqual(self.failures(), 10, "a refused request is not counted again")
        # after the window, tracking works again
        self.env["chikaya.portal.attempt"].search([]).write({"attempt_date": "2000-01-01 00:00:00"})
        response = self.track(self.complaint.name, self.complaint.access_token)
        self.assertEqual(response.status_code, 200)
