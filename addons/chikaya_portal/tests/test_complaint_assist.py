import json

from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models import portal_data as pd
from .common import FilingCase

LIGHT = (
    "Street light out in front of number 12",
    "The street light in front of number 12, Avenue des FAR, has been out for a week.",
)


class AssistCase(FilingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.light = cls.make_complaint(subject=LIGHT[0], description=LIGHT[1])
        cls.rabat = cls.env["chikaya.collectivity"].search([("code", "=", "04.421.01.0")])
        cls.laayoune = cls.env["chikaya.collectivity"].search([("code", "=", "11.321.01.03")])

    def jsonrpc(self, url, **params):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, response.text[:300])
        payload = response.json()
        self.assertNotIn("error", payload, payload.get("error"))
        return payload["result"]

    def similar(self, **overrides):
        params = {
            "commune_id": str(self.commune_a.id),
            "theme_id": str(self.theme.id),
            "subject": "Street light out at number 12",
            "description": "The street light in front of number 12 Avenue des FAR is out.",
        }
        params.update(overrides)
        return self.jsonrpc("/complaints/similar", **params)

    def support(self, csrf=True, **overrides):
        data = {"number": self.light.name, "email": "karim@example.ma", "consent": "1"}
        data.update(overrides)
        if csrf:
            data["csrf_token"] = self.csrf_token()
        return self.url_open("/complaints/support", data=data, allow_redirects=False)


@tagged("post_install", "-at_install")
class TestLocate(AssistCase):
    def test_point_to_commune(self):
        self.authenticate(None, None)
        result = self.jsonrpc("/complaints/locate", latitude="33.998", longitude="-6.853")
        self.assertEqual(result["commune"]["id"], self.rabat.id)
        self.assertEqual(result["province"]["id"], self.rabat.parent_id.id)
        self.assertEqual(result["region"]["id"], self.rabat.region_id.id)
        result = self.jsonrpc("/complaints/locate", latitude=27.1536, longitude=-13.2033)
        self.assertEqual(result["commune"]["id"], self.laayoune.id)

    def test_hostile_or_outside_points(self):
        self.authenticate(None, None)
        for lat, lon in (("48.85", "2.35"), ("NaN", "1"), ("٣٣", "-6"), (None, None), ([], {})):
            with self.subTest(point=(lat, lon)):
                self.assertEqual(
                    self.jsonrpc("/complaints/locate", latitude=lat, longitude=lon), {}
                )


