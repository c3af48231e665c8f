from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..models import portal_data as pd


@tagged("post_install", "-at_install")
class TestPortalAttempt(TransactionCase):
    def setUp(self):
        super().setUp()
        self.Attempt = self.env["chikaya.portal.attempt"]
        self.env["ir.config_parameter"].set_param(pd.PARAM_SUBMIT_LIMIT, 3)
        self.env["ir.config_parameter"].set_param(pd.PARAM_SUBMIT_WINDOW, 60)

    def test_limit_per_address_and_window(self):
        for _i in range(2):
            self.Attempt._record("submit", "10.0.0.1")
        self.assertFalse(self.Attempt._is_limited("submit", "10.0.0.1"))
        self.Attempt._record("submit", "10.0.0.1")
        self.assertTrue(self.Attempt._is_limited("submit", "10.0.0.1"))
        # another address, another kind: not limited
        self.assertFalse(self.Attempt._is_limited("submit", "10.0.0.2"))
        self.assertFalse(self.Attempt._is_limited("track_failure", "10.0.0.1"))
        # attempts older than the window no longer count
        self.Attempt.search([("ip", "=", "10.0.0.1")]).write(
            {"attempt_date": fields.Datetime.now() - timedelta(minutes=61)}
        )
        self.assertFalse(self.Attempt._is_limited("submit", "10.0.0.1"))

    def test_zero_disables_and_gc(self):
        self.env["ir.config_parameter"].set_param(pd.PARAM_SUBMIT_LIMIT, 0)
        self.Attempt._record("submit", "10.0.0.3")
        self.assertFalse(self.Attempt._is_limited("submit", "10.0.0.3"))
        old = self.Attempt.sudo().create(
            {
                "kind": "submit",
                "ip": "10.0.0.4",
                "attempt_date": fields.Datetime.now() - timedelta(days=2),
            }
        )
        self.Attempt._gc_attempts()
        self.assertFalse(old.exists())
        self.assertTrue(self.Attempt.search_count([("ip", "=", "10.0.0.3")]))
