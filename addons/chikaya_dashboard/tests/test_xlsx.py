import io

from openpyxl import load_workbook

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import get_lang

from .common import TODAY, BoardCase, at

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@tagged("post_install", "-at_install")
class TestXlsx(BoardCase):
    """The XLSX, read back with openpyxl, equals the board dict cell by cell. Built in the
    database's language (French under `make test`); the expected texts go through the same
    translations (`env._` in that language), so the test holds in any language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lang = get_lang(cls.env).code
        cls.lang_env = cls.env(context=dict(cls.env.context, lang=cls.lang))

    def _(self, source, **kwargs):
        """`source` translated as the module translates it, in the workbook's language."""
        return self.lang_env._(source, **kwargs)

    def board(self, user, **filters):
        with at(TODAY):
            return self.lang_env["chikaya.dashboard"].with_user(user).get_board(filters)

    def province_boards(self, user, **filters):
        with at(TODAY):
            return self.lang_env["chikaya.dashboard"].with_user(user).get_province_boards(filters)

    def workbook(self, user, **filters):
        with at(TODAY):
            data = self.lang_env["chikaya.dashboard.xlsx"].with_user(user).board_workbook(filters)
        return load_workbook(io.BytesIO(data))

    def test_board_sheet(self):
        filters = {"province_id": self.province.id}
        board = self.board(self.manager, **filters)
        book = self.workbook(self.manager, **filters)
        self.assertEqual(book.sheetnames, [self._("Tableau de Bord"), self._("Provinces")])
        sheet = book[self._("Tableau de Bord")]
        self.assertEqual(sheet["A1"].value, self._("Tableau de Bord of the complaints"))
        lines = board["filter_lines"]
        self.assertIn(f"{self._('Year')}: 2026", lines)
        self.assertIn(f"{self._('Prefecture / province')}: {self.province.display_name}", lines)
        self.assertIn("97.001", self.province.display_name)
        self.assertEqual([sheet.cell(2 + i, 1).value for i in range(len(lines))], lines)
        head = len(lines) + 3  # title, the filter lines, one blank row
        self.assertEqual(sheet.cell(head, 2).value, self._("Current year (%(year)s)", year=2026))
        self.assertEqual(
            sheet.cell(head, 4).value, self._("Previous years (before %(year)s)", year=2026)
        )
        self.assertEqual(
            [sheet.cell(head, 2).value, sheet.cell(head, 4).value],
            [board["columns"][0]["period_label"], board["columns"][2]["period_label"]],
        )
        web, paper = self._("Web portal"), self._("Bureau d'ordre")
        self.assertEqual(
            [sheet.cell(head + 1, col).value for col in range(2, 6)], [web, paper, web, paper]
        )
        self.assertEqual(
            [sheet.cell(head + 1, col).value for col in range(2, 6)],
            [column["label"] for column in board["columns"]],
        )
        merged = {str(r) for r in sheet.merged_cells.ranges}
        self.assertEqual(
            merged,
            {f"A{head}:A{head + 1}", f"B{head}:C{head}", f"D{head}:E{head}"},
        )
        for i, row in enumerate(board["rows"]):
            excel_row = head + 2 + i
            with self.subTest(row=row["key"]):
                self.assertEqual(sheet.cell(excel_row, 1).value, row["label"])
                self.assertEqual(
                    [sheet.cell(excel_row, 2 + j).value for j in range(4)],
                    [cell["value"] if cell else "–" for cell in row["cells"]],
                )
                self.assertEqual(sheet.cell(excel_row, 2).number_format, "#,##0")
        # The processing time and the themes follow, each with its title.
        cells = {
            sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value
        }
        proc_row = cells[self._("Processing time (days)")] + 3  # title, blank row, header
        processing = board["processing"]
        self.assertEqual(
            [sheet.cell(proc_row, c).value for c in range(1, 5)],
            [processing["count"], processing["min"], processing["mean"], processing["max"]],
        )
        self.assertEqual(sheet.cell(proc_row, 3).number_format, "0.00")
        theme_row = cells[self._("Complaints received by theme")] + 3
        self.assertEqual(
            [
                (sheet.cell(theme_row + i, 1).value, sheet.cell(theme_row + i, 2).value)
                for i in range(len(board["themes"]))
            ],
            [(t["name"], t["count"]) for t in board["themes"]],
        )

    def test_provinces_sheet(self):
        provinces = self.province_boards(self.manager)
        sheet = self.workbook(self.manager)[self._("Provinces")]
        self.assertEqual(sheet["A1"].value, self._("Complaints by prefecture / province"))
        lines = provinces["filter_lines"]
        self.assertEqual([sheet.cell(2 + i, 1).value for i in range(len(lines))], lines)
        head = len(lines) + 3
        self.assertEqual(sheet.cell(head, 1).value, self._("Prefecture / province"))
        self.assertEqual(sheet.cell(head, 2).value, self._("Received in %(year)s", year=2026))
        self.assertEqual(
            [sheet.cell(head, c).value for c in range(2, 6)],
            [provinces["row_labels"][key] for key in ("received", "open", "past_30", "past_60")],
        )
        self.assertEqual(sheet.cell(head, 6).value, self._("Processing time (days)"))
        self.assertEqual(
            [sheet.cell(head + 1, c).value for c in range(6, 9)],
            [self._("Minimum"), self._("Mean"), self._("Maximum")],
        )
        merged = {str(r) for r in sheet.merged_cells.ranges}
        self.assertEqual(
            merged,
            {f"{col}{head}:{col}{head + 1}" for col in "ABCDE"} | {f"F{head}:H{head}"},
        )
        expected = [
            [
                line["name"],
                *(line[key]["value"] for key in ("received", "open", "past_30", "past_60")),
                line["processing"]["min"],
                line["processing"]["mean"],
                line["processing"]["max"],
            ]
            for line in [*provinces["rows"], provinces["total"]]
        ]
        got = [
            [sheet.cell(head + 2 + i, c).value for c in range(1, 9)] for i in range(len(expected))
        ]
        self.assertEqual(got, [[v if v is not None else "–" for v in row] for row in expected])
        self.assertEqual(len(expected), 3)  # two provinces and the total


