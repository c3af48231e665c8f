import re
from html import unescape

from odoo import http
from odoo.http import Request
from odoo.tests import HttpCase

from odoo.addons.chikaya_complaints.tests.common import ChikayaCase


class ChikayaPortalCase(HttpCase, ChikayaCase):
    """ChikayaCase's territory, users and complaint builders, in an HttpCase (url_open,
    browser_js, tours). Add shared builders for the portal tests here.

    The test database speaks French and Arabic (French by default): a test never compares
    with a literal text of the interface. It looks at ids, data attributes and values, or
    computes the expected text in the language the page was rendered in (`page_lang`)."""

    @classmethod
    def website_in_french_and_arabic(cls):
        """Offer Arabic and French on the current website (as the module's install does on a
        real database); return the website."""
        website = cls.env["website"].get_current_website()
        website.language_ids |= cls.env["res.lang"]._activate_lang("ar_001")
        website.language_ids |= cls.env["res.lang"]._activate_lang("fr_FR")
        return website

    @classmethod
    def complaint_vals(cls, **overrides):
        """A complaint made with one of the two citizens' own email is theirs: filed while
        signed in to their account (`partner_id`), unless the test gives `partner_id`
        itself (False: a contact of its own, as for a letter registered by staff)."""
        vals = super().complaint_vals(**overrides)
        if "partner_id" not in overrides:
            accounts = {user.email: user.partner_id for user in (cls.citizen, cls.citizen_2)}
            if vals.get("citizen_email") in accounts:
                vals["partner_id"] = accounts[vals["citizen_email"]].id
        return vals

    def url_open(self, *args, **kwargs):
        # the request ran on the test cursor with its own cache: read the records afresh
        response = super().url_open(*args, **kwargs)
        self.env.invalidate_all()
        return response

    def csrf_token(self):
        """The CSRF token of the current test session (an anonymous one if none yet)."""
        if not getattr(self, "session", None):
            self.authenticate(None, None)
        return http.Request.csrf_token(self)

    def website_lang(self):
        """The website's default language: the one a visitor without preference gets."""
        return self.env["website"].get_current_website().default_lang_id.code

    def page_lang(self, html):
        """The language a page was rendered in, read from its `<html lang="fr-FR">`, as the
        code of an installed language (fr_FR, ar_001)."""
        match = re.search(r'<html\b[^>]*\blang="([^"]+)"', html)
        self.assertTrue(match, "the page has no <html lang>")
        code = match.group(1).replace("-", "_")
        self.assertEqual(self.env["res.lang"]._get_code(code), code, "not an installed language")
        return code

    def translated(self, lang, source, *args, **kwargs):
        """A term of chikaya_portal's Python code, in `lang`, through the translation
        machinery (what `request.env._(source)` gives a page rendered in `lang`)."""
        return self.env(context=dict(self.env.context, lang=lang))._(source, *args, **kwargs)

    def element_text(self, html, element_id):
        """The text of the element `element_id` (inner tags removed, entities decoded,
        stripped), or None when the page has no such element. For elements that hold no
        element of the same tag."""
        match = re.search(
            rf'<(\w+)\b[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', html, re.S
        )
        if not match:
            return None
        return unescape(re.sub(r"<[^>]*>", "", match.group(2))).strip()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


class FilingCase(ChikayaPortalCase):
    """Posting the public form as a browser would (multipart, CSRF token of the session)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["chikaya.complaint"]
        cls.Submission = cls.env["chikaya.complaint.submission"]
        cls.citizen.write({"phone": "0611223344"})

    def form_data(self, **overrides):
        data = {
            "kind": "reclamation",
            "region_id": str(self.region.id),
            "province_id": str(self.province.id),
            "commune_id": str(self.commune_a.id),
            "theme_id": str(self.theme.id),
            "subject": "Pothole in Avenue Hassan II",
            "description": "A deep pothole in front of number 40 since last week.",
            "citizen_name": "Nadia Filer",
            "citizen_id_type": "cin",
            "citizen_id_number": "BE 123456",
            "citizen_email": "nadia.filer@example.ma",
            "citizen_phone": "06 12 34 56 78",
            "consent": "1",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    def post_form(self, data, files=None, csrf=True):
        if csrf:
            data = dict(data, csrf_token=Request.csrf_token(self))
        return self.url_open("/complaints/new", data=data, files=files, allow_redirects=False)

    def msg(self, key, lang=None, **params):
        """The message as a page in `lang` shows it; by default in the website's default
        language, the one an anonymous visitor's pages are rendered in."""
        lang = lang or self.website_lang()
        return self.Submission.with_context(lang=lang)._message(key, **params)

    def identity_msg(self, field, lang=None, **overrides):
        """The core's message under identity field `field` for the form's values with
        `overrides` (chikaya.complaint._citizen_errors), in `lang` as `msg` does."""
        lang = lang or self.website_lang()
        Complaint = self.env["chikaya.complaint"].with_context(lang=lang)
        return Complaint._citizen_errors(self.form_data(**overrides))[field]

    def field_error(self, html, name):
        """The text of the error message rendered under field `name`, or None."""
        match = re.search(
            rf'id="chikaya_{re.escape(name)}_error"[^>]*>\s*(.*?)\s*</div>', html, re.S
        )
        return unescape(match.group(1)) if match else None

    def assert_field_attrs(self, html, element_id, error_id):
        tag = re.search(rf"<(?:input|select|textarea)[^>]*\bid=\"{element_id}\"[^>]*>", html)
        self.assertTrue(tag, f"no field {element_id}")
        self.assertIn('aria-invalid="true"', tag.group(0))
        self.assertIn(error_id, re.search(r'aria-describedby="([^"]*)"', tag.group(0)).group(1))

    def filed(self, subject):
        return self.Complaint.sudo().search([("subject", "=", subject)])
