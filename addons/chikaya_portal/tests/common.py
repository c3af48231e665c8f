import re
from html import unescape

from odoo import http
from odoo.tests import HttpCase

from odoo.addons.chikaya_complaints.tests.common import ChikayaCase


class ChikayaPortalCase(HttpCase, ChikayaCase):
    """ChikayaCase's territory, users and complaint builders, in an HttpCase (url_open,
    browser_js, tours). Add shared builders for the portal tests here.

    The test database speaks French and Arabic (French by default): a test never compares
    with a literal text of the interface. It looks at ids, data attributes and values, or
    computes the expected text in the language the page was rendered in (`page_lang`)."""

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
