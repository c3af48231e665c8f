from werkzeug.urls import url_encode

from odoo.tests import tagged

from odoo.addons.chikaya_complaints.tests.a11y import axe_code, axe_in_browser

from ..models import portal_data as pd
from .common import ChikayaPortalCase

# The first element the Tab key reaches must be the skip link (portal.frontend_layout).
FIRST_FOCUSABLE_CODE = """
const first = document.querySelector(
    'a[href], button:not([disabled]), input:not([type=hidden]), select, textarea, '
    + '[tabindex]:not([tabindex="-1"])'
);
if (first && first.classList.contains("o_skip_to_content")
        && first.getAttribute("href") === "#wrap" && document.getElementById("wrap")) {
    console.log("test successful");
} else {
    console.error("first focusable element: " + (first ? first.outerHTML : "none"));
}
"""


@tagged("post_install", "-at_install")
class TestPortalAccessibility(ChikayaPortalCase):
    """axe-core (WCAG 2.1 A/AA, no serious or critical violation) on the tracking page and
    /my/complaints, in French and in Arabic; the languages, RTL and the skip link."""

    LANGS = ("fr", "ar")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.waiting = cls.make_complaint(subject="Street light out")
        cls.waiting.action_start()
        cls.waiting.action_request_info("Which street exactly?")
        cls.answered = cls.make_complaint(subject="Garbage not collected")
        cls.answered.action_start()
        cls.answered.response = "Collected this morning."
        cls.answered.action_answer()

    def track_url(self, lang, complaint):
        query = url_encode({"number": complaint.name, "code": complaint.new_access_code})
        return f"/{lang}/complaints/track?{query}"

    def test_languages_and_rtl(self):
        website = self.env["website"].get_current_website()
        self.assertEqual(
            set(website.language_ids.mapped("code")) & {"fr_FR", "ar_001"}, {"fr_FR", "ar_001"}
        )
        arabic = self.url_open("/ar/complaints/track")
        self.assertEqual(arabic.status_code, 200)
        self.assertIn('dir="rtl"', arabic.text.split("<head", 1)[0])
        self.assertIn('hreflang="fr"', arabic.text)
        french = self.url_open("/fr/complaints/track")
        self.assertNotIn('dir="rtl"', french.text.split("<head", 1)[0])
        self.assertIn('lang="fr-FR"', french.text.split("<head", 1)[0])

    def test_skip_link_is_first(self):
        self.browser_js("/complaints/track", FIRST_FOCUSABLE_CODE)
        self.browser_js("/my/complaints", FIRST_FOCUSABLE_CODE, login="t_citizen1")

    def test_tracking_pages(self):
        with axe_in_browser(self):
            for lang in self.LANGS:
                self.browser_js(f"/{lang}/complaints/track", axe_code(f"tracking form {lang}"))
                self.browser_js(
                    f"/{lang}/complaints/track?number=CHK-1999-000001&code=WRONGCODE234",
                    axe_code(f"tracking not found {lang}"),
                )
                self.browser_js(
                    self.track_url(lang, self.waiting), axe_code(f"detail with reply {lang}")
                )
                self.browser_js(
                    self.track_url(lang, self.answered), axe_code(f"detail with rating {lang}")
                )

    def test_too_many_attempts_page(self):
        """The 429 page a throttled address gets is as accessible as the others."""
        self.env["ir.config_parameter"].set_param(pd.PARAM_TRACK_LIMIT, 1)
        self.env["chikaya.portal.attempt"]._record("track_failure", "127.0.0.1")
        on_limited_page = (
            "if (!document.getElementById('chikaya_track_limited')) {"
            " console.error('not the too-many-attempts page: ' + location.href); } else "
        )
        with axe_in_browser(self):
            for lang in self.LANGS:
                self.browser_js(
                    self.track_url(lang, self.waiting),
                    on_limited_page + axe_code(f"too many attempts {lang}"),
                )

    def test_my_complaints_pages(self):
        with axe_in_browser(self):
            for lang in self.LANGS:
                self.browser_js(
                    f"/{lang}/my/complaints", axe_code(f"my list {lang}"), login="t_citizen1"
                )
                self.browser_js(
                    f"/{lang}/my/complaints/{self.waiting.id}",
                    axe_code(f"my detail with reply {lang}"),
                    login="t_citizen1",
                )
                self.browser_js(
                    f"/{lang}/my/complaints/{self.answered.id}",
                    axe_code(f"my detail with rating {lang}"),
                    login="t_citizen1",
                )
