import re
import time
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.chikaya_complaints.models import complaint_data as cd
from odoo.addons.chikaya_portal.models import chikaya_public_page

from .common import FilingCase

TOKEN = re.compile(r'(?<=csrf_token: ")[^"]+(?=")|(?<=name="csrf_token" value=")[^"]+(?=")')


@tagged("post_install", "-at_install")
class TestPublicPageCache(FilingCase):
    """The landing and the filing form are kept rendered for visitors without an account
    (chikaya.public.page), as Odoo keeps its own website pages: a visit costs a lookup and
    the visitor's own CSRF token. What an administrator changes shows on the next visit;
    nothing of a signed-in citizen's page ever reaches another visitor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website_in_french_and_arabic()

    def setUp(self):
        super().setUp()
        self.rendered = []
        QWeb = type(self.env["ir.qweb"])
        render = QWeb._render

        def spy(qweb, template, values=None, **options):
            if template in ("chikaya_portal.complaint_form", "chikaya_portal.complaints_landing"):
                self.rendered.append(template)
            return render(qweb, template, values, **options)

        patcher = patch.object(QWeb, "_render", spy)
        patcher.start()
        self.addCleanup(patcher.stop)

    def visit(self, url):
        """`url` as a new visitor without an account: (page, its CSRF tokens)."""
        self.opener.cookies.clear()
        self.authenticate(None, None)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text, set(TOKEN.findall(response.text))

    def test_form_kept_with_each_visitors_own_token(self):
        first, first_tokens = self.visit("/complaints/new")
        self.assertEqual(self.rendered, ["chikaya_portal.complaint_form"])
        second, second_tokens = self.visit("/complaints/new")
        self.assertEqual(self.rendered, ["chikaya_portal.complaint_form"], "rendered again")
        self.assertEqual(TOKEN.sub("", first), TOKEN.sub("", second))
        # one token per page (the layout's and the form's), another one for each visitor
        self.assertEqual(len(first_tokens), 1)
        self.assertEqual(len(second_tokens), 1)
        self.assertNotEqual(first_tokens, second_tokens)
        # the first visitor's token, sent from the second visitor's session: refused
        data = self.form_data(subject="Filed with another visitor's token")
        response = self.url_open(
            "/complaints/new",
            data=dict(data, csrf_token=first_tokens.pop()),
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.filed("Filed with another visitor's token"))
        # the second visitor files with the token of the page they were served
        data = self.form_data(subject="Filed from a kept page")
        response = self.url_open(
            "/complaints/new",
            data=dict(data, csrf_token=second_tokens.pop()),
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303, response.text[:2000])
        self.assertEqual(len(self.filed("Filed from a kept page")), 1)

    def test_one_kept_page_per_language_path_and_kind(self):
        french, _tokens = self.visit("/complaints/new")
        arabic, _tokens = self.visit("/ar/complaints/new")
        suggestion, _tokens = self.visit("/complaints/new?kind=suggestion")
        self.assertEqual(self.page_lang(french), "fr_FR")
        self.assertEqual(self.page_lang(arabic), "ar_001")
        self.assertRegex(suggestion, r'<input[^>]*value="suggestion"[^>]*checked')
        self.assertNotRegex(french, r'<input[^>]*value="suggestion"[^>]*checked')
        self.assertEqual(len(self.rendered), 3)
        self.visit("/ar/complaints/new")
        self.visit("/complaints/new?kind=suggestion")
        self.assertEqual(len(self.rendered), 3)
        # a query the page does not read, or written otherwise: rendered for itself, each
        # time (the kept pages stay bounded whatever visitors send)
        for url in ("/complaints/new?utm_source=x", "/complaints/new?kind=suggestion&kind=x"):
            with self.subTest(url=url):
                before = len(self.rendered)
                self.visit(url)
                self.visit(url)
                self.assertEqual(len(self.rendered), before + 2)

    def test_a_forged_host_never_reaches_another_visitor(self):
        """The page's absolute links (og:url, og:image) come from the request's host: a
        visit with a forged Host header, first of all, must not put that host in the page
        the next visitors get (nginx refuses unknown hosts too, config/nginx/)."""
        self.opener.cookies.clear()
        self.authenticate(None, None)
        forged = self.url_open("/complaints", headers={"Host": "attacker.example"})
        self.assertEqual(forged.status_code, 200)
        self.assertIn("attacker.example", forged.text)  # Odoo did write the host it was sent
        page, _tokens = self.visit("/complaints")
        self.assertNotIn("attacker.example", page)
        self.assertEqual(self.rendered, ["chikaya_portal.complaints_landing"] * 2)

    def test_a_forged_host_never_reaches_odoos_kept_pages(self):
        """The same for Odoo's own website pages, which Odoo keeps rendered for visitors
        (website.page._get_response): /contactus."""
        self.opener.cookies.clear()
        self.authenticate(None, None)
        forged = self.url_open("/contactus", headers={"Host": "attacker.example"})
        self.assertEqual(forged.status_code, 200)
        self.assertIn("attacker.example", forged.text)
        page, _tokens = self.visit("/contactus")
        self.assertNotIn("attacker.example", page)

    def test_a_citizens_page_never_reaches_another_visitor(self):
        """A signed-in citizen's form is prefilled with their identity: it is rendered for
        them on each visit and never kept, and the next visitor without an account gets
        the blank form."""
        self.authenticate(self.citizen.login, self.citizen.login)
        for _visit in range(2):
            page = self.url_open("/complaints/new").text
            self.assertIn(self.citizen.email, page)
        self.assertEqual(len(self.rendered), 2)
        anonymous, _tokens = self.visit("/complaints/new")
        self.assertNotIn(self.citizen.email, anonymous)
        self.assertNotIn(self.citizen.name, anonymous)

    def test_an_administrators_changes_show_at_once(self):
        self.visit("/complaints/new")
        self.visit("/complaints")
        self.assertEqual(len(self.rendered), 2)
        # the institution's phone (header and footer of every page)
        self.env.company.chikaya_office_phone = "0537 99 88 77"
        page, _tokens = self.visit("/complaints/new")
        self.assertIn("0537 99 88 77", page)
        page, _tokens = self.visit("/complaints")
        self.assertIn("0537 99 88 77", page)
        # a theme renamed by an administrator
        self.theme.with_user(self.admin).name = "Test street lighting"
        page, _tokens = self.visit("/complaints/new")
        self.assertIn("Test street lighting", page)
        # a FAQ question on the home page
        faq = (
            self.env["chikaya.faq"]
            .with_user(self.admin)
            .create(
                {
                    "question": "Test: who reads my request?",
                    "answer": "<p>A handler.</p>",
                    "sequence": 0,
                }
            )
        )
        page, _tokens = self.visit("/complaints")
        self.assertIn("Test: who reads my request?", page)
        faq.question = "Test: who answers my request?"
        page, _tokens = self.visit("/complaints")
        self.assertIn("Test: who answers my request?", page)
        # the legal deadline (a system parameter)
        self.env["ir.config_parameter"].sudo().set_param(cd.PARAM_DEADLINE_DAYS, 45)
        page, _tokens = self.visit("/complaints")
        self.assertRegex(page, r"<strong>\s*45\b")
        self.assertEqual(len(self.rendered), 8)

    def test_rendered_again_after_an_hour(self):
        self.visit("/complaints")
        self.visit("/complaints")
        self.assertEqual(len(self.rendered), 1)
        later = time.monotonic() + chikaya_public_page.pd.PAGE_CACHE_SECONDS + 1
        with patch.object(chikaya_public_page, "monotonic", return_value=later):
            self.visit("/complaints")
            self.visit("/complaints")
        self.assertEqual(len(self.rendered), 2)
