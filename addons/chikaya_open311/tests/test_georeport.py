import json
from datetime import datetime

from lxml import etree

from odoo.tests import BaseCase, tagged

from odoo.addons.chikaya_complaints.tools import uploads
from odoo.addons.chikaya_complaints.tools.log_redaction import REDACTED, redact

from ..tools.georeport import (
    parse_coordinate,
    parse_datetime,
    render_json,
    render_xml,
    split_list,
)


@tagged("at_install", "-post_install")
class TestGeoReportValues(BaseCase):
    """The specification's value formats and document shapes, without a server."""

    def test_parse_datetime(self):
        cases = {
            "2010-01-01T00:00:00Z": datetime(2010, 1, 1),
            "2010-01-01": datetime(2010, 1, 1),
            "1994-11-05T08:15:30-05:00": datetime(1994, 11, 5, 13, 15, 30),
            "1994-11-05T08:15:30 05:00": datetime(1994, 11, 5, 3, 15, 30),
            "2026-03-01T09:30Z": datetime(2026, 3, 1, 9, 30),
            "2026-03-01T09:30:05.123Z": datetime(2026, 3, 1, 9, 30, 5),
        }
        for value, expected in cases.items():
            with self.subTest(value=value):
                self.assertEqual(parse_datetime(value), expected)
        for value in (
            "",
            "2010-01-01T00:00:00",  # no zone
            "2010-02-30",
            "2010-01-01T24:00:00Z",
            "٢٠١٠-٠١-٠١",
            "2010-01-01T00:00:00Z; DROP",
            None,
        ):
            with self.subTest(value=value):
                self.assertIsNone(parse_datetime(value))

    def test_parse_coordinate(self):
        self.assertEqual(parse_coordinate("34.0209", 90), 34.0209)
        self.assertEqual(parse_coordinate("-6.84", 180), -6.84)
        self.assertEqual(parse_coordinate("+90", 90), 90.0)
        for value in ("90.0001", "-181", "nan", "inf", "1e1", "٣٤", "34,02", "", "0x1"):
            with self.subTest(value=value):
                self.assertIsNone(parse_coordinate(value, 90))

    def test_api_key_redacted(self):
        """An API key sent in the query string is replaced in the request log's line; the
        portal's secrets stay redacted alongside (one filter for the process)."""
        line = "POST /open311/v2/requests.json?locale=fr&api_key=Zx9-secret_KEY&x=1 HTTP/1.1"
        self.assertEqual(
            redact(line),
            f"POST /open311/v2/requests.json?locale=fr&api_key={REDACTED}&x=1 HTTP/1.1",
        )
        self.assertNotIn("Zx9-secret_KEY", redact(line.replace("?locale=fr&", "?")))

    def test_split_list(self):
        self.assertEqual(split_list(" open, closed,,open "), ["open", "closed"])
        self.assertEqual(split_list(""), [])

    def test_documents(self):
        """Spark convention: a container's children are an array even when there is one or
        none; an empty value is null in JSON and an empty element in XML."""
        document = [
            {"code": 400, "description": "Bad <thing> & “quotes”", "flag": True, "none": None}
        ]
        self.assertEqual(
            json.loads(render_json(document)),
            [{"code": 400, "description": "Bad <thing> & “quotes”", "flag": True, "none": None}],
        )
        xml = render_xml("errors", document)
        self.assertTrue(xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<errors>'))
        root = etree.fromstring(xml)
        (error,) = root.findall("error")
        self.assertEqual(error.findtext("description"), "Bad <thing> & “quotes”")
        self.assertEqual(error.findtext("flag"), "true")
        self.assertIsNone(error.find("none").text)
        definition = {"service_code": "x", "attributes": [{"code": "k", "values": []}]}
        root = etree.fromstring(render_xml("service_definition", definition))
        self.assertEqual(len(root.find("attributes/attribute/values")), 0)
        self.assertEqual(json.loads(render_json(definition))["attributes"][0]["values"], [])


@tagged("at_install", "-post_install")
class TestUploads(BaseCase):
    """chikaya_complaints/tools/uploads.py: one rule for the files of every entry point."""

    def test_check_files(self):
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8
        attachments, problem = uploads.check_files(
            [("C:\\Users\\me\\photo.png", png), ("scan.pdf", b"%PDF-1.7 ...")]
        )
        self.assertIsNone(problem)
        self.assertEqual(
            [(a["name"], a["mimetype"]) for a in attachments],
            [("photo.png", "image/png"), ("scan.pdf", "application/pdf")],
        )
        attachments, problem = uploads.check_files(
            [("a.png", b"GIF89a"), ("b.jpg", b"\xff\xd8\xff\xe0"), ("c.pdf", b"<html>")]
        )
        self.assertEqual(problem, ("file_type", "a.png"))
        self.assertEqual([a["name"] for a in attachments], ["b.jpg"])
        big = b"%PDF-" + b"0" * (10 * 1024 * 1024)
        self.assertEqual(uploads.check_files([("big.pdf", big)])[1], ("file_too_large", "big.pdf"))
        six = [(f"{n}.pdf", b"%PDF-") for n in range(6)]
        self.assertEqual(uploads.check_files(six), ([], ("too_many_files", "")))
        self.assertEqual(uploads.check_files([("", b"")]), ([], None))
