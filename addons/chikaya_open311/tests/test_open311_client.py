import contextlib
import re
import urllib.request
from unittest.mock import patch

from civicbot import Endpoint, HttpError, HttpTransport, Open311Client
from civicbot.http import RateLimiter

from odoo.tests import tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME

from .common import API, Open311Case


class _TestServerCookie(urllib.request.BaseHandler):
    """Adds the cookie Odoo's test server requires of every request (it serves a test only
    the requests that carry its key) to the requests urllib sends."""

    def __init__(self, cookie):
        self.cookie = cookie

    def http_request(self, request):
        request.add_unredirected_header("Cookie", self.cookie)
        return request


@tagged("post_install", "-at_install")
class TestOpen311Client(Open311Case):
    """An existing Open311 GeoReport v2 client from PyPI, civicbot 0.4.0 (pinned in
    requirements.txt), used as it is against the API on the test server: it lists the
    services, reads a service definition, files an observation and a réclamation, and reads
    them back, as a mobile application would.

    Only its configuration is ours: the endpoint (the test server's address), the
    jurisdiction, and no pause between calls (its politeness delay is for public servers);
    and the test server's cookie, added to what urllib sends (see `client_requests`)."""

    @contextlib.contextmanager
    def client_requests(self):
        """Within the block, the test server serves the requests the client sends with
        urllib (as HttpCase.url_open's own requests, inside allow_requests)."""
        with self.allow_requests():
            key = self.opener.cookies[TEST_CURSOR_COOKIE_NAME]
            opener = urllib.request.build_opener(
                _TestServerCookie(f"{TEST_CURSOR_COOKIE_NAME}={key}")
            )
            with patch.object(urllib.request, "_opener", opener):
                yield
        self.env.invalidate_all()

    def run_client(self, method, *args, **kwargs):
        """Call the client's `method`, its requests served by the test server."""
        with self.client_requests():
            return method(*args, **kwargs)

    def setUp(self):
        super().setUp()
        endpoint = Endpoint(
            id="chikaya-test",
            name="Chikaya (test server)",
            base_url=self.base_url() + API,
            write=True,
        )
        transport = HttpTransport(rate_limiter=RateLimiter(min_interval=0))
        self.client = Open311Client(endpoint, transport, jurisdiction_id=self.jurisdiction)

    def file(self, **kwargs):
        """File a request with the client, for real (its writes are dry runs unless told)."""
        prepared = self.run_client(
            self.client.create_request,
            "test_lighting",
            dry_run=False,
            confirm="SEND",
            api_key=self.api_key,
            validate_remote=True,
            **kwargs,
        )
        return prepared.response

    def test_list_services(self):
        services = {s["service_code"]: s for s in self.run_client(self.client.list_services)}
        self.assertEqual(services["test_lighting"]["service_name"], "Test lighting")
        self.assertIsNone(services["test_lighting"]["group"])
        self.assertEqual(services["test_lighting"]["keywords"], "Test lighting poles")
        self.assertEqual(services["test_lighting_poles"]["group"], "Test lighting")
        for code in ("test_lighting", "test_lighting_poles"):
            self.assertIs(services[code]["metadata"], True)
            self.assertEqual(services[code]["type"], "realtime")
        # the core's starting themes, by the names of their XML ids
        self.assertEqual(services["roads_potholes"]["group"], "Roads and sidewalks")

    def test_service_definition(self):
        definition = self.run_client(self.client.get_service_definition, "test_lighting")
        self.assertEqual(definition["service_code"], "test_lighting")
        attributes = definition["attributes"]
        self.assertEqual(
            [(a["code"], a["variable"], a["required"], a["order"]) for a in attributes],
            [
                ("kind", True, False, 1),
                ("identity", False, False, 2),
                ("id_type", True, False, 3),
                ("id_number", True, False, 4),
                ("subject", True, False, 5),
            ],
        )
        self.assertEqual(
            [v["key"] for v in attributes[0]["values"]],
            ["reclamation", "observation", "suggestion"],
        )
        self.assertEqual(
            [v["key"] for v in attributes[2]["values"]], ["cin", "passport", "residence"]
        )

    def test_file_an_observation(self):
        """The simplest request an Open311 client sends (no attribute) is an observation:
        it reaches the handlers' kanban with the channel "Mobile / API", and its public fields
        come back to anyone who asks."""
        answer = self.file(
            lat=34.0209,
            lng=-6.8416,
            address_string="Avenue Mohammed V, Rabat",
            description="The street light in front of number 12 is out.",
            email="karim@example.ma",
            media_url="https://images.example.ma/light.jpg",
        )
        self.assertEqual(len(answer), 1)
        number = answer[0]["service_request_id"]
        self.assertRegex(number, r"^CHK-[0-9]{4}-[0-9]{6}$")
        self.assertRegex(answer[0]["access_code"], r"^[2-9A-HJKMNP-Z]{12}$")
        self.assertIsNone(answer[0]["account_id"])
        self.assertNotIn("token", answer[0])

        complaint = self.env["chikaya.complaint"].search([("name", "=", number)])
        self.assertEqual(complaint.channel, "mobile")
        self.assertEqual(complaint.kind, "observation")
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.collectivity_id, self.commune_a)
        self.assertEqual(complaint.theme_id, self.theme)
        self.assertEqual(complaint.subject, "The street light in front of number 12 is out.")
        self.assertEqual(complaint.citizen_email, "karim@example.ma")
        self.assertEqual(complaint.address, "Avenue Mohammed V, Rabat")
        self.assertAlmostEqual(complaint.latitude, 34.0209)
        self.assertAlmostEqual(complaint.longitude, -6.8416)
        self.assertEqual(complaint.open311_media_url, "https://images.example.ma/light.jpg")
        self.assertEqual(complaint.open311_api_key_id, self.application)
        self.assertTrue(complaint._check_access_code(answer[0]["access_code"]))
        # in the kanban of the handler of commune A (grouped by state), in the "New" column
        handler_view = self.env["chikaya.complaint"].with_user(self.handler_a)
        self.assertIn(complaint, handler_view.search([("state", "=", "new")]))

        request = self.run_client(self.client.get_request, number)
        self.assertEqual(request["service_request_id"], number)
        self.assertEqual(request["status"], "open")
        self.assertEqual(request["service_code"], "test_lighting")
        self.assertEqual(request["description"], "The street light in front of number 12 is out.")
        self.assertEqual(request["address"], "Avenue Mohammed V, Rabat")
        self.assertEqual(request["agency_responsible"], "Commune A")
        self.assertIsNone(request["media_url"])
        listed = self.run_client(self.client.list_requests, service_request_ids=[number])
        self.assertEqual([r["service_request_id"] for r in listed], [number])
        listed = self.run_client(
            self.client.list_requests, status="open", service_code="test_lighting", page_size=10
        )
        self.assertIn(number, [r["service_request_id"] for r in listed])

    def test_file_a_reclamation(self):
        """A réclamation with the identity the service definition asks: filed, and never
        published (no description, address or position in GET requests)."""
        answer = self.file(
            address_string="12 rue Oued Fès, Agdal",
            description="My water meter was removed by mistake.",
            first_name="Amina",
            last_name="Citizen",
            phone="0612345678",
            attributes={"kind": "reclamation", "id_type": "cin", "id_number": "ab 123456"},
        )
        number = answer[0]["service_request_id"]
        complaint = self.env["chikaya.complaint"].search([("name", "=", number)])
        self.assertEqual(complaint.kind, "reclamation")
        self.assertEqual(complaint.citizen_name, "Amina Citizen")
        self.assertEqual(complaint.citizen_id_type, "cin")
        self.assertEqual(complaint.citizen_id_number, "AB123456")
        self.assertEqual(complaint.citizen_phone, "0612345678")
        request = self.run_client(self.client.get_request, number)
        self.assertIsNone(request["description"])
        self.assertIsNone(request["address"])
        self.assertIsNone(request["lat"])

    def test_client_errors(self):
        """The client receives the specification's errors: 403 for a key that is not valid,
        400 with one description per problem."""
        with self.assertRaises(HttpError) as caught:
            self.run_client(
                self.client.create_request,
                "test_lighting",
                dry_run=False,
                confirm="SEND",
                api_key="not-a-key",
                address_string="Avenue Mohammed V",
                description="Light out.",
            )
        self.assertEqual(caught.exception.status, 403)
        self.assertIn("Invalid api_key received", caught.exception.body)
        with self.assertRaises(HttpError) as caught:
            self.file(
                address_string="Avenue Mohammed V",
                description="Light out.",
                attributes={"kind": "reclamation"},
            )
        self.assertEqual(caught.exception.status, 400)
        self.assertTrue(re.search(r"first_name, last_name: Give your name", caught.exception.body))
        self.assertFalse(self.filed("Light out."))
