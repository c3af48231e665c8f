from datetime import datetime, timedelta

from lxml import etree

from odoo.tests import tagged

from odoo.addons.chikaya_complaints.tools.workflow import workflow_writes

from .common import PDF, Open311Case

# Every field of a GET requests answer, in the specification's order.
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
NOTICE = (
    "The collectivity answers within 60 days of receipt (decree 2.17.265). The citizen follows "
    "the request with its tracking number and access code."
)


@tagged("post_install", "-at_install")
class TestOpen311Requests(Open311Case):
    """GET requests and requests/{id}: the public fields only, never the citizen's identity,
    contact or files, the subject, the internal notes or the answer of a réclamation (markers
    planted in each, looked for in the whole answer, JSON and XML); the filters and paging."""

    def file(self, **data):
        """File a request over HTTP; return the complaint (its access code, as the
        application received it, in self.codes)."""
        response = self.post(**data)
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()[0]
        self.codes[answer["service_request_id"]] = answer["access_code"]
        return self.env["chikaya.complaint"].search([("name", "=", answer["service_request_id"])])

    def setUp(self):
        super().setUp()
        self.codes = {}

    def plant_markers(self, complaint, tag):
        """Markers in everything of `complaint` that is not public, returned for the search."""
        markers = {f"{tag}{n}" for n in range(3)}
        m = sorted(markers)
        complaint.message_post(body=f"Internal note {m[0]}", subtype_xmlid="mail.mt_note")
        self.env["ir.attachment"].create(
            {
                "name": f"scan-{m[1]}.pdf",
                "raw": PDF,
                "res_model": "chikaya.complaint",
                "res_id": complaint.id,
            }
        )
        complaint.write({"subject": f"Subject {m[2]}"})
        return markers

    def assert_absent(self, markers, *resources):
        for resource in resources:
            for fmt in ("json", "xml"):
                response = self.get(f"{resource}.{fmt}" if "?" not in resource else resource)
                self.assertEqual(response.status_code, 200, response.text)
                for marker in markers:
                    self.assertNotIn(marker, response.text, f"{marker} leaked by {resource}")

    def test_never_leaks(self):
        reclamation = self.file(
            **self.reclamation(
                first_name="Leakfirst",
                last_name="Leaklast",
                email="leakmail@example.ma",
                phone="0611223344",
                description="My neighbour Leakdesc owes me money.",
                address_string="Leakaddr street",
                media_url="https://leakmedia.example.ma/x.jpg",
                **{"attribute[id_number]": "LK123456"},
            )
        )
        markers = self.plant_markers(reclamation, "Leakrec")
        markers |= {
            "Leakfirst",
            "Leaklast",
            "leakmail",
            "0611223344",
            "Leakdesc",
            "Leakaddr",
            "leakmedia",
            "LK123456",
            self.codes[reclamation.name],
        }
        reclamation.action_start()
        reclamation.response = "Dear Leakfirst, Leakanswer."
        reclamation.action_answer()
        markers.add("Leakanswer")
        # an observation filed on the website (or on paper) is not published either: its
        # citizen was not told that it would be
        portal_observation = self.make_complaint(
            kind="observation",
            description="Leakportal observation",
            citizen_name="Leakportalname",
        )
        markers |= self.plant_markers(portal_observation, "Leakobs") | {
            "Leakportal",
            "Leakportalname",
            "amina@example.ma",
            "AB123456",
        }
        # a published observation: its own text is public, not its contact nor its files
        published = self.file(
            **self.observation(email="leakcontact@example.ma", first_name="Leakpubname")
        )
        markers |= self.plant_markers(published, "Leakpub") | {"leakcontact", "Leakpubname"}
        self.assert_absent(
            markers,
            "requests",
            f"requests/{reclamation.name}",
            f"requests/{portal_observation.name}",
            f"requests/{published.name}",
        )
        rows = {r["service_request_id"]: r for r in self.json_of(self.get("requests.json"))}
        self.assertEqual(list(rows[reclamation.name]), REQUEST_FIELDS)
        for complaint in (reclamation, portal_observation):
            row = rows[complaint.name]
            for name in ("description", "address", "lat", "long", "media_url"):
                self.assertIsNone(row[name], f"{name} of {complaint.name}")
        self.assertEqual(rows[reclamation.name]["status"], "closed")
        self.assertEqual(
            rows[reclamation.name]["status_notes"], "The answer was sent to the citizen."
        )
        row = rows[published.name]
        self.assertEqual(row["description"], "The street light in front of number 12 is out.")
        self.assertEqual((row["lat"], row["long"]), (34.0209, -6.8416))

    def test_request_fields(self):
        complaint = self.file(
            **self.observation(
                address_string="Avenue Mohammed V", **{"attribute[kind]": "suggestion"}
            )
        )
        with workflow_writes():
            complaint.write({"received_date": datetime(2026, 3, 1).date()})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE chikaya_complaint SET create_date = %s, write_date = %s WHERE id = %s",
            (datetime(2026, 3, 1, 9, 30, 5), datetime(2026, 3, 2, 10, 0, 0), complaint.id),
        )
        self.env.invalidate_all()
        rows = self.json_of(self.get(f"requests/{complaint.name}.json"))
        self.assertEqual(
            rows,
            [
                {
                    "service_request_id": complaint.name,
                    "status": "open",
                    "status_notes": None,
                    "service_name": "Test lighting",
                    "service_code": "test_lighting",
                    "description": "The street light in front of number 12 is out.",
                    "agency_responsible": "Commune A",
                    "service_notice": NOTICE,
                    "requested_datetime": "2026-03-01T09:30:05Z",
                    "updated_datetime": "2026-03-02T10:00:00Z",
                    "expected_datetime": "2026-04-30T23:59:59Z",
                    "address": "Avenue Mohammed V",
                    "address_id": None,
                    "zipcode": None,
                    "lat": 34.0209,
                    "long": -6.8416,
                    "media_url": None,
                }
            ],
        )
        # the same in XML: <service_requests><request>…</request></service_requests>
        response = self.get(f"requests/{complaint.name}.xml", locale="ar")
        self.assertEqual(response.headers["Content-Type"], "text/xml; charset=utf-8")
        self.assertTrue(response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'))
        root = etree.fromstring(response.content)
        self.assertEqual(root.tag, "service_requests")
        (request,) = root
        self.assertEqual(request.tag, "request")
        self.assertEqual([child.tag for child in request], REQUEST_FIELDS)
        self.assertEqual(request.findtext("status"), "open")
        self.assertEqual(request.findtext("agency_responsible"), "جماعة أ")
        self.assertEqual(request.findtext("lat"), "34.0209")
        self.assertIsNone(request.find("status_notes").text)

    def test_status_notes(self):
        """The public answer: the response of a published request; that information was
        requested; the reason of a rejection."""
        answered = self.file(**self.observation(description="Answered one."))
        answered.action_start()
        answered.response = "The light was repaired on Monday."
        answered.action_answer()
        asked = self.file(**self.observation(description="Asked one."))
        asked.action_start()
        asked.action_request_info("Which pole exactly?")
        rejected = self.file(**self.observation(description="Rejected one."))
        rejected.action_reject(self.reason)
        rows = {r["service_request_id"]: r for r in self.json_of(self.get("requests.json"))}
        self.assertEqual(
            (rows[answered.name]["status"], rows[answered.name]["status_notes"]),
            ("closed", "The light was repaired on Monday."),
        )
        self.assertEqual(
            (rows[asked.name]["status"], rows[asked.name]["status_notes"]),
            ("open", "Information was requested from the citizen."),
        )
        self.assertEqual(rows[asked.name]["status_notes"].count("Which pole"), 0)
        self.assertEqual(
            (rows[rejected.name]["status"], rows[rejected.name]["status_notes"]),
            ("closed", f"Rejected: {self.reason.name}."),
        )
        self.assertIsNone(rows[rejected.name]["expected_datetime"])

    def test_filters_and_paging(self):
        first = self.file(**self.observation(description="First."))
        second = self.file(
            **self.observation(description="Second.", service_code="test_lighting_poles")
        )
        third = self.file(**self.observation(description="Third."))
        in_arrondissement = self.make_complaint(collectivity_id=self.arrondissement_a.id)
        elsewhere = self.make_complaint(collectivity_id=self.commune_b.id)
        third.action_reject(self.reason)
        self.env.flush_all()
        now = datetime.now().replace(microsecond=0)
        dates = {
            first: now - timedelta(days=100),
            second: now - timedelta(days=10),
            third: now - timedelta(days=5),
            in_arrondissement: now - timedelta(days=2),
            elsewhere: now - timedelta(days=1),
        }
        for complaint, date in dates.items():
            self.env.cr.execute(
                "UPDATE chikaya_complaint SET create_date = %s WHERE id = %s", (date, complaint.id)
            )
        self.env.invalidate_all()

        def listed(**params):
            return [
                r["service_request_id"] for r in self.json_of(self.get("requests.json", **params))
            ]

        mine = [c.name for c in (elsewhere, in_arrondissement, third, second)]
        # the most recent 90 days by default, newest first
        self.assertEqual([n for n in listed() if n in mine + [first.name]], mine)
        self.assertEqual(
            listed(jurisdiction_id=self.jurisdiction),
            [in_arrondissement.name, third.name, second.name],
        )
        self.assertEqual(listed(jurisdiction_id=self.commune_b.code), [elsewhere.name])
        self.assertEqual(listed(jurisdiction_id=self.jurisdiction, status="closed"), [third.name])
        self.assertEqual(
            listed(jurisdiction_id=self.jurisdiction, status="open,closed"),
            [in_arrondissement.name, third.name, second.name],
        )
        self.assertEqual(
            listed(jurisdiction_id=self.jurisdiction, service_code="test_lighting_poles"),
            [second.name],
        )
        start = (now - timedelta(days=120)).strftime("%Y-%m-%dT%H:%M:%SZ")
        end = (now - timedelta(days=50)).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.assertEqual(listed(start_date=start, end_date=end), [first.name])
        # an offset and a "+" sent unencoded (a space) are read as the same instant
        end_offset = (now - timedelta(days=50) + timedelta(hours=1)).strftime(
            "%Y-%m-%dT%H:%M:%S+01:00"
        )
        self.assertEqual(listed(start_date=start, end_date=end_offset), [first.name])
        unencoded = end_offset.replace("+", " ")
        url = f"/open311/v2/requests.json?start_date={start}&end_date={unencoded}"
        self.assertEqual(
            [r["service_request_id"] for r in self.json_of(self.url_open(url))], [first.name]
        )
        # paging
        self.assertEqual(
            listed(jurisdiction_id=self.jurisdiction, page_size=2),
            [in_arrondissement.name, third.name],
        )
        self.assertEqual(
            listed(jurisdiction_id=self.jurisdiction, page_size=2, page=2), [second.name]
        )
        self.assertEqual(listed(jurisdiction_id=self.jurisdiction, page_size=2, page=3), [])
        # service_request_id overrides every other argument
        self.assertEqual(
            listed(service_request_id=f"{first.name}, {elsewhere.name}", status="closed"),
            [elsewhere.name, first.name],
        )
