import base64
import hashlib
import io
import re
from html import unescape
from urllib.parse import urljoin, urlsplit

from PIL import Image

from odoo.tests import tagged
from odoo.tools import file_open

from ..hooks import set_up_public_site
from ..models import portal_data as pd
from .common import ChikayaPortalCase

# What Odoo's website module shows a visitor until someone replaces it (its templates
# website.footer_custom and the other footers, header_text_element, header_call_to_action,
# footer_copyright_company_name, brand_promotion, website.contactus, and base's company
# data), in English and as French and Arabic pages show it (website, web and portal's
# i18n/*.po). None of it may appear on a page a citizen can reach.
PLACEHOLDERS = (
    # the company and the website as a new database names them
    "YourCompany",
    "My Company",
    "My Website",
    "Ma société",
    "شركتي",
    # sample phone, email and address
    "555-555-5556",
    "555-5556",
    "yourcompany",
    "Buena Vista",
    # the sample footer ("About us", "Useful Links")
    "disruptive",
    "disruptifs",
    "passionate people",
    "équipe de passionnés",
    "نحن فريق من",
    "Useful Links",
    "Liens utiles",
    "روابط مفيدة",
    "/website/social/",
    # the copyright line's sample name
    "Company name",
    "Nom de l’entreprise",
    "Nom de la société",
    "اسم الشركة",
    # "Powered by Odoo - Create a free website"
    "Powered by",
    "Généré par",
    "مشغل بواسطة",
    "free website",
    "site web gratuit",
    "موقع إلكتروني مجاني",
    "odoo.com",
    "odoo_logo_tiny",
    # the sample contact page
    "Contact us about anything related to our company",
    "Contactez-nous pour tout ce qui concerne notre entreprise",
)
# Odoo's placeholder images: the website's "Your Logo", the company's "Your logo", the Odoo
# logo of "Powered by".
PLACEHOLDER_IMAGES = (
    "website/static/src/img/website_logo.svg",
    "base/static/img/res_company_logo.png",
    "web/static/img/odoo_logo_tiny.png",
)
# Not followed: the backend and Odoo's account pages (audited on their own), sign-out,
# downloads.
SKIPPED_PREFIXES = ("/web/", "/odoo", "/report/", "/chikaya_dashboard/")
SKIPPED_PARTS = ("logout", "download=", ".xlsx", ".pdf")
MAX_PAGES = 200


def digest(content):
    return hashlib.sha256(content).hexdigest()


