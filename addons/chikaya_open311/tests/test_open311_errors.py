from odoo.tests import tagged

from odoo.addons.chikaya_complaints.tools import uploads

from .common import PDF, PNG, Open311Case

# Control characters an attacker puts in text: NUL (which PostgreSQL refuses), ESC, DEL, and a
# C1 control (NEL).
CONTROLS = "\x00\x1b\x7f\x85"


@tagged("post_install", "-at_install")
class TestOpen311Errors(Open311Case):
    """Every refusal of the API, over HTTP: the status the specification gives (403 for the
    key, 404 for what does not exist, 400 for the rest; 405, 413 and 429 where they apply)
    and its errors document, each description written out here; nothing created. Never a
    500, whatever the input."""

    # ---- The key ----------------------------------------------------------------------------

    def test_post_needs_a_valid_key(self):
        data = self.observation(description="Refused for its key.")
        response = self.post(api_key=None, **data)
        self.assertEqual(
            self.errors_of(response, 403),
            ["api_key was not provided: posting a request needs the key of your application."],
        )
        for key in ("not-a-key", self.api_key + "x", "é" * 40, "k" * 500, "a'; --"):
            with self.subTest(key=key):
                response = self.post(api_key=key, **data)
                self.assertEqual(
                    self.errors_of(response, 403), ["Invalid api_key received -- can't proceed."]
                )
        # a key made of control characters only is no key
        response = self.post(api_key=CONTROLS, **data)
        self.assertEqual(
            self.errors_of(response, 403),
            ["api_key was not provided: posting a request needs the key of your application."],
        )
        self.application.action_revoke()
        response = self.post(**data)
        self.assertEqual(
            self.errors_of(response, 403), ["Invalid api_key received -- can't proceed."]
        )
        self.assertFalse(self.filed("Refused for its key."))

    def test_key_on_reads(self):
        """Reads need no key; a key that is sent must be valid."""
        self.assertEqual(self.get("services.json").status_code, 200)
        self.assertEqual(self.get("services.json", api_key=self.api_key).status_code, 200)
        response = self.get("services.xml", api_key="revoked-or-mistyped")
        self.assertEqual(
            self.xml_errors_of(response, 403), ["Invalid api_key received -- can't proceed."]
        )

    # ---- What does not exist ----------------------------------------------------------------

    def test_jurisdiction(self):
        # (with a point and no jurisdiction_id, the point's commune is the jurisdiction:
        # test_open311_location)
        response = self.post(
            **self.observation(jurisdiction_id=None, lat=None, long=None, address_string="Bd X")
        )
        self.assertEqual(self.errors_of(response, 400), ["jurisdiction_id was not provided."])
        for code in ("99.999.99.9", self.province.code, "٩٧.٠٠١.٠١.٠١", "97.001.01.01' OR 1=1"):
            with self.subTest(code=code):
                response = self.post(**self.observation(jurisdiction_id=code))
                self.assertEqual(response.status_code, 404, response.text)
        response = self.post(**self.observation(jurisdiction_id="99.999.99.9"))
        self.assertEqual(
            self.errors_of(response, 404),
            [
                "jurisdiction_id 99.999.99.9 was not found: give the HCP code of a commune, "
                "e.g. 04.441.01.1."
            ],
        )
        for resource in ("services.json", "services/test_lighting.json", "requests.json"):
            with self.subTest(resource=resource):
                response = self.get(resource, jurisdiction_id="99.999.99.9")
                self.assertEqual(response.status_code, 404)

    def test_service_code(self):
        response = self.post(**self.observation(service_code=None))
        self.assertEqual(self.errors_of(response, 400), ["service_code was not provided."])
        response = self.post(**self.observation(service_code="no_such_service"))
        self.assertEqual(
            self.errors_of(response, 404), ["service_code no_such_service was not found."]
        )
        response = self.get("services/no_such_service.xml")
        self.assertEqual(
            self.xml_errors_of(response, 404), ["service_code no_such_service was not found."]
        )
        for code in ("%C3%A9t%C3%A9", "a" * 200, "ROADS", "test_lighting%00x"):
            with self.subTest(code=code):
                self.assertEqual(self.get(f"services/{code}.json").status_code, 404)
        # a code that is only control characters is no code
        response = self.get("services/%00%1b.json")
        self.assertEqual(self.errors_of(response, 400), ["service_code was not provided."])
        self.theme.active = False
        self.assertEqual(self.get("services/test_lighting.json").status_code, 404)

    def test_service_request_id(self):
        response = self.get("requests/CHK-2026-999999.json")
        self.assertEqual(
            self.errors_of(response, 404), ["service_request_id CHK-2026-999999 was not found."]
        )
        response = self.get("requests/12345.xml")
        self.assertEqual(
            self.xml_errors_of(response, 400),
            ["service_request_id 12345 is not a tracking number (CHK-YYYY-NNNNNN)."],
        )
        response = self.get("requests.json", service_request_id="CHK-2026-000001,nope")
        self.assertEqual(
            self.errors_of(response, 400),
            ["service_request_id nope is not a tracking number (CHK-YYYY-NNNNNN)."],
        )
        many = ",".join(f"CHK-2026-{n:06d}" for n in range(101))
        response = self.get("requests.json", service_request_id=many)
        self.assertEqual(
            self.errors_of(response, 400), ["service_request_id may list 100 requests at most."]
        )
        archived = self.make_complaint()
        archived.with_user(self.admin).action_archive()
        self.assertEqual(self.get(f"requests/{archived.name}.json").status_code, 404)

    def test_resources_and_methods(self):
        response = self.get("services")
        self.assertEqual(
            self.xml_errors_of(response, 400),
            ["services: add the format to the resource, .json or .xml (e.g. services.json)."],
        )
        response = self.get("requests.html")
        self.assertEqual(response.status_code, 400)
        response = self.get("tokens/123.json")
        self.assertEqual(
            self.errors_of(response, 404),
            [
                "tokens/123.json: no such resource. The API has discovery, services, "
                "services/{service_code}, requests and requests/{service_request_id}, each "
                "with .json or .xml."
            ],
        )
        self.assertEqual(self.get("nothing/here.xml").status_code, 404)
        response = self.url_open("/open311/v2/services.json", data={"a": "b"})
        self.assertEqual(
            self.errors_of(response, 405), ["Method POST is not allowed here: use GET, HEAD."]
        )
        self.assertEqual(response.headers["Allow"], "GET, HEAD")
        response = self.opener.delete(self.base_url() + "/open311/v2/requests.json", timeout=30)
        self.assertEqual(
            self.errors_of(response, 405),
            ["Method DELETE is not allowed here: use GET, HEAD, POST."],
        )

    # ---- What the request says ---------------------------------------------------------------

    def test_location(self):
        cases = [
            (
                {"lat": None, "long": None},
                "A location is required: lat and long, or address_string.",
            ),
            (
                {"long": None},
                "lat and long must be given together, in decimal degrees (WGS84), "
                "e.g. lat=34.02&long=-6.84.",
            ),
        ]
        for bad in ("91", "-6,84", "٣٤.٠٢", "nan", "1e2", "infinity", "0x22"):
            cases.append(({"lat": bad}, cases[1][1]))
        for fields, message in cases:
            with self.subTest(fields=fields):
                response = self.post(**self.observation(description="Where?", **fields))
                self.assertEqual(self.errors_of(response, 400), [message])
        self.assertFalse(self.filed("Where?"))
        # an address alone is a location
        response = self.post(
            **self.observation(description="Here.", lat=None, long=None, address_string="Bd X")
        )
        self.assertEqual(response.status_code, 200, response.text)

    def test_description_kind_and_lengths(self):
        response = self.post(**self.observation(description=""))
        self.assertEqual(self.errors_of(response, 400), ["description: describe the request."])
        response = self.post(**self.observation(description="x" * 4001))
        self.assertEqual(
            self.errors_of(response, 400), ["description: 4000 characters at most (4001 given)."]
        )
        response = self.post(**self.observation(**{"attribute[kind]": "request"}))
        self.assertIn(
            "attribute[kind]: choose reclamation, observation or suggestion (GET "
            "services/{service_code} lists them).",
            self.errors_of(response, 400),
        )
        response = self.post(**self.observation(**{"attribute[subject]": "s" * 201}))
        self.assertEqual(
            self.errors_of(response, 400),
            ["attribute[subject]: 200 characters at most (201 given)."],
        )
        response = self.post(**self.observation(address_string="a" * 256))
        self.assertEqual(
            self.errors_of(response, 400), ["address_string: 255 characters at most (256 given)."]
        )

    def test_identity_rules(self):
        """A réclamation follows the core's identity rules, with the core's messages, one per
        parameter (the website's form shows the same under its fields)."""
        response = self.post(
            **self.reclamation(
                first_name=None, last_name=None, email=None, **{"attribute[id_number]": None}
            )
        )
        self.assertEqual(
            self.errors_of(response, 400),
            [
                "first_name, last_name: Give your name: a complaint (réclamation) needs your "
                "identity.",
                "attribute[id_number]: Give your ID number: a complaint (réclamation) needs "
                "your identity.",
                "email: Give an email address or a phone number, so that the answer can reach you.",
            ],
        )
        response = self.post(
            **self.reclamation(
                email="mailto:a@example.ma",
                phone="+33612345678",
                **{"attribute[id_number]": "123", "attribute[id_type]": "cin"},
            )
        )
        self.assertEqual(
            self.errors_of(response, 400),
            [
                "attribute[id_number]: This ID number is not valid: expected one or two letters "
                "followed by up to 6 digits, e.g. AB123456.",
                "email: Enter a valid email address, such as name@example.ma.",
                "phone: Enter a Moroccan phone number: 10 digits starting with 05, 06, 07 or 08 "
                "(or +212 followed by 9 digits).",
            ],
        )
        response = self.post(**self.reclamation(**{"attribute[id_type]": "driving_licence"}))
        self.assertEqual(
            self.errors_of(response, 400),
            ["attribute[id_type]: Choose the type of your ID document."],
        )
        self.assertFalse(self.filed(self.reclamation()["description"]))
        # an observation may be anonymous, but a contact given must be valid
        response = self.post(**self.observation(email="not-an-email"))
        self.assertEqual(
            self.errors_of(response, 400),
            ["email: Enter a valid email address, such as name@example.ma."],
        )

    def test_media_url(self):
        for url in (
            "http://images.example.ma/a.jpg",
            "https://user:secret@images.example.ma/a.jpg",
            "javascript:alert(1)",
            "https:///a.jpg",
            "https://images.example.ma/a b.jpg",
            "https://imägés.example.ma/a.jpg",
        ):
            with self.subTest(url=url):
                response = self.post(**self.observation(media_url=url))
                self.assertEqual(
                    self.errors_of(response, 400),
                    [
                        "media_url: give an https:// address of the picture or document (it is "
                        "kept as a link)."
                    ],
                )

    # ---- Files -------------------------------------------------------------------------------

    def test_uploaded_files(self):
        """Uploaded files follow the website's rules (chikaya_complaints/tools/uploads.py):
        PDF, JPEG or PNG by their content, 10 MB each, 5 at most; private attachments."""
        data = self.observation(description="With a picture.")
        response = self.post(files=[("media", ("light.png", PNG, "image/png"))], **data)
        self.assertEqual(response.status_code, 200, response.text)
        complaint = self.filed("With a picture.")
        self.assertEqual(complaint.attachment_ids.mapped("name"), ["light.png"])
        self.assertEqual(complaint.attachment_ids.mimetype, "image/png")
        self.assertFalse(complaint.attachment_ids.public)

        cases = [
            (
                [("media", ("photo.png", b"MZ\x90\x00 an executable", "image/png"))],
                "media: the file “photo.png” is not a PDF, JPEG or PNG file (its content was "
                "checked, not its name).",
            ),
            (
                [("media", ("big.pdf", PDF + (b"0" * 1023 + b"\n") * 10240, "application/pdf"))],
                "media: the file “big.pdf” is larger than 10 MB.",
            ),
            (
                [("media", (f"{n}.pdf", PDF, "application/pdf")) for n in range(6)],
                "media: 5 files at most.",
            ),
        ]
        for files, message in cases:
            with self.subTest(message=message):
                data = self.observation(description="Refused files.")
                self.assertEqual(self.errors_of(self.post(files=files, **data), 400), [message])
        self.assertFalse(self.filed("Refused files."))

    def test_oversized_body(self):
        """A body larger than the route reads (5 files of 10 MB and the text) is refused
        before it is parsed, in Open311's form (413, not a 500); nothing is created."""
        too_big = PDF + b"0" * uploads.MAX_REQUEST_SIZE
        response = self.post(
            files=[("media", ("big.pdf", too_big, "application/pdf"))],
            **self.observation(description="Too big to read."),
        )
        self.assertEqual(
            self.errors_of(response, 413),
            ["The request is too large: 5 files of 10 MB at most, with the text of the request."],
        )
        self.assertFalse(self.filed("Too big to read."))

    # ---- Hostile input -------------------------------------------------------------------------

    def test_control_characters_in_text_are_removed(self):
        response = self.post(
            **self.observation(
                description="Light" + CONTROLS + " out.",
                address_string="Avenue" + CONTROLS + " X",
                **{"attribute[subject]": "Sub" + CONTROLS + "ject"},
            )
        )
        self.assertEqual(response.status_code, 200, response.text)
        complaint = self.filed("Light out.")
        self.assertEqual(complaint.subject, "Subject")
        self.assertEqual(complaint.address, "Avenue X")

    def test_hostile_read_parameters(self):
        cases = [
            ({"page": "٣"}, "page must be a whole number from 1."),
            ({"page": "0"}, "page must be a whole number from 1."),
            ({"page": "99999999999"}, "page must be a whole number from 1."),
            ({"page_size": "1001"}, "page_size must be a whole number from 1 to 1000."),
            ({"page_size": "１0"}, "page_size must be a whole number from 1 to 1000."),
            (
                {"status": "open,pending"},
                "status pending is not a status: use open, closed or both (open,closed).",
            ),
            (
                {"start_date": "2026-02-30T00:00:00Z"},
                "start_date 2026-02-30T00:00:00Z is not a w3 date, e.g. 2026-01-31T00:00:00Z.",
            ),
            (
                {"end_date": "yesterday" + CONTROLS},
                "end_date yesterday is not a w3 date, e.g. 2026-01-31T00:00:00Z.",
            ),
            (
                {"start_date": "2026-01-01", "end_date": "2026-06-01"},
                "start_date and end_date may not span more than 90 days.",
            ),
            (
                {"start_date": "2026-02-01", "end_date": "2026-01-01"},
                "start_date must come before end_date.",
            ),
        ]
        for params, message in cases:
            with self.subTest(params=params):
                response = self.get("requests.json", **params)
                self.assertEqual(self.errors_of(response, 400), [message])

    def test_errors_in_the_requested_language(self):
        response = self.get("requests/12345.json", locale="fr")
        self.assertEqual(
            self.errors_of(response, 400),
            ["service_request_id 12345 n'est pas un numéro de suivi (CHK-AAAA-NNNNNN)."],
        )
        response = self.post(locale="ar", **self.observation(description=""))
        self.assertEqual(self.errors_of(response, 400), ["description: صف الطلب."])
        response = self.url_open("/open311/v2/services.json?locale=fr", data={"a": "b"})
        self.assertEqual(
            self.errors_of(response, 405),
            ["La méthode POST n'est pas permise ici : utilisez GET, HEAD."],
        )

    # ---- Limits --------------------------------------------------------------------------------

    def test_rate_limit_per_key(self):
        """A key's requests are counted, refused ones included; past its limit the key gets
        429 with Retry-After, while another key and keyless reads go on."""
        self.env["ir.config_parameter"].sudo().set_param("chikaya_open311.key_window_minutes", 60)
        self.application.rate_limit = 2
        other = self.env["chikaya.open311.api.key"].create({"name": "Other app", "rate_limit": 2})
        other_key = other.new_key
        self.assertEqual(self.post(**self.observation(description="First.")).status_code, 200)
        self.assertEqual(self.post(**self.observation(description="")).status_code, 400)
        response = self.post(**self.observation(description="Third."))
        self.assertEqual(
            self.errors_of(response, 429), ["Too many requests: try again in 60 minutes."]
        )
        self.assertEqual(response.headers["Retry-After"], "3600")
        self.assertEqual(self.get("services.json", api_key=self.api_key).status_code, 429)
        self.assertFalse(self.filed("Third."))
        response = self.post(api_key=other_key, **self.observation(description="Other."))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.get("services.json").status_code, 200)
        self.assertEqual(self.application.usage_count, 2)

    def test_rate_limit_of_reads_per_address(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("chikaya_open311.read_limit", 2)
        params.set_param("chikaya_open311.read_window_minutes", 10)
        self.assertEqual(self.get("services.json").status_code, 200)
        self.assertEqual(self.get("requests.json").status_code, 200)
        response = self.get("services.xml")
        self.assertEqual(
            self.xml_errors_of(response, 429), ["Too many requests: try again in 10 minutes."]
        )
        # with a key, the key's own limit applies (off here)
        self.assertEqual(self.get("services.json", api_key=self.api_key).status_code, 200)

    def test_acknowledgement_cap(self):
        """The API is no mail relay: 3 acknowledgements a day to one address; the complaints
        are filed all the same."""
        self.env["ir.config_parameter"].sudo().set_param("chikaya_open311.ack_daily_limit", 3)
        numbers = []
        for n in range(4):
            response = self.post(
                **self.observation(description=f"Ack {n}.", email="victim@example.ma")
            )
            self.assertEqual(response.status_code, 200, response.text)
            numbers.append(response.json()[0]["service_request_id"])
        complaints = self.env["chikaya.complaint"].search([("name", "in", numbers)])
        self.assertEqual(len(complaints), 4)
        self.assertEqual(len(self.ack_mails(complaints)), 3)