@tagged("post_install", "-at_install")
class TestXlsxRoute(HttpCase, BoardCase):
    def in_lang(self, lang):
        return self.env(context=dict(self.env.context, lang=lang))

    def test_route(self):
        self.authenticate(self.manager.login, self.manager.login)
        response = self.url_open(
            f"/chikaya_dashboard/board.xlsx?year=2025&province_id={self.province.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], XLSX_TYPE)
        self.assertIn("tableau-de-bord-2025.xlsx", response.headers["Content-Disposition"])
        book = load_workbook(io.BytesIO(response.content))
        # The file is in the session's language: the one of the installed languages whose
        # title it carries; every other text of the file must then be in that language.
        sheet = book.worksheets[0]
        langs = [
            code
            for code, _name in self.env["res.lang"].get_installed()
            if self.in_lang(code)._("Tableau de Bord of the complaints") == sheet["A1"].value
        ]
        self.assertTrue(langs, sheet["A1"].value)
        lang_env = self.in_lang(langs[0])
        self.assertEqual(sheet.title, lang_env._("Tableau de Bord"))
        column = [c.value for c in sheet["A"]]
        self.assertIn(f"{lang_env._('Year')}: 2025", column)
        self.assertIn(
            f"{lang_env._('Prefecture / province')}: {self.province.display_name}", column
        )
        response = self.url_open("/chikaya_dashboard/board.xlsx?year=nineteen")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.text, lang_env._("The year %(year)s is not a year.", year="nineteen")
        )

    def test_route_refuses_citizens(self):
        self.authenticate(self.citizen.login, self.citizen.login)
        with mute_logger("odoo.http"):
            response = self.url_open("/chikaya_dashboard/board.xlsx")
        self.assertEqual(response.status_code, 403)
