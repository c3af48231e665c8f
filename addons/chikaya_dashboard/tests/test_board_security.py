from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ROWS, BoardCase, board_cells, expected_board


@tagged("post_install", "-at_install")
class TestBoardSecurity(BoardCase):
    """Each reader's board covers what their record rules let them read, and nothing else."""

    def test_handler_board_is_their_commune(self):
        board = self.board(self.handler_a)
        mine = self.visible(self.handler_a)
        self.assertEqual(set(mine.collectivity_id), {self.commune_a, self.arrondissement_a})
        cells, processing = expected_board(mine)
        self.assertEqual(board_cells(board), cells)
        self.assertEqual(board["processing"]["count"], processing[0])
        # Less than the manager's: commune B, C and the reoriented ones are not there.
        everything, _processing = expected_board(self.visible(self.manager))
        self.assertLess(
            cells["received", "current", "portal"], everything["received", "current", "portal"]
        )
        self.assertEqual(cells["received", "current", "portal"], 10)
        # Handler B: the complaint reoriented to B and their old paper letter only.
        cells_b = board_cells(self.board(self.handler_b))
        self.assertEqual(cells_b["received", "current", "portal"], 1)
        self.assertEqual(cells_b["open", "previous", "paper"], 1)
        self.assertEqual(
            sum(cells_b.values()), 1 + 1 + 1 + 1
        )  # to_b: received+open; old: open+past 60
        provinces = self.province_boards(self.handler_b)
        self.assertEqual([line["province_id"] for line in provinces["rows"]], [self.province.id])
        self.assertEqual(provinces["total"]["received"]["value"], 1)

    def test_supervisor_board_is_their_province(self):
        board = self.board(self.supervisor)
        cells, _processing = expected_board(
            self.env["chikaya.complaint"].search([("province_id", "=", self.province.id)])
        )
        self.assertEqual(board_cells(board), cells)
        self.assertEqual(
            board_cells(self.board(self.supervisor)),
            board_cells(self.board(self.manager, province_id=self.province.id)),
        )

    def test_filter_outside_scope_returns_nothing(self):
        """A handler may choose another province: the board is then empty (zeros), not an
        error, as it would be for a province without complaints."""
        board = self.board(self.handler_a, province_id=self.province_2.id)
        self.assertEqual(set(board_cells(board).values()), {0})
        self.assertEqual(board["processing"]["count"], 0)
        self.assertEqual(board["themes"], [])
        self.assertEqual(
            self.province_boards(self.handler_a, province_id=self.province_2.id)["rows"], []
        )
        # ...while the manager sees that province's complaints.
        manager_cells = board_cells(self.board(self.manager, province_id=self.province_2.id))
        self.assertEqual(manager_cells["received", "current", "portal"], 2)

    def test_cell_domains_within_scope(self):
        """A handler's cell domains, searched as that handler, count their own numbers."""
        board = self.board(self.handler_a)
        for row in board["rows"]:
            for cell in row["cells"]:
                if cell:
                    self.assertEqual(
                        self.count_domain(self.handler_a, cell["domain"]), cell["value"]
                    )
        self.assertEqual(len(ROWS), len(board["rows"]))

    def test_portal_and_plain_users_refused(self):
        employee = new_test_user(self.env, "t_plain_employee", groups="base.group_user")
        for user in (self.citizen, employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.board(user)
            with self.assertRaises(AccessError):
                self.province_boards(user)
            with self.assertRaises(AccessError):
                self.env["chikaya.complaint.report"].with_user(user).search([])
