import io
from datetime import date, datetime, timedelta

from openpyxl import load_workbook

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from odoo.addons.chikaya_complaints.tests.common import QUIET, ChikayaCase

from ..models import dashboard_data as dd

TODAY = date(2026, 3, 15)
YEAR_FROM, YEAR_TO = date(2025, 1, 1), date(2025, 12, 31)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestPalmares(ChikayaCase):
    """Rankings of the communes and provinces over complaints received in a period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **QUIET))
        cls.Palmares = cls.env["chikaya.palmares"]
        cls.commune_a.population_2024 = 20000
        cls.commune_b.population_2024 = 8000
        cls.commune_c.population_2024 = 50000
        cls.env["ir.config_parameter"].set_param(dd.PARAM_PALMARES_MIN_ANSWERED, 3)

    def answered(self, unit, days, received=date(2025, 3, 1), **extra):
        """A complaint of `unit` answered `days` days after its receipt."""
        answer = datetime.combine(received + timedelta(days=days), datetime.min.time())
        return self.make_complaint(
            collectivity_id=unit.id,
            received_date=received,
            state="answered",
            answered_date=answer,
            response="Answered.",
            **extra,
        )

    def open_(self, unit, received):
        return self.make_complaint(collectivity_id=unit.id, received_date=received)

    def palmares(self, level=dd.PALMARES_LEVEL_COMMUNE, date_from=YEAR_FROM, date_to=YEAR_TO):
        result = self.Palmares.get_palmares(date_from, date_to, level)
        # Only the test territory (the official one, loaded on install, has no complaint).
        for key in ("by_processing", "by_share", "not_ranked"):
            result[key] = [r for r in result[key] if r["code"].startswith("97")]
        return result

    def test_minimum_volume(self):
        for days in (10, 20, 30):
            self.answered(self.commune_a, days)  # 3 answered: at the minimum, ranked
        for days in (5, 6):
            self.answered(self.commune_b, days)  # 2 answered: below it, listed apart
        self.open_(self.commune_b, date(2025, 1, 10))  # open, not answered
        result = self.palmares()
        self.assertEqual(result["min_answered"], 3)
        self.assertEqual([r["code"] for r in result["by_processing"]], [self.commune_a.code])
        self.assertEqual([r["code"] for r in result["by_share"]], [self.commune_a.code])
        [not_ranked] = result["not_ranked"]
        self.assertEqual((not_ranked["code"], not_ranked["answered"]), (self.commune_b.code, 2))
        self.assertEqual(not_ranked["received"], 3)
        # Raising the minimum unranks A; the default applies without a setting.
        self.env["ir.config_parameter"].set_param(dd.PARAM_PALMARES_MIN_ANSWERED, 4)
        self.assertEqual(self.palmares()["by_processing"], [])
        self.env["ir.config_parameter"].set_param(dd.PARAM_PALMARES_MIN_ANSWERED, "")
        self.assertEqual(self.palmares()["min_answered"], 10)  # the documented default

    def test_orderings_and_ties(self):
        # A: mean 20, 3 answered within 60 days, plus one open since 90 days -> 3/4 = 75 %.
        for days in (10, 20, 30):
            self.answered(self.commune_a, days)
        self.open_(self.commune_a, TODAY - timedelta(days=400))
        # B: mean 20 too (tie with A, fewer answers), all 3 within 60 days -> 100 %.
        for days in (19, 20, 21):
            self.answered(self.commune_b, days)
        # C: mean 50, 4 answered of which 2 within 60 days -> 50 %; an open complaint still
        # within the deadline would not count, but none is (all 2025).
        for days in (20, 40, 70, 70):
            self.answered(self.commune_c, days)
        result = self.palmares()
        by_processing = [(r["rank"], r["code"], r["mean_days"]) for r in result["by_processing"]]
        self.assertEqual(
            by_processing,
            [
                (1, self.commune_a.code, 20.0),  # A before B: equal mean, more answers...
                (1, self.commune_b.code, 20.0),  # ...but the same rank
                (3, self.commune_c.code, 50.0),
            ],
        )
        by_share = [(r["rank"], r["code"], r["share"]) for r in result["by_share"]]
        self.assertEqual(
            by_share,
            [
                (1, self.commune_b.code, 100.0),
                (2, self.commune_a.code, 75.0),
                (3, self.commune_c.code, 50.0),
            ],
        )
        row_a = result["by_share"][1]
        self.assertEqual((row_a["on_time"], row_a["decided"], row_a["answered"]), (3, 4, 3))

    def test_share_ties_by_volume_then_name(self):
        for days in (10, 10, 10, 10):
            self.answered(self.commune_a, days)
        for days in (30, 30, 30):
            self.answered(self.commune_b, days)
        for days in (5, 5, 5, 5):
            self.answered(self.commune_c, days)
        by_share = [(r["rank"], r["code"]) for r in self.palmares()["by_share"]]
        # All at 100 %: one rank, then 4 answers (A, C: by name) before 3 (B).
        self.assertEqual(
            by_share,
            [(1, self.commune_a.code), (1, self.commune_c.code), (1, self.commune_b.code)],
        )

    def test_open_within_deadline_is_not_decided(self):
        """A complaint still within its deadline neither helps nor hurts the share."""
        for days in (10, 20, 30):
            self.answered(self.commune_a, days, received=date(2026, 1, 5))
        self.open_(self.commune_a, TODAY - timedelta(days=20))
        result = self.palmares(date_from=date(2026, 1, 1), date_to=TODAY)
        [row] = result["by_share"]
        self.assertEqual((row["share"], row["decided"], row["received"]), (100.0, 3, 4))

    def test_per_10000_inhabitants(self):
        for days in (10, 20, 30):
            self.answered(self.commune_a, days)
        self.open_(self.commune_a, date(2025, 6, 1))
        # An arrondissement's complaint counts for its commune.
        self.answered(self.arrondissement_a, 15)
        [row] = self.palmares()["by_processing"]
        self.assertEqual(row["received"], 5)
        self.assertEqual(row["answered"], 4)
        self.assertAlmostEqual(row["per_10000"], round(5 * 10000 / 20000, 2))  # 2.5
        self.assertAlmostEqual(row["mean_days"], round((10 + 20 + 30 + 15) / 4, 1))

    def test_period_filter(self):
        for days in (10, 20, 30):
            self.answered(self.commune_a, days)  # received 2025-03-01
        for days in (40, 50, 60):
            self.answered(self.commune_a, days, received=date(2024, 12, 31))
        self.answered(self.commune_a, 5, received=date(2026, 1, 1))
        [row] = self.palmares()["by_processing"]
        self.assertEqual((row["answered"], row["mean_days"]), (3, 20.0))
        [row] = self.palmares(date_from=date(2024, 12, 31), date_to=date(2025, 3, 1))[
            "by_processing"
        ]
        self.assertEqual((row["answered"], row["mean_days"]), (6, 35.0))
        # The default period: the last 12 complete months (today is 15 March 2026).
        self.assertEqual(self.Palmares._default_period(), (date(2025, 3, 1), date(2026, 2, 28)))
        with self.assertRaises(ValidationError):
            self.Palmares.create({"date_from": date(2025, 2, 1), "date_to": date(2025, 1, 1)})

    def test_province_ranking(self):
        for days in (10, 20):
            self.answered(self.commune_a, days)
        self.answered(self.commune_b, 30)  # commune B is in province P1 too
        for days in (5, 5, 5):
            self.answered(self.commune_c, days)  # prefecture P2
        result = self.palmares(level=dd.PALMARES_LEVEL_PROVINCE)
        self.assertEqual(
            [
                (r["rank"], r["code"], r["answered"], r["mean_days"])
                for r in result["by_processing"]
            ],
            [(1, self.province_2.code, 3, 5.0), (2, self.province.code, 3, 20.0)],
        )

    def test_backend_page_renders_the_rankings(self):
        for days in (10, 20, 30):
            self.answered(self.commune_a, days)
        page = self.Palmares.with_user(self.manager).create(
            {"date_from": YEAR_FROM, "date_to": YEAR_TO}
        )
        self.assertIn("Commune A", page.palmares_html)
        self.assertIn("chikaya_palmares_processing", page.palmares_html)

    def test_xlsx(self):
        for days in (10, 20, 30):
            self.answered(self.commune_a, days)
        self.answered(self.commune_b, 5)
        data = self.Palmares.palmares_workbook(YEAR_FROM, YEAR_TO)
        sheet = load_workbook(io.BytesIO(data)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        [row_a] = [r for r in rows if r[1] == "Commune A"][:1]
        self.assertEqual(row_a[:7], [1, "Commune A", 20.0, 100.0, 3, 3, 1.5])
        [row_b] = [r for r in rows if r[0] == "Commune B"]
        self.assertEqual(row_b[:4], ["Commune B", 1, 1, 1.25])
