import contextlib
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.chikaya_complaints.tools import uploads

from ..models import portal_data as pd
from .common import JPEG, PDF, PNG, FilingCase


@tagged("post_install", "-at_install")
class TestFilingValidation(FilingCase):
    """Every field refused with its message next to it, what was typed kept, nothing
    created."""

    def assert_refused(self, data, field, message, files=None, focus_id=None):
        count = self.Complaint.sudo().search_count([])
        response = self.post_form(data, files=files)
        self.assertEqual(response.status_code, 400)
        html = response.text
        # The expected messages are computed in the language of the page.
        self.assertEqual(self.page_lang(html), self.website_lang())
        self.assertEqual(self.field_error(html, field), message)
        # In the summary too, as a link to the field.
        self.assertIn(f'href="#{focus_id or "chikaya_" + field}"', html)
        self.assertIn('role="alert"', html)
        self.assertEqual(self.Complaint.sudo().search_count([]), count, "nothing is created")
        return html

    def test_each_field(self):
        self.authenticate(None, None)
        cases = [
            ({"kind": "complaint"}, "kind", self.msg("kind"), "chikaya_kind_reclamation"),
            ({"region_id": ""}, "region_id", self.msg("region_id"), None),
            ({"region_id": "abc"}, "region_id", self.msg("region_id"), None),
            ({"region_id": "9" * 30}, "region_id", self.msg("region_id"), None),
            # A province that is not a province, or not in the region.
            ({"province_id": str(self.commune_a.id)}, "province_id", self.msg("province_id"), None),
            ({"region_id": str(self.province.id)}, "region_id", self.msg("region_id"), None),
            # The commune must be in the province (the browser's narrowing is not trusted).
            (
                {"province_id": str(self.province_2.id)},
                "commune_id",
                self.msg("commune_mismatch"),
                None,
            ),
            ({"commune_id": ""}, "commune_id", self.msg("commune_id"), None),
            (
                {"commune_id": str(self.arrondissement_a.id)},
                "commune_id",
                self.msg("commune_id"),
                None,
            ),
            ({"theme_id": "999999"}, "theme_id", self.msg("theme_id"), None),
            ({"subject": "   "}, "subject", self.msg("subject"), None),
            (
                {"subject": "x" * (pd.MAX_LENGTHS["subject"] + 1)},
                "subject",
                self.msg("too_long", max=pd.MAX_LENGTHS["subject"], count=201),
                None,
            ),
            ({"description": ""}, "description", self.msg("description"), None),
            (
                {"citizen_name": ""},
                "citizen_name",
                self.identity_msg("citizen_name", citizen_name=""),
                None,
            ),
            (
                {"citizen_id_type": ""},
                "citizen_id_type",
                self.identity_msg("citizen_id_type", citizen_id_type=""),
                None,
            ),
            (
                {"citizen_id_type": "visa"},
                "citizen_id_type",
                self.identity_msg("citizen_id_type", citizen_id_type="visa"),
                None,
            ),
            (
                {"citizen_id_number": ""},
                "citizen_id_number",
                self.identity_msg("citizen_id_number", citizen_id_number=""),
                None,
            ),
            (
                {"citizen_id_number": "1234"},
                "citizen_id_number",
                self.identity_msg("citizen_id_number", citizen_id_number="1234"),
                None,
            ),
            (
                {"citizen_email": "nadia@example"},
                "citizen_email",
                self.identity_msg("citizen_email", citizen_email="nadia@example"),
                None,
            ),
            (
                {"citizen_phone": "0112345678"},
                "citizen_phone",
                self.identity_msg("citizen_phone", citizen_phone="0112345678"),
                None,
            ),
            (
                {"citizen_email": "", "citizen_phone": ""},
                "citizen_email",
                self.identity_msg("citizen_email", citizen_email="", citizen_phone=""),
                None,
            ),
            ({"consent": None}, "consent", self.msg("consent"), None),
        ]
        for overrides, field, message, focus_id in cases:
            with self.subTest(field=field, overrides=overrides):
                self.assertTrue(message)
                data = self.form_data(**overrides)
                html = self.assert_refused(data, field, message, focus_id=focus_id)
                if field != "kind":
                    self.assert_field_attrs(
                        html, focus_id or f"chikaya_{field}", f"chikaya_{field}_error"
                    )

    def test_typed_values_kept_and_escaped(self):
        """The form comes back with what the citizen typed (escaped: never rendered as
        HTML), and a note that the files must be chosen again."""
        self.authenticate(None, None)
        data = self.form_data(
            subject='<script>alert("x")</script> Lamp',
            description="<b>bold</b> & more",
            citizen_phone="123",
        )
        html = self.assert_refused(
            data,
            "citizen_phone",
            self.identity_msg("citizen_phone", citizen_phone="123"),
            files=[("attachments", ("a.pdf", PDF, "application/pdf"))],
        )
        self.assertNotIn("<script>alert", html)
        self.assertIn("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Lamp", html)
        self.assertIn("&lt;b&gt;bold&lt;/b&gt; &amp; more</textarea>", html)
        self.assertRegex(html, r'id="chikaya_citizen_name"[^>]*value="Nadia Filer"')
        self.assertRegex(html, rf'<option[^>]*value="{self.commune_a.id}"[^>]*selected')
        self.assertRegex(html, r'id="chikaya_kind_reclamation"[^>]*checked')
        self.assertEqual(
            self.element_text(html, "chikaya_files_not_kept"),
            self.msg("files_not_kept", lang=self.page_lang(html)),
        )

    def test_observation_may_be_anonymous_but_checked(self):
        """No identity needed for an observation, but what is given must be valid."""
        self.authenticate(None, None)
        self.assert_refused(
            self.form_data(
                kind="suggestion",
                citizen_name="",
                citizen_id_type="",
                citizen_id_number="",
                citizen_phone="",
                citizen_email="not-an-email",
            ),
            "citizen_email",
            self.identity_msg("citizen_email", citizen_email="not-an-email"),
        )

    def test_file_in_text_field(self):
        """A file posted under a text field's name is no text: refused, not a crash."""
        self.authenticate(None, None)
        data = self.form_data()
        del data["subject"]
        self.assert_refused(
            data,
            "subject",
            self.msg("subject"),
            files=[("subject", ("s.pdf", PDF, "application/pdf"))],
        )

    def test_files(self):
        self.authenticate(None, None)
        # Disguised: HTML and a Windows executable named .pdf, declared as PDF.
        for name, content in (
            ("invoice.pdf", b"<html><script>alert(1)</script></html>"),
            ("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
            ("photo.png", b""),
        ):
            with self.subTest(content=content[:10]):
                self.assert_refused(
                    self.form_data(),
                    "attachments",
                    self.msg("file_type", name=name),
                    files=[("attachments", (name, content, "application/pdf"))],
                )
        # More than 5 files.
        self.assert_refused(
            self.form_data(),
            "attachments",
            self.msg("too_many_files"),
            files=[("attachments", (f"p{i}.png", PNG, "image/png")) for i in range(6)],
        )

    def test_file_size_boundary(self):
        """The limit is inclusive: exactly MAX_FILE_SIZE bytes pass, one more is refused
        (tested with a lower limit, so that the test does not upload 10 MB)."""
        self.authenticate(None, None)
        limit = 2048
        with patch.object(uploads, "MAX_FILE_SIZE", limit):
            exact = PDF + b"0" * (limit - len(PDF))
            self.assert_refused(
                self.form_data(),
                "attachments",
                self.msg("file_too_large", name="big.pdf"),
                files=[("attachments", ("big.pdf", exact + b"0", "application/pdf"))],
            )
            response = self.post_form(
                self.form_data(subject="Exactly at the limit"),
                files=[("attachments", ("ok.pdf", exact, "application/pdf"))],
            )
            self.assertEqual(response.status_code, 303)
        complaint = self.filed("Exactly at the limit")
        self.assertEqual(complaint.attachment_ids.file_size, limit)

    def test_documented_file_size(self):
        """10 MB per file, as the form and the README say: exactly 10 MiB passes, one byte
        more is refused (the real limit, not a patched one)."""
        self.authenticate(None, None)
        ten_mib = 10 * 1024 * 1024
        exact = PDF + b"0" * (ten_mib - len(PDF))
        self.assert_refused(
            self.form_data(),
            "attachments",
            self.msg("file_too_large", name="big.pdf"),
            files=[("attachments", ("big.pdf", exact + b"0", "application/pdf"))],
        )
        response = self.post_form(
            self.form_data(subject="Ten MiB"),
            files=[("attachments", ("ok.pdf", exact, "application/pdf"))],
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.filed("Ten MiB").attachment_ids.file_size, ten_mib)

    def test_documented_limits(self):
        """The limits' defaults as the README documents them, with no setting at all:
        (maximum, window in minutes) per kind."""
        self.env["ir.config_parameter"].sudo().search(
            [("key", "like", "chikaya_portal.%")]
        ).unlink()
        Attempt = self.env["chikaya.portal.attempt"]
        expected = {
            "post": (30, 60),
            "submit": (5, 60),
            "track_pair": (5, 15),
            "track_failure": (100, 15),
            "ack": (3, 24 * 60),
            "email_proof": (3, 24 * 60),
        }
        self.assertEqual({kind: Attempt._limit(kind) for kind in expected}, expected)

    def test_five_files_accepted(self):
        self.authenticate(None, None)
        response = self.post_form(
            self.form_data(subject="Five photos"),
            files=[("attachments", (f"p{i}.jpg", JPEG, "image/jpeg")) for i in range(5)],
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(len(self.filed("Five photos").attachment_ids), 5)


@tagged("post_install", "-at_install")
class TestFilingAbuse(FilingCase):
    def test_csrf_required(self):
        self.authenticate(None, None)
        count = self.Complaint.sudo().search_count([])
        with mute_logger("odoo.http"):
            missing = self.post_form(self.form_data(subject="No token"), csrf=False)
            wrong = self.post_form(
                self.form_data(subject="Wrong token", csrf_token="0" * 40 + "o9999999999"),
                csrf=False,
            )
        self.assertEqual(missing.status_code, 400)
        self.assertEqual(wrong.status_code, 400)
        self.assertEqual(self.Complaint.sudo().search_count([]), count)

    def mails_to(self, email):
        """The emails queued for `email` (as a recipient contact or a plain address)."""
        return (
            self.env["mail.mail"]
            .sudo()
            .search_count(
                [
                    "|",
                    ("recipient_ids.email_normalized", "=", email),
                    ("email_to", "ilike", email),
                ]
            )
        )

    def attempts(self, kind):
        return self.env["chikaya.portal.attempt"].sudo().search_count([("kind", "=", kind)])

    @contextlib.contextmanager
    def reservations(self):
        """The (kind, key, granted) of every chikaya.portal.attempt._reserve call in the
        block. (An HttpCase runs the server on the test's own transaction: what a request
        that ends in an error commits in a cursor of its own is rolled back with the
        request here, so the call itself is what such a test can see; the pytest suite,
        tests/test_portal_concurrency.py, checks the committed rows on a real server.)"""
        calls = []
        Attempt = type(self.env["chikaya.portal.attempt"])
        reserve = Attempt._reserve

        def spy(model, kind, key):
            result = reserve(model, kind, key)
            calls.append((kind, key, bool(result)))
            return result

        with patch.object(Attempt, "_reserve", spy):
            yield calls

    def test_honeypot(self):
        """A filled trap: refused like any refusal (400, a neutral message), nothing
        created, and counted against the address's limits (posts and accepted filings)."""
        self.authenticate(None, None)
        before = self.attempts("submit"), self.attempts("post")
        response = self.post_form(
            self.form_data(subject="From a robot", **{pd.HONEYPOT_FIELD: "http://spam.example"})
        )
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("chikaya_complaint_form", response.text)
        self.assertEqual(
            self.element_text(response.text, "chikaya_refused_title"),
            self.translated(self.page_lang(response.text), "Request not received"),
        )
        self.assertFalse(self.filed("From a robot"))
        after = self.attempts("submit"), self.attempts("post")
        self.assertEqual(after, (before[0] + 1, before[1] + 1))

    def test_rate_limit(self):
        """Five submissions an hour from one address (the default); the sixth gets a 429
        page and creates nothing."""
        self.authenticate(None, None)
        for i in range(5):
            response = self.post_form(self.form_data(subject=f"Limit {i}"))
            self.assertEqual(response.status_code, 303, i)
        response = self.post_form(self.form_data(subject="Limit 5"))
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("chikaya_complaint_form", response.text)
        self.assertEqual(
            self.element_text(response.text, "chikaya_refused_title"),
            self.translated(self.page_lang(response.text), "Too many requests"),
        )
        self.assertFalse(self.filed("Limit 5"))
        self.assertEqual(self.Complaint.sudo().search_count([("subject", "like", "Limit ")]), 5)
        # Refused submissions (bad input) do not count: the limit is on what was received.
        self.env["ir.config_parameter"].sudo().set_param(pd.PARAM_SUBMIT_LIMIT, 7)
        for _i in range(3):
            self.assertEqual(self.post_form(self.form_data(subject="")).status_code, 400)
        self.assertEqual(self.post_form(self.form_data(subject="Limit 6")).status_code, 303)

    def test_post_limit(self):
        """Every post counts against the limit on posts, refused ones included: past it
        even a valid form gets the 429 page and creates nothing (a robot sending garbage
        meets a limit; the limit on accepted filings alone would never stop it)."""
        self.authenticate(None, None)
        self.env["ir.config_parameter"].sudo().set_param(pd.PARAM_POST_LIMIT, 3)
        for _i in range(3):
            self.assertEqual(self.post_form(self.form_data(subject="")).status_code, 400)
        self.assertEqual(self.attempts("post"), 3)
        response = self.post_form(self.form_data(subject="Past the post limit"))
        self.assertEqual(response.status_code, 429)
        self.assertEqual(
            self.element_text(response.text, "chikaya_refused_title"),
            self.translated(self.page_lang(response.text), "Too many requests"),
        )
        self.assertFalse(self.filed("Past the post limit"))
        self.assertEqual(self.attempts("post"), 3, "a refused post takes no slot")
        self.assertEqual(self.attempts("submit"), 0)

    def test_csrf_failure_counts(self):
        """A post refused for its CSRF token still counted against the limit on posts
        (counted before the body is read)."""
        self.authenticate(None, None)
        with mute_logger("odoo.http"), self.reservations() as calls:
            response = self.post_form(self.form_data(subject="No token"), csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(calls, [("post", "127.0.0.1", True)])

    def test_oversized_body(self):
        """A body larger than the route allows (MAX_FILES files of MAX_FILE_SIZE and the
        text fields) is refused before it is parsed, with a page that says why (413, not a
        500), counted against the limit on posts; nothing is created. The follow-up forms
        have the same limit."""
        self.authenticate(None, None)
        too_big = b"%PDF-" + b"0" * pd.MAX_REQUEST_SIZE
        with self.reservations() as calls:
            response = self.post_form(
                self.form_data(subject="Too big to read"),
                files=[("attachments", ("big.pdf", too_big, "application/pdf"))],
            )
        self.assertEqual(response.status_code, 413)
        lang = self.page_lang(response.text)
        self.assertEqual(
            self.element_text(response.text, "chikaya_refused_title"),
            self.translated(lang, "Request too large"),
        )
        self.assertIn(f"{pd.MAX_FILE_SIZE // (1024 * 1024)}", response.text)
        self.assertNotIn("Traceback", response.text)
        self.assertFalse(self.filed("Too big to read"))
        self.assertEqual(calls, [("post", "127.0.0.1", True)])
        complaint = self.make_in_state("info_requested")
        response = self.url_open(
            "/complaints/track/reply",
            data={
                "csrf_token": self.csrf_token(),
                "number": complaint.name,
                "code": "ABCDEFGHJKMN",
            },
            files=[("attachments", ("big.pdf", too_big, "application/pdf"))],
        )
        self.assertEqual(response.status_code, 413)
        self.assertIn('id="chikaya_refused_title"', response.text)

    def test_acknowledgement_daily_cap(self):
        """The form is no mail relay: acknowledgements to one address are capped per day
        (ack_daily_limit, 3). Beyond it the complaint is filed and the confirmation shows
        its number, but no email goes to that address."""
        self.authenticate(None, None)
        self.env["ir.config_parameter"].sudo().set_param(pd.PARAM_ACK_DAILY_LIMIT, 3)
        self.env["ir.config_parameter"].sudo().set_param(pd.PARAM_SUBMIT_LIMIT, 10)
        # the same mailbox, written differently
        emails = ["victim@example.ma", "Victim@Example.ma", "VICTIM@example.ma"] + [
            "victim@example.ma"
        ] * 2
        for i, email in enumerate(emails):
            response = self.post_form(
                self.form_data(subject=f"Relay {i}", citizen_email=email, kind="observation")
            )
            self.assertEqual(response.status_code, 303, response.text[:2000])
        complaints = self.Complaint.sudo().search([("subject", "like", "Relay ")])
        self.assertEqual(len(complaints), 5)
        self.assertEqual(self.mails_to("victim@example.ma"), 3)
        self.assertEqual(self.attempts("ack"), 3)
        confirmation = self.url_open("/complaints/confirmation")
        self.assertEqual(confirmation.status_code, 200)
        self.assertIn(self.filed("Relay 4").name, confirmation.text)
        self.assertIn('id="chikaya_access_code"', confirmation.text)
        # another address is not affected
        response = self.post_form(
            self.form_data(subject="Other mailbox", citizen_email="someone@example.ma")
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self.filed("Other mailbox"))
        self.assertEqual(self.mails_to("someone@example.ma"), 1)
