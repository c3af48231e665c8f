import re

from werkzeug.urls import url_encode

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..models import portal_data as pd
from .common import FilingCase
from .hostile import access_code

# Control characters an attacker puts in text: NUL (which PostgreSQL refuses), ESC, DEL, and a
# C1 control (NEL).
CONTROLS = "\x00\x1b\x7f\x85"
# Digits str.isdigit() accepts and int() refuses, or that are not ASCII.
NOT_ASCII_DIGITS = ("²", "①", "٣", "１", "4²")
# Access codes of the right length but with a character outside the code's alphabet.
NOT_A_CODE = (
    "ABCDEFGHJKMÉ",  # accented
    "ＡＢＣＤＥＦＧＨＪＫＭＮ",  # fullwidth
    "ABCDEFGHJKMس",  # Arabic
    "ABCDEFGHJK🙂",  # emoji
    "ABCDEFGHJKM\x00",
)
# Accepted as email addresses by the former pattern, though no mail server delivers there.
NOT_AN_EMAIL = (
    "<script>alert(1)</script>@x.ma",
    "mailto:a@example.ma",
    "a@example..ma",
    ".a@example.ma",
    "a@-example.ma",
)


def spoil(value):
    """`value` with control characters in its middle."""
    middle = len(value) // 2
    return value[:middle] + CONTROLS + value[middle:]


