from lxml import etree
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import API, Open311Case


@tagged("post_install", "-at_install")
class TestOpen311Services(Open311Case):
    """Discovery and the services (themes) in JSON and XML, in the language `locale` asks,
    with the service codes the themes keep."""

    def test_discovery(self):
        document = self.json_of(self.get("discovery.json"))
        self.assertEqual(list(document), ["changeset", "contact", "key_service", "endpoints"])
        (endpoint,) = document["endpoints"]
        self.assertEqual(endpoint["specification"], "http://wiki.open311.org/GeoReport_v2")
        self.assertEqual(endpoint["url"], self.base_url() + API)
        self.assertEqual(endpoint["type"], "production")
        self.assertEqual(endpoint["formats"], ["text/xml", "application/json"])
        self.assertRegex(endpoint["changeset"], r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$")
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("chikaya_open311.contact", "api@commune.example.ma")
        root = etree.fromstring(self.get("discovery.xml").content)
        self.assertEqual(root.tag, "discovery")
        self.assertEqual(root.findtext("contact"), "api@commune.example.ma")
        self.assertEqual(
            [f.text for f in root.find("endpoints/endpoint/formats")],
            ["text/xml", "application/json"],
        )

    def test_services_in_three_languages(self):
        self.theme.update_field_translations(
            "name", {"fr_FR": "Éclairage test", "ar_001": "إنارة تجريبية"}
        )
        names = {}
        for locale in ("", "fr", "ar-MA", "ar_001", "xx"):
            response = self.get("services.json", locale=locale)
            services = {s["service_code"]: s for s in self.json_of(response)}
            names[locale] = services["test_lighting"]["service_name"]
            self.assertEqual(services["test_lighting_poles"]["group"], names[locale])
        self.assertEqual(
            names,
            {
                "": "Test lighting",
                "fr": "Éclairage test",
                "ar-MA": "إنارة تجريبية",
                "ar_001": "إنارة تجريبية",
                "xx": "Test lighting",
            },
        )

    def test_services_xml(self):
        response = self.get("services.xml", jurisdiction_id=self.jurisdiction)
        self.assertEqual(response.headers["Content-Type"], "text/xml; charset=utf-8")
        root = etree.fromstring(response.content)
        self.assertEqual(root.tag, "services")
        self.assertEqual({child.tag for child in root}, {"service"})
        service = next(s for s in root if s.findtext("service_code") == "test_lighting_poles")
        self.assertEqual(
            [child.tag for child in service],
            [
                "service_code",
                "service_name",
                "description",
                "metadata",
                "type",
                "keywords",
                "group",
            ],
        )
        self.assertEqual(service.findtext("metadata"), "true")
        self.assertEqual(service.findtext("group"), "Test lighting")
        definition = etree.fromstring(self.get("services/test_lighting.xml").content)
        self.assertEqual(definition.tag, "service_definition")
        kind = definition.find("attributes/attribute")
        self.assertEqual(kind.findtext("code"), "kind")
        self.assertEqual(
            [value.findtext("key") for value in kind.find("values")],
            ["reclamation", "observation", "suggestion"],
        )
        # archived themes are no services
        self.sub_theme.active = False
        codes = [s["service_code"] for s in self.json_of(self.get("services.json"))]
        self.assertNotIn("test_lighting_poles", codes)

    def test_service_codes(self):
        """The core's themes are known by the names of their XML ids; a new theme gets
        theme-<id>; a code is unique and URL-safe."""
        roads = self.env.ref("chikaya_complaints.theme_roads_potholes")
        self.assertEqual(roads.open311_code, "roads_potholes")
        theme = self.env["chikaya.theme"].create({"name": "New theme"})
        self.assertEqual(theme.open311_code, f"theme-{theme.id}")
        with self.assertRaises(ValidationError):
            theme.open311_code = "Bad code.json"
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            theme.open311_code = "roads_potholes"
            self.env.flush_all()
