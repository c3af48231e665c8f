from odoo.tests import tagged

from .common import Open311Case


@tagged("post_install", "-at_install")
class TestOpen311Location(Open311Case):
    """The request's lat/long and address_string are the complaint's location; without a
    jurisdiction_id, the commune whose boundary holds the point is the jurisdiction."""

    def test_location_stored_on_the_complaint(self):
        response = self.post(
            **self.observation(description="Stored point.", address_string="Bd Mohammed V")
        )
        self.assertEqual(response.status_code, 200, response.text)
        complaint = self.filed("Stored point.")
        self.assertEqual(complaint.collectivity_id, self.commune_a)  # jurisdiction_id wins
        self.assertAlmostEqual(complaint.latitude, 34.0209)
        self.assertAlmostEqual(complaint.longitude, -6.8416)
        self.assertEqual(complaint.address, "Bd Mohammed V")

    def test_jurisdiction_from_the_point(self):
        laayoune = self.env["chikaya.collectivity"].search([("code", "=", "11.321.01.03")])
        rabat = self.env["chikaya.collectivity"].search([("code", "=", "04.421.01.0")])
        for (lat, lon), commune in (
            (("27.1536", "-13.2033"), laayoune),
            (("33.9980", "-6.8530"), rabat),
        ):
            with self.subTest(commune=commune.name):
                description = f"Located in {commune.name}."
                response = self.post(
                    **self.observation(
                        jurisdiction_id=None, lat=lat, long=lon, description=description
                    )
                )
                self.assertEqual(response.status_code, 200, response.text)
                self.assertEqual(self.filed(description).collectivity_id, commune)

    def test_points_refused(self):
        response = self.post(**self.observation(lat="48.8566", long="2.3522", description="Paris"))
        self.assertEqual(
            self.errors_of(response, 400),
            [
                "lat and long: this point is not in Morocco (latitude 20.5 to 36.1, longitude "
                "-17.5 to -0.9)."
            ],
        )
        response = self.post(
            **self.observation(jurisdiction_id=None, lat="34.0", long="-12.0", description="Sea")
        )
        self.assertEqual(
            self.errors_of(response, 400),
            [
                "jurisdiction_id was not provided, and no commune was found at lat and long: "
                "give the HCP code of the commune."
            ],
        )
        self.assertFalse(self.filed("Paris") | self.filed("Sea"))
