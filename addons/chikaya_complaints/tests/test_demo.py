import logging
import time
from datetime import date

from odoo import fields
from odoo.tests import TransactionCase
from odoo.tools import convert_file

_logger = logging.getLogger(__name__)

DEMO_FILE = "demo/chikaya_demo.xml"
# The demo logins of README's `make run` table (password = login) and the group each needs.
GROUP = "chikaya_complaints.chikaya_complaints_group_"
LOGINS = {
    "handler": GROUP + "handler",
    "handler2": GROUP + "handler",
    "supervisor": GROUP + "supervisor",
    "manager": GROUP + "manager",
    "citizen": "base.group_portal",
}
STATES = ("new", "in_progress", "info_requested", "answered", "closed", "rejected")
OPEN_STATES = ("new", "in_progress", "info_requested")
CODE_RABAT, CODE_SALE, CODE_REGION = "04.421.01.0", "04.441.01.0", "04"


class TestDemo(TransactionCase):
    """The demo data of `make run`, loaded as Odoo loads a module's demo files.

    `make test` installs the modules without demo data and with the official territory;
    loading the demo here is what keeps it working: a demo that fails to load only logs a
    warning at install, and the database is then created without it. The figures checked
    are the ones README's `make run` table promises, written out here rather than read
    from the generator.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        started = time.monotonic()
        cls.load_demo()
        _logger.info("demo loaded in %.1f s", time.monotonic() - started)
        cls.Complaint = cls.env["chikaya.complaint"]
        cls.users = {
            login: cls.env["res.users"].search([("login", "=", login)]) for login in LOGINS
        }
        Unit = cls.env["chikaya.collectivity"]
        cls.rabat = Unit.search([("code", "=", CODE_RABAT)])
        cls.sale = Unit.search([("code", "=", CODE_SALE)])
        cls.region = Unit.search([("code", "=", CODE_REGION)])

    @classmethod
    def load_demo(cls):
        """As odoo.modules.loading.load_demo does: superuser, install_demo, noupdate."""
        env = cls.env(su=True, context=dict(cls.env.context, install_demo=True))
        convert_file(env, "chikaya_complaints", DEMO_FILE, {}, "init", noupdate=True)

    def seen_by(self, login, domain=()):
        return self.Complaint.with_user(self.users[login]).search(list(domain))

    def test_size_states_and_channels(self):
        """About 300 complaints received over this year and the two before, in every
        state, by every channel, so both columns of the Tableau de Bord are filled."""
        complaints = self.Complaint.search([])
        self.assertEqual(len(complaints), 300)
        today = fields.Date.context_today(complaints)
        dates = complaints.mapped("received_date")
        self.assertGreaterEqual(min(dates), date(today.year - 2, 1, 1))
        self.assertLessEqual(max(dates), today)
        self.assertTrue({today.year - 2, today.year - 1} <= {d.year for d in dates})
        for state in STATES:
            with self.subTest(state=state):
                self.assertTrue(complaints.filtered(lambda c, s=state: c.state == s))
        channels = set(complaints.mapped("channel"))
        self.assertEqual(channels, {"portal", "mobile", "paper", "phone"})
        # the board's columns: web portal (portal, mobile) and bureau d'ordre (paper, phone)
        self.assertTrue(channels & {"portal", "mobile"})
        self.assertTrue(channels & {"paper", "phone"})

    def test_past_deadlines_in_every_demo_scope(self):
        """handler, handler2 and supervisor each open the app on complaints past 30 and
        past 60 days (the kanban's colours, the warnings, the board's columns)."""
        for login in ("handler", "handler2", "supervisor"):
            for level in ("past_30", "past_60"):
                with self.subTest(login=login, level=level):
                    late = self.seen_by(
                        login, [("sla_level", "=", level), ("state", "in", OPEN_STATES)]
                    )
                    self.assertTrue(late)

    def test_logins(self):
        """Every demo login of the README exists, with its group and password = login."""
        self.assertTrue(self.env["res.users"].search([("login", "=", "admin")]))
        for login, group in LOGINS.items():
            with self.subTest(login=login):
                user = self.users[login]
                self.assertEqual(len(user), 1)
                self.assertTrue(user.has_group(group))
                user.with_user(user)._check_credentials(
                    {"type": "password", "login": login, "password": login},
                    {"interactive": True},
                )
        citizen = self.users["citizen"]
        self.assertTrue(citizen._is_portal())
        for login in ("handler", "handler2"):
            self.assertFalse(self.users[login].has_group(GROUP + "supervisor"))
        self.assertFalse(self.users["supervisor"].has_group(GROUP + "manager"))

    def test_scopes(self):
        """Each demo login reads what the README's table says, through the record rules."""
        every = self.Complaint.search([])
        rabat = self.Complaint.search([("collectivity_id", "child_of", self.rabat.id)])
        sale = self.Complaint.search([("collectivity_id", "child_of", self.sale.id)])
        region = self.Complaint.search([("collectivity_id", "child_of", self.region.id)])
        mine = self.Complaint.search([("partner_id", "=", self.users["citizen"].partner_id.id)])
        expected = {
            "handler": rabat,
            "handler2": sale,
            "supervisor": region,
            "citizen": mine,
            "manager": every,
        }
        for login, complaints in expected.items():
            with self.subTest(login=login):
                self.assertTrue(complaints)
                self.assertEqual(self.seen_by(login), complaints)
        # the scopes are not all of them: the demo has complaints elsewhere in Morocco
        self.assertLess(len(region), len(every))
        self.assertTrue(rabat | sale < region)
        self.assertEqual(len(mine), 7)
        self.assertEqual(mine.collectivity_id, self.rabat)

    def test_real_actions(self):
        """A few complaints went through the actions, so their chatter shows who did what:
        three reorientations between the demo communes; the citizen's complaints answered,
        asked for information and reopened."""
        moves = self.env["chikaya.complaint.reorientation"].search([])
        self.assertEqual(len(moves), 3)
        self.assertEqual(moves.complaint_id.mapped("state"), ["new"] * 3)
        self.assertLessEqual(moves.create_uid, self.users["handler"] | self.users["handler2"])
        mine = self.Complaint.search([("partner_id", "=", self.users["citizen"].partner_id.id)])
        self.assertEqual(
            sorted(mine.mapped("state")),
            ["answered", "closed", "closed", "in_progress", "info_requested", "new", "rejected"],
        )
        self.assertEqual(mine.filtered(lambda c: c.state == "in_progress").reopen_count, 1)
        for state in ("answered", "info_requested"):
            with self.subTest(state=state):
                complaint = mine.filtered(lambda c, s=state: c.state == s)
                authors = complaint.message_ids.author_id
                self.assertIn(self.users["handler"].partner_id, authors)

    def test_loading_twice_adds_nothing(self):
        """The demo file run again in 'init' mode (which, unlike an update, runs its
        <function>) adds nothing."""
        counts = {
            model: self.env[model].search_count([])
            for model in ("chikaya.complaint", "chikaya.handler", "res.partner", "res.users")
        }
        self.load_demo()
        for model, count in counts.items():
            with self.subTest(model=model):
                self.assertEqual(self.env[model].search_count([]), count)