@tagged("post_install", "-at_install")
class TestPublicSite(ChikayaPortalCase):
    """The website as a public service's site: the institution set in one place, `/` the
    complaints' landing page, and nothing of Odoo's sample content on any page a visitor
    reaches from `/`, in French and in Arabic."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.website_in_french_and_arabic()
        cls.company = cls.website.company_id
        cls.company.write(
            {
                "chikaya_institution_name": "Commune de Testville",
                "chikaya_institution_name_ar": "جماعة تيستفيل",
                "chikaya_office_address": "Bureau d'ordre, Hôtel de ville\nAvenue Test, Testville",
                "chikaya_office_address_ar": "مكتب الضبط، مقر الجماعة",
                "chikaya_office_phone": "05 37 11 22 33",
                "chikaya_office_hours": "Du lundi au vendredi, 8 h 30 – 16 h 30",
                "chikaya_office_hours_ar": "من الاثنين إلى الجمعة",
                "chikaya_cndp_number": "D-TEST-42/2026",
            }
        )
        cls.env["chikaya.faq"].search([]).write({"active": False})
        cls.faqs = cls.env["chikaya.faq"].create(
            [
                {"question": f"Question {n}?", "answer": f"<p>Answer {n}.</p>", "sequence": n}
                for n in (1, 2, 3, 4)
            ]
        )

    def page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def text(self, html):
        """What a visitor reads: the body's text, without scripts."""
        body = html.split("<body", 1)[-1]
        body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
        return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))

    # ---- The institution, set in one place -----------------------------------------------

    def test_company_and_website_follow_the_institution(self):
        self.assertEqual(self.company.name, "Commune de Testville")
        self.assertEqual(self.website.name, "Commune de Testville")
        image = io.BytesIO()
        Image.new("RGB", (8, 8), "#0b3d91").save(image, "PNG")
        logo = base64.b64encode(image.getvalue())
        settings = self.env["res.config.settings"].create(
            {"chikaya_institution_name": "Commune de Rabat", "chikaya_logo": logo}
        )
        settings.execute()
        self.assertEqual(self.company.name, "Commune de Rabat")
        self.assertEqual(self.company.chikaya_institution_name, "Commune de Rabat")
        self.assertEqual(self.website.name, "Commune de Rabat")
        self.assertEqual(self.website.logo, self.company.logo)
        self.assertEqual(
            self.company.with_context(lang="ar_001").chikaya_public_name, "جماعة تيستفيل"
        )
        self.assertEqual(
            self.company.with_context(lang="fr_FR").chikaya_public_name, "Commune de Rabat"
        )

    def test_set_up_replaces_odoo_placeholders(self):
        """A new database's company ("My Company", "Your logo") gets the default institution
        and the emblem; a name already given is kept."""
        company = self.env["res.company"].create({"name": "My Company"})
        website = self.env["website"].create({"name": "My Website", "company_id": company.id})
        self.assertTrue(company.uses_default_logo)
        set_up_public_site(self.env)
        self.assertEqual(company.name, "Collectivité territoriale")
        self.assertEqual(company.chikaya_institution_name_ar, "الجماعة الترابية")
        self.assertEqual(website.name, "Collectivité territoriale")
        self.assertEqual(website.homepage_url, "/complaints")
        with file_open(pd.DEFAULT_LOGO_PATH, "rb") as emblem:
            self.assertEqual(base64.b64decode(company.logo), emblem.read())
        self.assertEqual(website.logo, company.logo)
        self.assertFalse(company.uses_default_logo)
        self.assertFalse(self.env.ref("website.header_search_box").active)
        # Run again: what is there stays.
        company.chikaya_institution_name = "Province de Test"
        set_up_public_site(self.env)
        self.assertEqual(company.name, "Province de Test")

    # ---- Home page, header, footer, contact page ------------------------------------------

    def test_home_is_the_landing_page(self):
        home = self.page("/")
        self.assertIn('id="chikaya_home_figures"', home)
        for path in ("/complaints/new", "/complaints/track", "/complaints/faq"):
            self.assertIn(f'href="{path}"', home)
        # The first three questions of the FAQ, in its order.
        shown = [int(n) for n in re.findall(r'data-faq-id="(\d+)"', home)]
        self.assertEqual(shown, self.faqs[:3].ids)
        self.assertEqual(self.website.homepage_url, "/complaints")

    def test_header_and_footer(self):
        # (French is the website's default language: its addresses have no prefix)
        for prefix, name, cta in (
            ("", "Commune de Testville", "Déposer une demande"),
            ("/ar", "جماعة تيستفيل", "إيداع طلب"),
        ):
            with self.subTest(lang=prefix):
                html = self.page(prefix + "/complaints/faq")
                self.assertEqual(self.page_lang(html), "ar_001" if prefix else "fr_FR")
                # The header's call to action files a request.
                ctas = re.findall(r'<a href="([^"]+)" class="[^"]*btn_cta[^"]*">([^<]*)</a>', html)
                self.assertTrue(ctas)
                for href, label in ctas:
                    self.assertEqual(href, f"{prefix}/complaints/new")
                    self.assertEqual(label.strip(), cta)
                brand = re.search(r'class="o_chikaya_brand_name[^"]*">([^<]*)<', html)
                self.assertEqual(brand.group(1).strip(), name)
                self.assertIn('href="tel:05 37 11 22 33"', html)
                footer = html.split('id="footer"', 1)[1]
                for expected in ("2.17.265", "D-TEST-42/2026", "05 37 11 22 33"):
                    self.assertIn(expected, footer)
                self.assertIn('id="chikaya_personal_data_notice"', footer)
                self.assertIn('<ul id="chikaya_footer_links"', footer)
                self.assertIn(f'href="{prefix}/complaints/faq"', footer)
                self.assertIn(name, self.text(footer))
        self.assertIn("Avenue Test, Testville", self.text(self.page("/fr/contactus")))
        self.assertIn("مكتب الضبط، مقر الجماعة", self.text(self.page("/ar/contactus")))

    # ---- No placeholder on any page a visitor reaches -------------------------------------

    def crawl(self, start):
        """{url: html} of every page of this site reachable from `start` by links, as an
        anonymous visitor."""
        base = self.base_url()
        pages, queue = {}, [start]
        while queue and len(pages) < MAX_PAGES:
            url = queue.pop(0)
            if url in pages:
                continue
            response = self.url_open(url)
            final = urlsplit(response.url)
            if final.path.startswith(SKIPPED_PREFIXES):
                continue
            self.assertEqual(response.status_code, 200, url)
            pages[url] = response.text
            for href in re.findall(r'<a\b[^>]*\bhref="([^"#]+)', response.text):
                target = urljoin(base + urlsplit(url).path, unescape(href))
                parts = urlsplit(target)
                if parts.netloc != urlsplit(base).netloc or parts.scheme not in ("http", "https"):
                    continue
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                if path.startswith(SKIPPED_PREFIXES) or any(p in path for p in SKIPPED_PARTS):
                    continue
                if path not in pages and path not in queue:
                    queue.append(path)
        return pages

    def test_no_placeholder_on_any_reachable_page(self):
        placeholder_images = set()
        for path in PLACEHOLDER_IMAGES:
            with file_open(path, "rb") as image:
                placeholder_images.add(digest(image.read()))
        pages = {}
        for start in ("/", "/ar/"):
            pages.update(self.crawl(start))
        # Odoo's account pages, reached from the header's "Sign in", have the site's
        # header and footer too.
        for prefix in ("", "/ar"):
            for path in ("/web/login", "/web/signup", "/web/reset_password"):
                pages[prefix + path] = self.page(prefix + path)
        paths = {urlsplit(url).path for url in pages}
        for expected in (
            "/",
            "/ar/",
            "/complaints/new",
            "/ar/complaints/track",
            "/complaints/faq",
            "/ar/contactus",
        ):
            self.assertIn(expected, paths)
        images = set()
        for url, html in pages.items():
            with self.subTest(page=url):
                for placeholder in PLACEHOLDERS:
                    self.assertNotIn(placeholder, html)
            images.update(re.findall(r'<img\b[^>]*\bsrc="(/[^"]+)"', html))
        self.assertTrue(images)
        for src in sorted(images):
            with self.subTest(image=src):
                response = self.url_open(unescape(src))
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(digest(response.content), placeholder_images)
