import json
from unittest.mock import patch

from odoo.tests import HttpCase, TransactionCase, new_test_user

from ..tools.workflow import workflow_writes

QUIET = {
    "mail_create_nolog": True,
    "mail_notrack": True,
    "no_reset_password": True,
    "tracking_disable": True,
}


def no_cron_commits(case):
    """Stop ir.cron._commit_progress from committing for the rest of `case`'s test.

    Outside a running cron it commits, which a test transaction must never do; batching
    jobs call it between batches (see the SLA job)."""
    patcher = patch.object(
        type(case.env["ir.cron"]), "_commit_progress", lambda self, *a, **k: 1000
    )
    patcher.start()
    case.addCleanup(patcher.stop)


class ChikayaCase(TransactionCase):
    """A small territory (not the official one, so the tests read as they are), a theme,
    one user per role, and builders for complaints.

    Territory: region R1 > province P1 > communes A (with arrondissement A1) and B;
    prefecture P2 > commune C.
    Users: handler_a (commune A), handler_b (commune B), supervisor_p1 (province P1),
    manager, admin, and two portal citizens.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        unit = cls.make_unit
        cls.region = unit("97", "Région Test", "region")
        cls.province = unit("97.001", "Province Test", "province", cls.region)
        cls.province_2 = unit("97.002", "Préfecture Test", "prefecture", cls.region)
        cls.commune_a = unit("97.001.01.01", "Commune A", "urban", cls.province, name_ar="جماعة أ")
        cls.arrondissement_a = unit(
            "97.001.01.05", "Arrondissement A1", "arrondissement", cls.commune_a
        )
        cls.commune_b = unit("97.001.01.02", "Commune B", "rural", cls.province)
        cls.commune_c = unit("97.002.01.01", "Commune C", "urban", cls.province_2)
        cls.theme = cls.env["chikaya.theme"].create({"name": "Test lighting"})
        cls.reason = cls.env.ref("chikaya_complaints.rejection_reason_duplicate")

        group = "chikaya_complaints.chikaya_complaints_group_"
        cls.handler_a = new_test_user(cls.env, "t_handler_a", groups=group + "handler")
        cls.handler_b = new_test_user(cls.env, "t_handler_b", groups=group + "handler")
        cls.supervisor = new_test_user(cls.env, "t_supervisor_p1", groups=group + "supervisor")
        cls.manager = new_test_user(cls.env, "t_manager", groups=group + "manager")
        cls.admin = new_test_user(cls.env, "t_chikaya_admin", groups=group + "admin")
        Handler = cls.env["chikaya.handler"]
        Handler.create(
            [
                {"user_id": cls.handler_a.id, "collectivity_ids": [(6, 0, cls.commune_a.ids)]},
                {"user_id": cls.handler_b.id, "collectivity_ids": [(6, 0, cls.commune_b.ids)]},
                {
                    "user_id": cls.supervisor.id,
                    "role": "supervisor",
                    "collectivity_ids": [(6, 0, cls.province.ids)],
                },
            ]
        )
        cls.citizen = new_test_user(
            cls.env,
            "t_citizen1",
            groups="base.group_portal",
            email="amina@example.ma",
            name="Amina Citizen",
        )
        cls.citizen_2 = new_test_user(
            cls.env,
            "t_citizen2",
            groups="base.group_portal",
            email="karim@example.ma",
            name="Karim Citizen",
        )

    @classmethod
    def make_unit(cls, code, name, unit_type, parent=None, **extra):
        return cls.env["chikaya.collectivity"].create(
            {
                "code": code,
                "name": name,
                "type": unit_type,
                "parent_id": parent and parent.id,
                **extra,
            }
        )

    @classmethod
    def complaint_vals(cls, **overrides):
        vals = {
            "kind": "reclamation",
            "channel": "portal",
            "collectivity_id": cls.commune_a.id,
            "theme_id": cls.theme.id,
            "subject": "Street light out",
            "description": "The street light in front of number 12 is out since a week.",
            "citizen_name": "Amina Citizen",
            "citizen_id_type": "cin",
            "citizen_id_number": "AB123456",
            "citizen_email": "amina@example.ma",
            "citizen_phone": "0612345678",
        }
        vals.update(overrides)
        return vals

    @classmethod
    def make_complaint(cls, **overrides):
        """A complaint as the workflow registers it (the portal's filing, the bureau
        d'ordre): any channel, and a citizen account (`partner_id`) given directly. Tests
        of what staff may register call create() themselves."""
        with workflow_writes():
            return cls.env["chikaya.complaint"].create(cls.complaint_vals(**overrides))

    def make_in_state(self, state, **overrides):
        """A complaint brought to `state` through the real transitions."""
        complaint = self.make_complaint(**overrides)
        if state == "new":
            return complaint
        if state == "rejected":
            complaint.action_reject(self.reason)
            return complaint
        complaint.action_start()
        if state == "info_requested":
            complaint.action_request_info("Which street exactly?")
        elif state in ("answered", "closed"):
            complaint.response = "The light was repaired on Monday."
            complaint.action_answer()
            if state == "closed":
                complaint.action_close()
        return complaint

    def ack_mails(self, complaints):
        """The acknowledgements queued for `complaints` (emails tied to no record, since they
        carry the access code: found by recipient and tracking number)."""
        mails = self.env["mail.mail"].sudo().browse()
        for complaint in complaints:
            mails |= (
                self.env["mail.mail"]
                .sudo()
                .search(
                    [
                        ("recipient_ids", "in", complaint.partner_id.ids),
                        ("subject", "ilike", complaint.name),
                        ("model", "=", False),
                    ]
                )
            )
        return mails


class ChikayaRpcCase(HttpCase, ChikayaCase):
    """ChikayaCase's data attacked as over the network: JSON-RPC calls to
    /web/dataset/call_kw in a user's session, as any user may send them (bypassing the
    views, their buttons and their readonly fields)."""

    def rpc(self, login, model, method, *args, **kwargs):
        """Call `model.method(*args, **kwargs)` as `login` (None: not signed in); return
        (result, error), error being None or {"name": exception class, "message": text}."""
        session = getattr(self, "session", None)
        if not session or session.login != login:
            self.authenticate(login, login)
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200, response.text[:500])
        payload = response.json()
        if "error" in payload:
            data = payload["error"]["data"]
            return None, {"name": data["name"], "message": data["message"]}
        return payload["result"], None

    def assert_refused(self, error, name="odoo.exceptions.AccessError", contains=None):
        self.assertTrue(error, "the call was accepted")
        self.assertEqual(error["name"], name, error["message"])
        if contains:
            self.assertIn(contains, error["message"])