@tagged("post_install", "-at_install")
class TestHostileInput(FilingCase):
    """The hostile inputs that gave server errors, replayed over HTTP against every public
    route: each gets a 4xx page with a message saying what to correct, or, in free text
    (form fields, search boxes), the control characters are removed and the request goes on
    as usual (a 200 page, or the filing accepted). Never a 500.

    The /my/complaints cases depend on controllers/portal.py applying the same cleaning
    (clean_route_params, clean_access_code)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        for param in (pd.PARAM_POST_LIMIT, pd.PARAM_SUBMIT_LIMIT, pd.PARAM_ACK_DAILY_LIMIT):
            params.set_param(param, 0)  # many posts from one address here: no limit
        cls.answered = cls.make_complaint(subject="Answered, to be rated")
        cls.answered_code = access_code(cls.answered)
        cls.answered.action_start()
        cls.answered.response = "Repaired."
        cls.answered.action_answer()
        cls.waiting = cls.make_complaint(subject="Waiting for information")
        cls.waiting_code = access_code(cls.waiting)
        cls.waiting.action_start()
        cls.waiting.action_request_info("Which street?")

    def assert_not_server_error(self, response):
        self.assertLess(response.status_code, 500, response.text[:3000])
        self.assertNotIn("Traceback", response.text)

    def track(self, number, code):
        query = url_encode({"number": number, "code": code})
        return self.url_open(f"/complaints/track?{query}")

    def post_track(self, action, number, code, **data):
        data = {"csrf_token": self.csrf_token(), "number": number, "code": code, **data}
        return self.url_open(f"/complaints/track/{action}", data=data, allow_redirects=False)

    # ---- Filing form ---------------------------------------------------------------------

    def test_control_characters_in_every_field(self):
        """Removed from every field of the form: the filing is accepted, and nothing of
        them is stored."""
        self.authenticate(None, None)
        for field in pd.FORM_FIELDS:
            with self.subTest(field=field):
                subject = f"Controls in {field}"
                data = self.form_data(subject=subject)
                data[field] = spoil(data[field])
                response = self.post_form(data)
                self.assert_not_server_error(response)
                self.assertEqual(response.status_code, 303, response.text[:2000])
                complaint = self.filed(subject)
                self.assertEqual(len(complaint), 1)
                for name in ("subject", "description", "citizen_name", "citizen_email"):
                    self.assertFalse(re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", complaint[name]))
        # a field of control characters only is an empty field
        response = self.post_form(self.form_data(subject=CONTROLS))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.field_error(response.text, "subject"), self.msg("subject"))

    def test_digits_that_are_not_ascii(self):
        self.authenticate(None, None)
        for field in ("region_id", "province_id", "commune_id", "theme_id"):
            for digits in NOT_ASCII_DIGITS:
                with self.subTest(field=field, value=digits):
                    response = self.post_form(self.form_data(**{field: digits}))
                    self.assert_not_server_error(response)
                    self.assertEqual(response.status_code, 400)
                    self.assertEqual(self.field_error(response.text, field), self.msg(field))

    def test_email_addresses(self):
        """Refused by the form with the field's message, and by the core's constraint
        (both read complaint_data.EMAIL_PATTERN)."""
        self.authenticate(None, None)
        for email in NOT_AN_EMAIL:
            with self.subTest(email=email):
                response = self.post_form(self.form_data(citizen_email=email))
                self.assertEqual(response.status_code, 400)
                self.assertEqual(
                    self.field_error(response.text, "citizen_email"),
                    self.identity_msg("citizen_email", citizen_email=email),
                )
                with self.assertRaises(ValidationError), self.env.cr.savepoint():
                    self.make_complaint(citizen_email=email)

    def test_consent_only_from_the_checkbox(self):
        self.authenticate(None, None)
        for value in ("0", "false", "off", "no", "on", "true", "01", ""):
            with self.subTest(consent=value):
                response = self.post_form(self.form_data(consent=value))
                self.assertEqual(response.status_code, 400)
                self.assertEqual(self.field_error(response.text, "consent"), self.msg("consent"))
        response = self.post_form(self.form_data(subject="Consent given", consent="1"))
        self.assertEqual(response.status_code, 303)

    # ---- FAQ search ----------------------------------------------------------------------

    def test_faq_search(self):
        """A search box: the control characters are removed and the page is the usual one,
        searching for what remains."""
        for search, shown in ((f"lamp{CONTROLS}", "lamp"), (CONTROLS, "")):
            with self.subTest(search=search):
                response = self.url_open("/complaints/faq?" + url_encode({"search": search}))
                self.assertEqual(response.status_code, 200)
                self.assertRegex(response.text, rf'name="search"[^>]*value="{shown}"')

    # ---- Tracking and its follow-up ------------------------------------------------------

    def test_tracking_number(self):
        # control characters are removed: the pair is then the right one
        response = self.track(spoil(self.answered.name), self.answered_code)
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'data-complaint-number="{self.answered.name}"', response.text)
        for number in (
            "CHK-２０２６-000001",
            "CHK-2026-00000²",
            "CHK-٢٠٢٦-000001",
            "X" * 5000,
        ):
            with self.subTest(number=number[:30]):
                response = self.track(number, self.answered_code)
                self.assert_not_server_error(response)
                self.assertEqual(response.status_code, 400)
                self.assertIn('id="chikaya_track_errors"', response.text)

    def test_access_codes_not_of_the_alphabet(self):
        """On the tracking page and on every follow-up post: the form's message (400), no
        comparison, no server error."""
        for code in NOT_A_CODE:
            with self.subTest(code=code):
                response = self.track(self.answered.name, code)
                self.assert_not_server_error(response)
                self.assertEqual(response.status_code, 400)
                self.assertIn('id="chikaya_track_errors"', response.text)
                for action in ("rate", "reply", "reopen"):
                    response = self.post_track(
                        action, self.answered.name, code, satisfaction="satisfied"
                    )
                    self.assert_not_server_error(response)
                    self.assertEqual(response.status_code, 400)
                    self.assertIn('id="chikaya_track_errors"', response.text)
        self.answered.invalidate_recordset()
        self.assertFalse(self.answered.satisfaction)

    def test_followup_text(self):
        """A rating comment and a reply with control characters: recorded without them."""
        response = self.post_track(
            "rate",
            self.answered.name,
            self.answered_code,
            satisfaction="satisfied",
            comment=f"Thank you{CONTROLS}!",
        )
        self.assert_not_server_error(response)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.answered.satisfaction_comment, "Thank you!")
        response = self.post_track(
            "reply", self.waiting.name, self.waiting_code, message=f"Rue des{CONTROLS} Orangers"
        )
        self.assert_not_server_error(response)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            self.waiting.message_ids.filtered(lambda m: "Rue des Orangers" in (m.body or ""))
        )
        # a satisfaction that is no choice of the form: the core's message, not a crash
        response = self.post_track(
            "rate", self.answered.name, self.answered_code, satisfaction=CONTROLS
        )
        self.assert_not_server_error(response)

    # ---- /my/complaints (controllers/portal.py) ------------------------------------------

    def test_my_complaints(self):
        mine = self.make_complaint(
            subject="Mine", partner_id=self.citizen.partner_id.id, citizen_email="amina@example.ma"
        )
        mine_code = access_code(mine)
        self.assertTrue(mine_code)
        for code in NOT_A_CODE:
            with self.subTest(code=code):
                response = self.url_open(
                    f"/my/complaints/{mine.id}?" + url_encode({"access_token": code})
                )
                self.assert_not_server_error(response)
                self.assertEqual(response.status_code, 404)
                response = self.url_open(
                    f"/my/complaints/{mine.id}/reopen",
                    data={"csrf_token": self.csrf_token(), "access_token": code},
                )
                self.assert_not_server_error(response)
                self.assertEqual(response.status_code, 404)
        self.authenticate(self.citizen.login, self.citizen.login)
        response = self.url_open("/my/complaints?" + url_encode({"search": f"Mi{CONTROLS}ne"}))
        self.assert_not_server_error(response)
        self.assertEqual(response.status_code, 200)
        self.assertIn(mine.name, response.text)
