from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ROWS, TODAY, YEAR, BoardCase, at, board_cells, classify, expected_board


@tagged("post_install", "-at_install")
class TestBoard(BoardCase):
    maxDiff = None
    """The Tableau de Bord against an independent computation over the crafted records."""

    def assertBoardMatches(self, board, complaints, year=YEAR):
        cells, (count, low, mean, high) = expected_board(complaints, year)
        self.assertEqual(board_cells(board), cells)
        processing = board["processing"]
        self.assertEqual(
            (processing["count"], processing["min"], processing["mean"], processing["max"]),
            (count, low, mean, high),
        )

    def test_board_equals_independent_computation(self):
        board = self.board(self.manager)
        self.assertEqual(board["filters"]["year"], YEAR)
        self.assertEqual(board["today"], "2026-03-15")
        self.assertBoardMatches(board, self.visible(self.manager))
        # Previous years: no "received" number ("–"), as on Chikaya.ma.
        self.assertEqual([c is None for c in board["rows"][0]["cells"]], [False, False, True, True])

    def test_board_by_hand(self):
        """The same board, counted by hand from the list in common.py."""
        cells = board_cells(self.board(self.manager))
        self.assertEqual(
            [cells[row, "current", "portal"] for row in ROWS],
            # received: 13 portal/mobile in 2026; open: age_30, age_31, age_60, age_61,
            # mobile, reopened, to_b, to_c, c_portal, a1_recent; past 30: age_31, age_60;
            # past 60: age_61, reopened (received 5 January), to_c (2 January).
            [13, 10, 2, 3],
        )
        self.assertEqual(
            [cells[row, "current", "paper"] for row in ROWS],
            # paper_late (40 days: past 30), phone, rejected (not open).
            [3, 2, 1, 0],
        )
        self.assertEqual(
            [cells[row, "previous", "portal"] for row in ROWS[1:]],
            [2, 0, 2],  # dec_31_open and old_2024_open, both past 60; dec_31_answered not open
        )
        self.assertEqual([cells[row, "previous", "paper"] for row in ROWS[1:]], [1, 0, 1])

    def test_age_edges(self):
        """30 days: not past 30; 31: past 30; 60: past 30; 61: past 60 (the core's levels)."""
        board = self.board(self.manager)
        domains = {
            (row["key"], col["key"]): cell["domain"]
            for row in board["rows"]
            for col, cell in zip(board["columns"], row["cells"], strict=True)
            if cell
        }
        Complaint = self.env["chikaya.complaint"]
        with at(TODAY):
            past_30 = Complaint.search(domains["past_30", "current_portal"])
            past_60 = Complaint.search(domains["past_60", "current_portal"])
            self.assertEqual(self.c["age_30"].sla_level, "on_time")
            self.assertEqual(self.c["age_31"].sla_level, "past_30")
            self.assertEqual(self.c["age_60"].sla_level, "past_30")
            self.assertEqual(self.c["age_61"].sla_level, "past_60")
            # The board's overdue rows are the core's SLA levels, complaint by complaint.
            open_current = Complaint.search(domains["open", "current_portal"])
            self.assertEqual(past_30, open_current.filtered(lambda c: c.sla_level == "past_30"))
            self.assertEqual(past_60, open_current.filtered(lambda c: c.sla_level == "past_60"))
        self.assertNotIn(self.c["age_30"], past_30 | past_60)
        self.assertIn(self.c["age_31"], past_30)
        self.assertIn(self.c["age_60"], past_30)
        self.assertIn(self.c["age_61"], past_60)
        self.assertNotIn(self.c["age_61"], past_30)

    def test_year_boundaries(self):
        """31 December counts in the previous years of 2026 and in the current year of 2025;
        complaints received after the selected year are left out."""
        cells_2026 = board_cells(self.board(self.manager))
        board_2025 = self.board(self.manager, year=2025)
        self.assertBoardMatches(board_2025, self.visible(self.manager), year=2025)
        cells_2025 = board_cells(board_2025)
        # 2025: received dec_31_open, dec_31_answered (portal), b_paper_old (paper).
        self.assertEqual(cells_2025["received", "current", "portal"], 2)
        self.assertEqual(cells_2025["received", "current", "paper"], 1)
        # The 1 January answer of 2026 is in 2026's processing time only.
        self.assertEqual(board_2025["processing"]["count"], 1)  # dec_31_answered: 10 days
        self.assertEqual(board_2025["processing"]["mean"], 10.0)
        self.assertEqual(cells_2026["open", "previous", "portal"], 2)
        self.assertEqual(cells_2025["open", "previous", "portal"], 1)  # old_2024_open

    def test_processing_time(self):
        """Answered and closed complaints received in the year; the rejected one and the
        reopened one (open again) are out; the re-answered one counts to its last answer."""
        processing = self.board(self.manager)["processing"]
        # jan_1_answered 20, reanswered 30 (6 Jan -> 5 Feb), closed 7.
        self.assertEqual(processing["count"], 3)
        self.assertEqual(processing["min"], 7)
        self.assertEqual(processing["max"], 30)
        self.assertEqual(processing["mean"], 19.0)
        with at(TODAY):
            listed = self.env["chikaya.complaint"].search(processing["domain"])
        self.assertEqual(listed, self.c["jan_1_answered"] | self.c["reanswered"] | self.c["closed"])
        self.assertEqual(self.c["reanswered"].reopen_count, 1)
        self.assertEqual(self.c["rejected"].processing_days, 4)  # the core's value, not used

    def test_every_cell_domain_counts_the_cell(self):
        """Searching the domain sent with a number finds exactly that many complaints."""
        for filters in ({}, {"year": 2025}, {"province_id": self.province.id}):
            board = self.board(self.manager, **filters)
            provinces = self.province_boards(self.manager, **filters)
            cells = [c for row in board["rows"] for c in row["cells"] if c]
            cells += [board["processing"] | {"value": board["processing"]["count"]}]
            cells += [t | {"value": t["count"]} for t in board["themes"]]
            for line in [*provinces["rows"], provinces["total"]]:
                cells += [line[key] for key in ROWS]
                cells += [line["processing"] | {"value": line["processing"]["count"]}]
            for cell in cells:
                with self.subTest(filters=filters, domain=cell["domain"]):
                    self.assertEqual(self.count_domain(self.manager, cell["domain"]), cell["value"])

    def test_filters(self):
        """Province and commune filters; a reoriented complaint counts where it is now; a
        commune includes its arrondissements."""
        Complaint = self.env["chikaya.complaint"]
        for filters, domain in (
            ({"province_id": self.province.id}, [("province_id", "=", self.province.id)]),
            ({"region_id": self.region.id}, [("region_id", "=", self.region.id)]),
            ({"commune_id": self.commune_b.id}, [("collectivity_id", "=", self.commune_b.id)]),
            (
                {"province_id": self.province.id, "commune_id": self.commune_a.id},
                [("collectivity_id", "in", (self.commune_a | self.arrondissement_a).ids)],
            ),
            ({"province_id": self.province_2.id}, [("province_id", "=", self.province_2.id)]),
        ):
            with self.subTest(filters=filters):
                self.assertBoardMatches(
                    self.board(self.manager, **filters), Complaint.search(domain)
                )
        cells_b = board_cells(self.board(self.manager, commune_id=self.commune_b.id))
        self.assertEqual(cells_b["received", "current", "portal"], 1)  # to_b, reoriented
        cells_a = board_cells(self.board(self.manager, commune_id=self.commune_a.id))
        # 13 portal complaints of 2026, less to_b, to_c (moved) and c_portal (commune C);
        # a1_recent, in arrondissement A1, is the commune's.
        self.assertEqual(cells_a["received", "current", "portal"], 10)

    def test_themes(self):
        themes = self.board(self.manager)["themes"]
        by_id = {t["id"]: t["count"] for t in themes}
        # age_61 and closed are "Test leak", a sub-theme of "Test water", with mobile.
        self.assertEqual(by_id[self.theme_water.id], 3)
        self.assertEqual(by_id[self.theme.id], 16 - 3)
        self.assertEqual(sum(by_id.values()), 16)  # every complaint received in 2026
        self.assertEqual(themes[0]["id"], self.theme.id)  # largest first
        # Each main theme is named in the reader's language.
        reader = self.theme.with_user(self.manager)
        self.assertEqual(
            {t["id"]: t["name"] for t in themes},
            {t["id"]: reader.browse(t["id"]).name for t in themes},
        )

    def test_theme_supporters(self):
        """The theme split counts the supporters of the complaints received in the year,
        rolled up to the main theme; a theme without supporters shows 0."""
        complaints = self.env["chikaya.complaint"].search(
            [("theme_id", "child_of", self.theme_water.id), ("received_date", ">=", "2026-01-01")]
        )
        self.assertEqual(len(complaints), 3)
        complaints[0]._add_supporter("first.supporter@example.com")
        complaints[0]._add_supporter("second.supporter@example.com")
        complaints[0]._add_supporter("first.supporter@example.com")  # once per address
        complaints[1]._add_supporter("third.supporter@example.com")
        supporters = {t["id"]: t["supporters"] for t in self.board(self.manager)["themes"]}
        self.assertEqual(supporters[self.theme_water.id], 3)
        self.assertEqual(supporters[self.theme.id], 0)

    def test_province_boards(self):
        result = self.province_boards(self.manager)
        self.assertEqual(
            [line["province_id"] for line in result["rows"]], [self.province.id, self.province_2.id]
        )
        for line in result["rows"]:
            complaints = self.env["chikaya.complaint"].search(
                [("province_id", "=", line["province_id"])]
            )
            cells, (count, low, mean, high) = expected_board(complaints)
            with self.subTest(province=line["name"]):
                self.assertEqual(
                    line["received"]["value"],
                    cells["received", "current", "portal"] + cells["received", "current", "paper"],
                )
                for key in ROWS[1:]:
                    self.assertEqual(
                        line[key]["value"],
                        sum(
                            cells[key, p, b]
                            for p in ("current", "previous")
                            for b in ("portal", "paper")
                        ),
                    )
                self.assertEqual(
                    (
                        line["processing"]["count"],
                        line["processing"]["min"],
                        line["processing"]["mean"],
                        line["processing"]["max"],
                    ),
                    (count, low, mean, high),
                )
        # A province's full table is the board filtered on it, and the totals add up.
        p2 = result["rows"][1]
        cells_p2 = board_cells(self.board(self.manager, province_id=self.province_2.id))
        self.assertEqual(
            p2["open"]["value"],
            sum(
                cells_p2["open", p, b] for p in ("current", "previous") for b in ("portal", "paper")
            ),
        )
        for key in ROWS:
            self.assertEqual(
                result["total"][key]["value"], sum(line[key]["value"] for line in result["rows"])
            )

    def test_archived_left_out(self):
        complaints = self.visible(self.manager)
        self.assertNotIn(self.c["archived"], complaints)
        self.assertEqual(sum(1 for c in complaints if classify(c, YEAR, TODAY)[2]["received"]), 16)
        self.assertEqual(self.board(self.manager)["themes"][0]["count"] + 3, 16)

    def test_bad_filters(self):
        """Bad input is a UserError that says what is wrong, in the reader's language."""
        for lang, _name in self.env["res.lang"].get_installed():
            lang_env = self.env(context=dict(self.env.context, lang=lang))
            for filters, message in (
                ({"year": "abc"}, lang_env._("The year %(year)s is not a year.", year="abc")),
                (
                    {"year": 2099},
                    lang_env._(
                        "Choose a year between 1990 and %(current)s (not %(year)s).",
                        current=YEAR,
                        year=2099,
                    ),
                ),
                (
                    {"province_id": self.commune_a.id},
                    lang_env._(
                        "%(value)s is not a valid %(filter)s.",
                        value=self.commune_a.id,
                        filter=lang_env._("Prefecture / province"),
                    ),
                ),
                (
                    {"commune_id": 999999999},
                    lang_env._(
                        "%(value)s is not a valid %(filter)s.",
                        value=999999999,
                        filter=lang_env._("Commune"),
                    ),
                ),
                (
                    {"region_id": "x"},
                    lang_env._(
                        "%(value)s is not a valid %(filter)s.",
                        value="x",
                        filter=lang_env._("Region"),
                    ),
                ),
            ):
                with (
                    self.subTest(lang=lang, filters=filters),
                    self.assertRaises(UserError) as caught,
                    at(TODAY),
                ):
                    self.env["chikaya.dashboard"].with_user(self.manager).with_context(
                        lang=lang
                    ).get_board(filters)
                self.assertEqual(caught.exception.args[0], message)

    def test_options(self):
        options = self.board(self.manager, province_id=self.province.id)["options"]
        self.assertEqual(options["years"], [2026, 2025, 2024])
        self.assertIn(self.region.id, [u["id"] for u in options["regions"]])
        self.assertEqual(
            {u["id"] for u in options["communes"]}, {self.commune_a.id, self.commune_b.id}
        )
