import json

from lxml import etree

from odoo.tests import HttpCase

from odoo.addons.chikaya_complaints.tests.common import ChikayaCase

API = "/open311/v2"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Open311Case(HttpCase, ChikayaCase):
    """ChikayaCase's territory and users, served by the Open311 API: the test theme is the
    service `test_lighting` (and its sub-theme `test_lighting_poles`), commune A is the
    jurisdiction 97.001.01.01; one client application with its key in plain (`api_key`), as
    its developers received it.

    The limits are off unless a test sets them (many requests from one address and one key
    here); tests read answers as a client does, from the HTTP response."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.theme.open311_code = "test_lighting"
        cls.sub_theme = cls.env["chikaya.theme"].create(
            {
                "name": "Test lighting poles",
                "parent_id": cls.theme.id,
                "open311_code": "test_lighting_poles",
            }
        )
        params = cls.env["ir.config_parameter"].sudo()
        for param in ("key_limit", "read_limit", "ack_daily_limit"):
            params.set_param(f"chikaya_open311.{param}", 0)
        cls.application = cls.env["chikaya.open311.api.key"].create({"name": "Test app"})
        cls.api_key = cls.application.new_key
        cls.jurisdiction = cls.commune_a.code

    def setUp(self):
        super().setUp()
        self.env.flush_all()  # (clients that are not url_open read the database too)

    def url_open(self, *args, **kwargs):
        # the server reads the database: what the test wrote goes there first; the request
        # ran on the test cursor with its own cache: read the records afresh afterwards
        self.env.flush_all()
        response = super().url_open(*args, **kwargs)
        self.env.invalidate_all()
        return response

    def get(self, resource, **params):
        return (
            self.url_open(f"{API}/{resource}", params=params)
            if params
            else self.url_open(f"{API}/{resource}")
        )

    def post(self, resource="requests.json", files=None, **data):
        """POST `data` (form fields) and `files` to the API, with the application's key unless
        `data` names another (None: no key)."""
        data.setdefault("api_key", self.api_key)
        data = {name: value for name, value in data.items() if value is not None}
        return self.url_open(f"{API}/{resource}", data=data, files=files)

    def observation(self, **data):
        """The fields of a valid anonymous observation about commune A."""
        return {
            "jurisdiction_id": self.jurisdiction,
            "service_code": "test_lighting",
            "lat": "34.0209",
            "long": "-6.8416",
            "description": "The street light in front of number 12 is out.",
            **data,
        }

    def reclamation(self, **data):
        """The fields of a valid réclamation (identity and contact) about commune A."""
        return self.observation(
            **{
                "attribute[kind]": "reclamation",
                "first_name": "Amina",
                "last_name": "Citizen",
                "attribute[id_type]": "cin",
                "attribute[id_number]": "AB123456",
                "email": "amina@example.ma",
                **data,
            }
        )

    def errors_of(self, response, status):
        """The descriptions of an Open311 errors answer (JSON), checking its status and that
        every error's code is the status."""
        self.assertEqual(response.status_code, status, response.text[:500])
        self.assertEqual(response.headers["Content-Type"], "application/json; charset=utf-8")
        errors = response.json()
        self.assertIsInstance(errors, list)
        self.assertTrue(errors)
        self.assertEqual({error["code"] for error in errors}, {status})
        return [error["description"] for error in errors]

    def xml_errors_of(self, response, status):
        """The descriptions of an Open311 errors answer in XML."""
        self.assertEqual(response.status_code, status, response.text[:500])
        self.assertEqual(response.headers["Content-Type"], "text/xml; charset=utf-8")
        root = etree.fromstring(response.content)
        self.assertEqual(root.tag, "errors")
        self.assertEqual({e.findtext("code") for e in root.findall("error")}, {str(status)})
        return [e.findtext("description") for e in root.findall("error")]

    def filed(self, description):
        """The complaints whose description is `description` (as superuser: the test looks
        at what the API created)."""
        return (
            self.env["chikaya.complaint"]
            .with_context(active_test=False)
            .search([("description", "=", description)])
        )

    def json_of(self, response, status=200):
        self.assertEqual(response.status_code, status, response.text[:500])
        return json.loads(response.content)