@tagged("post_install", "-at_install")
class TestFilingWithAPoint(AssistCase):
    def test_point_stored(self):
        self.authenticate(None, None)
        response = self.post_form(
            self.form_data(
                subject="With a point", latitude="34.0101", longitude="-6.8302", address="Bd X"
            )
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        complaint = self.filed("With a point")
        self.assertAlmostEqual(complaint.latitude, 34.0101)
        self.assertAlmostEqual(complaint.longitude, -6.8302)
        self.assertEqual(complaint.address, "Bd X")
        # the point is in Rabat, the commune chosen is the test's commune A: the citizen's
        # choice stands, the point stays
        self.assertEqual(complaint.collectivity_id, self.commune_a)

    def test_point_refused(self):
        self.authenticate(None, None)
        for lat, lon, key in (
            ("48.85", "2.35", "location_outside"),
            ("34.01", "", "location"),
            ("abc", "-6.8", "location"),
        ):
            with self.subTest(point=(lat, lon)):
                response = self.post_form(
                    self.form_data(subject="Bad point", latitude=lat, longitude=lon)
                )
                self.assertEqual(response.status_code, 400)
                self.assertEqual(self.field_error(response.text, "latitude"), self.msg(key))
        self.assertFalse(self.filed("Bad point"))

    def test_hostile_location_fields(self):
        """Control characters are removed from the location fields like from the others;
        a coordinate in other digits or with a NUL is refused with the field's message."""
        self.authenticate(None, None)
        response = self.post_form(
            self.form_data(
                subject="Hostile point",
                address="Bd\x00 X\x1b",
                latitude="34.01\x00",
                longitude=" -6.83\x07",
            )
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        complaint = self.filed("Hostile point")
        self.assertEqual(complaint.address, "Bd X")
        self.assertAlmostEqual(complaint.latitude, 34.01)
        for lat in ("٣٤.٠١", "1e1", "nan", "34.01" * 10):
            with self.subTest(latitude=lat):
                response = self.post_form(
                    self.form_data(subject="Hostile point 2", latitude=lat, longitude="-6.8")
                )
                self.assertEqual(response.status_code, 400)
                self.assertEqual(self.field_error(response.text, "latitude"), self.msg("location"))

    def test_form_shows_location_fields_without_js(self):
        self.authenticate(None, None)
        html = self.url_open("/complaints/new").text
        for element_id in (
            "chikaya_address",
            "chikaya_latitude",
            "chikaya_longitude",
            "chikaya_map",
        ):
            self.assertIn(f'id="{element_id}"', html)
        self.assertIn('data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"', html)


@tagged("post_install", "-at_install")
class TestSimilarAndSupport(AssistCase):
    def test_similar_found_without_identity(self):
        self.authenticate(None, None)
        result = self.similar()
        self.assertEqual([row["number"] for row in result["complaints"]], [self.light.name])
        flat = json.dumps(result)
        for secret in ("Amina", "AB123456", "amina@example.ma", "Avenue des FAR", LIGHT[0]):
            self.assertNotIn(secret, flat)
        self.assertEqual(
            self.similar(subject="Noisy", description="Music all night long.")["complaints"], []
        )
        self.assertEqual(self.similar(commune_id=str(self.commune_b.id))["complaints"], [])

    def test_similar_rate_limited(self):
        self.authenticate(None, None)
        self.env["ir.config_parameter"].sudo().set_param(pd.PARAM_SIMILAR_LIMIT, 2)
        self.assertIn("complaints", self.similar())
        self.assertIn("complaints", self.similar())
        self.assertEqual(self.similar(), {"error": "too_many"})

    def test_support_once(self):
        self.authenticate(None, None)
        for _i in range(2):
            response = self.support()
            self.assertEqual(response.status_code, 200)
            self.assertIn('id="chikaya_supported"', response.text)
        self.assertEqual(self.light.supporter_count, 1)
        self.assertEqual(self.light.supporter_ids.email, "karim@example.ma")
        self.assertFalse(self.light.supporter_ids.partner_id)

    def test_support_signed_in_links_the_account_for_its_own_address(self):
        self.authenticate("t_citizen2", "t_citizen2")
        self.assertEqual(self.support().status_code, 200)
        self.assertEqual(self.light.supporter_ids.partner_id, self.citizen_2.partner_id)

    def test_support_refusals(self):
        self.authenticate(None, None)
        with mute_logger("odoo.http"):
            self.assertEqual(self.support(csrf=False).status_code, 400)
        self.assertEqual(self.support(consent="").status_code, 400)
        self.assertEqual(self.support(email="nobody").status_code, 400)
        self.assertEqual(self.support(number="CHK-0000-999999").status_code, 400)
        closed = self.make_in_state("closed")
        self.assertEqual(self.support(number=closed.name).status_code, 400)
        self.assertEqual(self.light.supporter_count, 0)
        self.assertEqual(closed.supporter_count, 0)

    def test_support_rate_limited(self):
        self.authenticate(None, None)
        self.env["ir.config_parameter"].sudo().set_param(pd.PARAM_SUPPORT_LIMIT, 2)
        self.assertEqual(self.support(email="a@example.ma").status_code, 200)
        self.assertEqual(self.support(email="b@example.ma").status_code, 200)
        self.assertEqual(self.support(email="c@example.ma").status_code, 429)
        self.assertEqual(self.light.supporter_count, 2)


@tagged("post_install", "-at_install")
class TestLocationTour(AssistCase):
    def test_pin_on_the_map(self):
        # tiles from this server (the tests have no network): any small image will do
        self.env["ir.config_parameter"].sudo().set_param(
            "chikaya_complaints.map_tile_url",
            "/chikaya_complaints/static/lib/leaflet/images/layers.png?{z}/{x}/{y}",
        )
        self.start_tour("/complaints/new", "chikaya_portal_location_tour", login=None)
        complaint = self.filed("Tour: pin on the map")
        self.assertEqual(len(complaint), 1)
        self.assertTrue(complaint.latitude and complaint.longitude)
        expected = self.Complaint._collectivities_at(complaint.latitude, complaint.longitude)
        self.assertTrue(expected["commune"])
        self.assertEqual(complaint.collectivity_id, expected["commune"])
