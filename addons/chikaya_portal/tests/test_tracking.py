import re
from unittest.mock import patch
from urllib.parse import urlsplit

from werkzeug.urls import url_encode

import odoo
from odoo.tests import tagged

from ..models import portal_data as pd
from .common import ChikayaPortalCase
from .hostile import access_code

# The CSRF token of the page (in the session info script and the forms) changes every second:
# it is the only part of two identical pages that may differ.
CSRF_RE = re.compile(r'(csrf_token["\']?\s*[:=]\s*["\']?|name="csrf_token" value=")[0-9a-fo]+')


@tagged("post_install", "-at_install")
class TestTracking(ChikayaPortalCase):
    """Tracking without an account: the number + access code pair, the same 404 for every
    wrong pair, and the limits on wrong pairs (per address and number, per address)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.make_complaint(subject="Broken bench in the park")
        cls.code = access_code(cls.complaint)
        cls.complaint.action_start()
        params = cls.env["ir.config_parameter"].sudo()
        # the defaults, written out: the tests prove these figures
        params.set_param(pd.PARAM_TRACK_PAIR_LIMIT, 5)
        params.set_param(pd.PARAM_TRACK_PAIR_WINDOW, 15)
        params.set_param(pd.PARAM_TRACK_LIMIT, 100)
        params.set_param(pd.PARAM_TRACK_WINDOW, 15)

    def track(self, number, code, headers=None):
        query = url_encode({"number": number, "code": code})
        return self.url_open(f"/complaints/track?{query}", headers=headers)

    def failures(self, kind="track_failure"):
        return self.env["chikaya.portal.attempt"].search_count([("kind", "=", kind)])

    def test_form(self):
        response = self.url_open("/complaints/track")
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="chikaya_track_number"', response.text)
        self.assertIn('for="chikaya_track_code"', response.text)

    def test_right_pair(self):
        response = self.track(self.complaint.name, self.code)
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
        response = self.track(f" {self.complaint.name.lower()} ", self.code.lower())
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'data-complaint-number="{self.complaint.name}"', response.text)

    def test_email_link_opens_the_complaint(self):
        url = urlsplit(self.complaint._get_tracking_url(self.code))
        self.assertEqual(url.path, "/complaints/track")
        response = self.url_open(f"{url.path}?{url.query}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'data-complaint-number="{self.complaint.name}"', response.text)

    def test_wrong_pairs_look_the_same(self):
        """A wrong code for an existing number and an unknown number: same status, same
        page apart from the number typed (echoed in the form)."""
        other = self.make_complaint(subject="Another one")
        other_code = access_code(other)
        wrong_code = "ABCDEFGHJKMN"
        self.assertNotEqual(wrong_code, self.code)
        existing = self.track(self.complaint.name, wrong_code)
        unknown_number = "CHK-1999-999999"
        unknown = self.track(unknown_number, other_code)
        self.assertEqual(existing.status_code, 404)
        self.assertEqual(unknown.status_code, 404)

        def normalize(body, number, code):
            # what was typed is echoed: the number in the form, both in the language links
            body = body.replace(number, "NUMBER").replace(code, "CODE")
            return CSRF_RE.sub(r"\1TOKEN", body)

        self.maxDiff = None
        self.assertEqual(
            normalize(existing.text, self.complaint.name, wrong_code),
            normalize(unknown.text, unknown_number, other_code),
        )
        self.assertIn('id="chikaya_track_not_found"', existing.text)
        for response in (existing, unknown):
            self.assertNotIn("chikaya_complaint_detail", response.text)
            self.assertNotIn("Broken bench", response.text)
        self.assertEqual(self.failures(), 2)
        self.assertEqual(self.failures("track_pair"), 2)

    def test_missing_field(self):
        response = self.track(self.complaint.name, "")
        self.assertEqual(response.status_code, 400)
        self.assertIn('id="chikaya_track_errors"', response.text)
        self.assertEqual(self.failures(), 0, "an incomplete form is not a guess")

    def test_malformed_pair(self):
        """A number or code that cannot be one gets the form's message (400): it matches
        nothing, so nothing is looked up or counted."""
        for number, code in (
            (self.complaint.name, "ABCD"),
            (self.complaint.name, "ABCDEFGHJKMÉ"),
            ("CHK-26-1", "ABCDEFGHJKMN"),
        ):
            with self.subTest(number=number, code=code):
                response = self.track(number, code)
                self.assertEqual(response.status_code, 400)
                self.assertIn('id="chikaya_track_errors"', response.text)
                self.assertNotIn("chikaya_complaint_detail", response.text)
        self.assertEqual(self.failures() + self.failures("track_pair"), 0)

    def test_wrong_codes_lock_one_number_only(self):
        """Five wrong codes for a number lock that number from that address (even with the
        right code: the limit is no oracle); another number still opens from the same
        address (one visitor's mistakes do not lock out the others behind a shared
        address)."""
        other = self.make_complaint(subject="Another complaint, same address")
        other_code = access_code(other)
        for _i in range(5):
            self.assertEqual(self.track(self.complaint.name, "ABCDEFGHJKMN").status_code, 404)
        self.assertEqual(self.failures("track_pair"), 5)
        for code in (self.code, "ABCDEFGHJKMN"):
            response = self.track(self.complaint.name, code)
            self.assertEqual(response.status_code, 429)
            self.assertIn('id="chikaya_track_limited"', response.text)
            self.assertNotIn("Broken bench", response.text)
        response = self.track(other.name, other_code)
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'data-complaint-number="{other.name}"', response.text)
        # the follow-up forms of the locked number are refused the same way
        response = self.url_open(
            "/complaints/track/rate",
            data={
                "csrf_token": self.csrf_token(),
                "number": self.complaint.name,
                "code": self.code,
                "satisfaction": "satisfied",
            },
        )
        self.assertEqual(response.status_code, 429)
        # refused and right requests are not counted
        self.assertEqual(self.failures("track_pair"), 5)
        self.assertEqual(self.failures(), 5)

    def test_too_many_wrong_pairs(self):
        """Past 100 wrong pairs in 15 minutes from one address, every tracking request from
        it gets a 429, even with the right pair, and nothing is looked up."""
        for i in range(100):
            response = self.track(f"CHK-2000-{i:06d}", "ABCDEFGHJKMN")
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.failures(), 100)
        response = self.track(self.complaint.name, self.code)
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
                "code": self.code,
                "satisfaction": "satisfied",
            },
        )
        self.assertEqual(response.status_code, 429)
        self.assertEqual(self.failures(), 100, "a refused request is not counted again")
        # after the window, tracking works again
        self.env["chikaya.portal.attempt"].search([]).write({"attempt_date": "2000-01-01 00:00:00"})
        response = self.track(self.complaint.name, self.code)
        self.assertEqual(response.status_code, 200)


@tagged("post_install", "-at_install")
class TestTrackingBehindProxy(ChikayaPortalCase):
    """The limits count the client's address: the X-Forwarded-For header is believed only
    with proxy_mode on and an X-Forwarded-Host header (Odoo's rule, odoo/http.py
    Application.__call__), and then only its last entry, the one the proxy appended."""

    HEADERS = {
        # a client may send its own X-Forwarded-For; the proxy appends the real address
        "X-Forwarded-For": "198.51.100.66, 203.0.113.7",
        "X-Forwarded-Host": "plaintes.example.ma",
        "X-Forwarded-Proto": "https",
    }

    def wrong_pair_from(self, headers):
        Attempt = self.env["chikaya.portal.attempt"]
        Attempt.search([]).unlink()
        query = url_encode({"number": "CHK-2000-000001", "code": "ABCDEFGHJKMN"})
        response = self.url_open(f"/complaints/track?{query}", headers=headers)
        self.assertEqual(response.status_code, 404)
        return Attempt.search([("kind", "=", "track_failure")]).mapped("key")

    def test_forwarded_for(self):
        config = odoo.tools.config
        with patch.dict(config.options, {"proxy_mode": False}):
            self.assertEqual(self.wrong_pair_from(self.HEADERS), ["127.0.0.1"])
        with patch.dict(config.options, {"proxy_mode": True}):
            self.assertEqual(self.wrong_pair_from(self.HEADERS), ["203.0.113.7"])
            # without X-Forwarded-Host Odoo applies none of the X-Forwarded-* headers
            headers = {k: v for k, v in self.HEADERS.items() if k != "X-Forwarded-Host"}
            self.assertEqual(self.wrong_pair_from(headers), ["127.0.0.1"])
