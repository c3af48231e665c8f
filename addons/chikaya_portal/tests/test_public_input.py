from odoo.tests import BaseCase, tagged

from odoo.addons.chikaya_complaints.models import complaint_data as cd
from odoo.addons.chikaya_complaints.tools import public_input as pi


class Controller:
    """Stands for an http.Controller: the decorator wraps methods."""

    @pi.clean_route_params
    def endpoint(self, number=None, **kw):
        return number, kw


@tagged("at_install", "-post_install")
class TestPublicInput(BaseCase):
    """The cleaning functions every public route uses (chikaya_complaints/tools/
    public_input.py), on the inputs that gave server errors."""

    def test_clean_text(self):
        self.assertEqual(pi.clean_text(" a\x00b\x07c\x1b\x7f\x85\x9fd "), "abcd")
        # tab, line feed and carriage return are text
        self.assertEqual(pi.clean_text("line 1\r\n\tline 2"), "line 1\r\n\tline 2")
        self.assertEqual(pi.clean_text("\x00\x00 "), "")
        # Arabic, accents and emoji are not control characters
        self.assertEqual(pi.clean_text("شكاية é 🙂"), "شكاية é 🙂")
        for value in (None, 12, b"bytes", ["a"], object()):
            self.assertEqual(pi.clean_text(value), "")
        self.assertEqual(pi.clean_text("abcdef\x00", max_length=3), "abc")

    def test_clean_params(self):
        upload = object()
        self.assertEqual(
            pi.clean_params({"a": "x\x00y", "b": upload, "c": 3}), {"a": "xy", "b": upload, "c": 3}
        )

    def test_parse_id(self):
        self.assertEqual(pi.parse_id("42"), 42)
        self.assertEqual(pi.parse_id(" 42 "), 42)
        self.assertEqual(pi.parse_id("999999999"), 999999999)
        # control characters are removed first, as from any text
        self.assertEqual(pi.parse_id("4\x002"), 42)
        for bad in ("", "abc", "-1", "4.2", "1e3", "9999999999", "²", "①", "٣", "４２", None):
            with self.subTest(value=bad):
                self.assertEqual(pi.parse_id(bad), 0)

    def test_parse_year(self):
        self.assertEqual(pi.parse_year("2025"), 2025)
        for bad in ("", "25", "20255", "²⁰²⁵", "٢٠٢٥", "２０２５", "2025.0", None):
            with self.subTest(value=bad):
                self.assertIsNone(pi.parse_year(bad))

    def test_clean_access_code(self):
        code = "ABCDEFGHJKMN"
        self.assertEqual(len(code), cd.ACCESS_CODE_LENGTH)
        self.assertEqual(pi.clean_access_code(code), code)
        self.assertEqual(pi.clean_access_code(f" {code.lower()} "), code)
        for bad in (
            "",
            code[:-1],
            code + "P",
            "ABCDEFGHJKM0",  # 0 is not in the alphabet (nor O, 1, I, L)
            "ABCDEFGHJKMÉ",  # accented
            "ＡＢＣＤＥＦＧＨＪＫＭＮ",  # fullwidth
            "ABCDEFGHJKMس",  # Arabic
            "ABCDEFGHJK🙂",  # emoji
            "ABCDEFGHJKß",  # "ß".upper() == "SS": 12 characters of the alphabet, still refused
            "ABCDEF GHJKMN",
            None,
        ):
            with self.subTest(value=bad):
                self.assertIsNone(pi.clean_access_code(bad))

    def test_clean_tracking_number(self):
        self.assertEqual(pi.clean_tracking_number(" chk-2026-000123 "), "CHK-2026-000123")
        self.assertEqual(pi.clean_tracking_number("CHK-2026-0001234"), "CHK-2026-0001234")
        for bad in (
            "",
            "CHK-2026-123",
            "CHK-26-000123",
            "CHK-2026-000123-1",
            "CHK-２０２６-000123",
            "CHK-2026-00012³",
            "X" * 300,
            "CHK-2026-\n000123",
            None,
        ):
            with self.subTest(value=bad):
                self.assertIsNone(pi.clean_tracking_number(bad))

    def test_clean_route_params(self):
        number, kw = Controller().endpoint(number="CHK\x00-1", search="a\x00b", files=b"x")
        self.assertEqual(number, "CHK-1")
        self.assertEqual(kw, {"search": "ab", "files": b"x"})
        self.assertEqual(Controller.endpoint.__name__, "endpoint")
        self.assertTrue(hasattr(Controller.endpoint, "__wrapped__"))
