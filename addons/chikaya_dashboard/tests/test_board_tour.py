from odoo.tests import HttpCase, tagged

from odoo.addons.chikaya_complaints.tests.a11y import axe_in_browser

from .common import BoardCase


@tagged("post_install", "-at_install")
class TestBoardTour(HttpCase, BoardCase):
    """The manager opens the Tableau de Bord, changes the year, clicks a number and lands on
    the list of exactly those complaints. The browser runs on the real date (not frozen), so
    the tour clicks a number that does not depend on it: complaints received in 2025. Both
    tabs are audited with axe-core (WCAG 2.1 A/AA, serious and critical violations fail): the
    board's own markup; the web client shell around it (navbar, viewport) is Odoo's."""

    def test_board_tour(self):
        with axe_in_browser(self):
            self.start_tour(
                "/odoo/action-chikaya_dashboard.chikaya_dashboard_action",
                "chikaya_dashboard_board_tour",
                login=self.manager.login,
            )
