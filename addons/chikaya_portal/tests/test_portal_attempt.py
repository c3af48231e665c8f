from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..models import portal_data as pd


@tagged("post_install", "-at_install")
class TestPortalAttempt(TransactionCase):
    """The limits' bookkeeping (chikaya.portal.attempt). `_reserve` works in a cursor of its
    own: here the registry is in test mode, so that cursor is the test's transaction (the
    concurrency itself is tested on a committed database, tests/test_portal_concurrency.py)."""

    def setUp(self):
        super().setUp()
        self.Attempt = self.env["chikaya.portal.attempt"]
        self.env["ir.config_parameter"].set_param(pd.PARAM_SUBMIT_LIMIT, 3)
        self.env["ir.config_parameter"].set_param(pd.PARAM_SUBMIT_WINDOW, 60)
        self.enterContext(self.enter_registry_test_mode())

    def test_limit_per_key_and_window(self):
        granted = [self.Attempt._reserve("submit", "10.0.0.1") for _i in range(4)]
        self.assertTrue(all(granted[:3]))
        self.assertFalse(granted[3], "the 4th is refused")
        self.assertEqual(self.Attempt._count("submit", "10.0.0.1"), 3, "nothing recorded")
        # another key, another kind: their own counts
        self.assertTrue(self.Attempt._reserve("submit", "10.0.0.2"))
        self.assertTrue(self.Attempt._reserve("post", "10.0.0.1"))
        # attempts older than the window no longer count
        self.Attempt.search([("key", "=", "10.0.0.1")]).write(
            {"attempt_date": fields.Datetime.now() - timedelta(minutes=61)}
        )
        self.env.flush_all()  # (seen by the reservation's cursor)
        self.assertTrue(self.Attempt._reserve("submit", "10.0.0.1"))

    def test_release(self):
        slots = [self.Attempt._reserve("submit", "10.0.0.5") for _i in range(3)]
        self.assertFalse(self.Attempt._reserve("submit", "10.0.0.5"))
        self.Attempt._release(slots[1])
        self.Attempt._release(False)  # nothing reserved, nothing to give back
        self.assertEqual(self.Attempt._count("submit", "10.0.0.5"), 2)
        self.assertTrue(self.Attempt._reserve("submit", "10.0.0.5"))

    def test_settings(self):
        params = self.env["ir.config_parameter"]
        self.assertEqual(self.Attempt._limit("ack"), (3, 24 * 60))
        self.assertEqual(self.Attempt._limit("track_pair"), (5, 15))
        self.assertEqual(self.Attempt._limit("track_failure"), (100, 15))
        self.assertEqual(self.Attempt._limit("post"), (30, 60))
        params.set_param(pd.PARAM_ACK_DAILY_LIMIT, "not a number")
        self.assertEqual(self.Attempt._limit("ack"), (3, 24 * 60))

    def test_zero_disables_and_gc(self):
        self.env["ir.config_parameter"].set_param(pd.PARAM_SUBMIT_LIMIT, 0)
        for _i in range(5):
            self.assertTrue(self.Attempt._reserve("submit", "10.0.0.3"))
        old = self.Attempt._record("submit", "10.0.0.4")
        old.attempt_date = fields.Datetime.now() - timedelta(days=2)
        self.env.flush_all()
        self.Attempt._gc_attempts()
        self.assertFalse(old.exists())
        self.assertEqual(self.Attempt._count("submit", "10.0.0.3"), 5)
