"""The record is changed only by the workflow (issue: trust boundaries, part 2), attacked as
a curious handler would: JSON-RPC calls that bypass the views' buttons and readonly fields."""

from datetime import date, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ChikayaRpcCase

USER_ERROR = "odoo.exceptions.UserError"
ACCESS_ERROR = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestWorkflowOwnsTheRecord(ChikayaRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.received = date.today() - timedelta(days=45)
        cls.mine = cls.make_complaint(
            partner_id=cls.citizen.partner_id.id, received_date=cls.received
        )
        cls.mine.with_user(cls.handler_a).action_start()
        cls.other = cls.make_complaint(collectivity_id=cls.commune_c.id)

    def snapshot(self, complaint):
        complaint.invalidate_recordset()
        return (
            complaint.sudo()
            .with_context(active_test=False)
            .read(
                [
                    "state",
                    "answered_date",
                    "received_date",
                    "collectivity_id",
                    "partner_id",
                    "satisfaction",
                    "sla_warning_level",
                    "active",
                    "channel",
                    "description",
                    "reopen_count",
                ]
            )[0]
        )

    def test_handler_cannot_write_workflow_fields(self):
        """Each field the workflow owns, written directly by the handler of the complaint:
        refused with a message naming the action to use, and nothing changes."""
        before = self.snapshot(self.mine)
        attacks = {
            "state": ("answered", "action"),
            "answered_date": (fields.Datetime.to_string(fields.Datetime.now()), "action"),
            "received_date": (fields.Date.to_string(date.today()), "supervisor"),
            # the arrondissement is in the handler's scope: only the workflow stops it
            "collectivity_id": (self.arrondissement_a.id, "Reorient"),
            "partner_id": (self.citizen_2.partner_id.id, "access code"),
            "satisfaction": ("satisfied", "citizen"),
            "sla_warning_level": ("past_60", "deadline job"),
            "active": (False, "Archive"),
            "channel": ("portal", "registered"),
            "description": ("Rewritten", "registered"),
            "reopen_count": (5, "action"),
        }
        for field, (value, hint) in attacks.items():
            with self.subTest(field=field):
                _result, error = self.rpc(
                    "t_handler_a", "chikaya.complaint", "write", [self.mine.id], {field: value}
                )
                self.assert_refused(error, USER_ERROR, contains=hint)
        # the same through the form's save and the import
        _result, error = self.rpc(
            "t_handler_a",
            "chikaya.complaint",
            "web_save",
            [self.mine.id],
            {"state": "closed"},
            specification={"state": {}},
        )
        self.assert_refused(error, USER_ERROR)
        result, error = self.rpc(
            "t_handler_a",
            "chikaya.complaint",
            "load",
            ["id", "state"],
            [[f"__export__.chikaya_complaint_{self.mine.id}", "closed"]],
        )
        self.assertFalse(error)
        self.assertFalse(result["ids"])
        self.assertTrue(any(m["type"] == "error" for m in result["messages"]))
        self.assertEqual(self.snapshot(self.mine), before)

    def test_handler_cannot_register_a_finished_complaint(self):
        """Registering (create) takes the registration fields only: no state, dates, account,
        rating or warning level, and only the channels staff receive."""
        Complaint = self.env["chikaya.complaint"]
        count = Complaint.search_count([])
        base = self.complaint_vals(channel="paper")
        for field, value in {
            "state": "closed",
            "answered_date": fields.Datetime.to_string(fields.Datetime.now()),
            "partner_id": self.citizen.partner_id.id,
            "satisfaction": "satisfied",
            "sla_warning_level": "past_60",
            "channel": "portal",
        }.items():
            with self.subTest(field=field):
                _result, error = self.rpc(
                    "t_handler_a", "chikaya.complaint", "create", {**base, field: value}
                )
                self.assert_refused(error, USER_ERROR)
        # a default in the context is a value like any other
        _result, error = self.rpc(
            "t_handler_a",
            "chikaya.complaint",
            "create",
            base,
            context={"default_state": "answered"},
        )
        self.assert_refused(error, USER_ERROR)
        self.assertEqual(Complaint.search_count([]), count)
        # what staff do register: a paper letter, of the past, in their collectivity
        result, error = self.rpc("t_handler_a", "chikaya.complaint", "create", base)
        self.assertFalse(error)
        self.assertEqual(Complaint.browse(result).state, "new")

    def test_administrator_cannot_write_them_either(self):
        """Not a handler's restriction: an administrator's writes and server actions are
        refused the same way; archiving is the administrators' own action."""
        _result, error = self.rpc(
            "t_chikaya_admin", "chikaya.complaint", "write", [self.mine.id], {"state": "closed"}
        )
        self.assert_refused(error, USER_ERROR)
        action = self.env["ir.actions.server"].create(
            {
                "name": "Close everything",
                "model_id": self.env["ir.model"]._get_id("chikaya.complaint"),
                "state": "code",
                "code": "records.write({'state': 'closed'})",
            }
        )
        _result, error = self.rpc(
            "admin",
            "ir.actions.server",
            "run",
            [action.id],
            context={"active_model": "chikaya.complaint", "active_ids": [self.mine.id]},
        )
        self.assert_refused(error, USER_ERROR)
        self.assertEqual(self.mine.state, "in_progress")
        _result, error = self.rpc(
            "t_handler_a", "chikaya.complaint", "action_archive", [self.mine.id]
        )
        self.assert_refused(error, ACCESS_ERROR)
        self.assertTrue(self.mine.active)
        _result, error = self.rpc(
            "t_chikaya_admin", "chikaya.complaint", "action_archive", [self.mine.id]
        )
        self.assertFalse(error)
        self.assertFalse(self.mine.active)

    def test_received_date_corrected_by_supervisor_with_reason(self):
        new_date = fields.Date.to_string(self.received + timedelta(days=2))
        _result, error = self.rpc(
            "t_handler_a",
            "chikaya.complaint",
            "action_correct_received_date",
            [self.mine.id],
            new_date,
            "typo",
        )
        self.assert_refused(error, ACCESS_ERROR)
        _result, error = self.rpc(
            "t_supervisor_p1",
            "chikaya.complaint",
            "action_correct_received_date",
            [self.mine.id],
            new_date,
            "",
        )
        self.assert_refused(error, USER_ERROR, contains="reason")
        _result, error = self.rpc(
            "t_supervisor_p1",
            "chikaya.complaint",
            "action_correct_received_date",
            [self.mine.id],
            new_date,
            "Letter stamped on the 2nd",
        )
        self.assertFalse(error)
        self.assertEqual(fields.Date.to_string(self.mine.received_date), new_date)
        note = self.mine.message_ids.filtered(lambda m: "stamped on the 2nd" in (m.body or ""))
        self.assertEqual(note.author_id, self.supervisor.partner_id)
        self.assertIn(fields.Date.to_string(self.received), note.body)
        # outside the supervisor's province: the record rules say no
        _result, error = self.rpc(
            "t_supervisor_p1",
            "chikaya.complaint",
            "action_correct_received_date",
            [self.other.id],
            new_date,
            "why not",
        )
        self.assert_refused(error, ACCESS_ERROR)

    def test_reorientation_lines_only_through_reorient(self):
        for login, complaint in (("t_handler_a", self.other), ("t_handler_a", self.mine)):
            with self.subTest(complaint=complaint.name):
                _result, error = self.rpc(
                    login,
                    "chikaya.complaint.reorientation",
                    "create",
                    {
                        "complaint_id": complaint.id,
                        "from_collectivity_id": self.commune_a.id,
                        "to_collectivity_id": self.commune_a.id,
                        "reason": "forged",
                    },
                )
                self.assert_refused(error, ACCESS_ERROR)
        self.assertFalse(
            self.env["chikaya.complaint.reorientation"].search([("reason", "=", "forged")])
        )
        _result, error = self.rpc(
            "t_handler_a",
            "chikaya.complaint",
            "action_reorient",
            [self.other.id],
            self.commune_a.id,
            "Ours now",
        )
        self.assert_refused(error, ACCESS_ERROR)
        self.assertEqual(self.other.collectivity_id, self.commune_c)
        self.mine.with_user(self.handler_a).action_reorient(self.commune_b, "Commune B's road")
        self.assertEqual(self.mine.reorientation_ids.user_id, self.handler_a)

    def test_nobody_posts_in_the_citizens_name(self):
        """A handler may post on the complaint, in their own name only; a citizen's reply
        goes through the portal; rating is the citizen's."""
        citizen = self.mine.partner_id
        for kwargs in (
            {"author_id": citizen.id},
            {"email_from": citizen.email},
        ):
            with self.subTest(**kwargs):
                _result, error = self.rpc(
                    "t_handler_a",
                    "chikaya.complaint",
                    "message_post",
                    [self.mine.id],
                    body="I withdraw my complaint",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    **kwargs,
                )
                self.assert_refused(error, ACCESS_ERROR)
        self.assertFalse(self.mine.message_ids.filtered(lambda m: "withdraw" in (m.body or "")))
        self.mine.with_user(self.handler_a).action_request_info("Which street?")
        _result, error = self.rpc(
            "t_handler_a", "chikaya.complaint", "action_provide_info", [self.mine.id], "Rue 12"
        )
        self.assertFalse(error)
        note = self.mine.message_ids.filtered(lambda m: "Rue 12" in (m.body or ""))
        self.assertEqual(note.author_id, self.handler_a.partner_id)
        for method in ("_provide_info_from_citizen", "_rate_answer", "_link_to_account"):
            with self.subTest(method=method):
                _result, error = self.rpc(
                    "t_handler_a", "chikaya.complaint", method, [self.mine.id]
                )
                self.assert_refused(error, ACCESS_ERROR, contains="Private methods")
        # the manager reads and does not post
        _result, error = self.rpc(
            "t_manager", "chikaya.complaint", "message_post", [self.mine.id], body="note"
        )
        self.assert_refused(error, ACCESS_ERROR)

    def test_computed_and_related_fields_refused(self):
        """Fields declared readonly (computed, related) are refused to direct writes too,
        not only hidden by the views: a related field would write through to the
        collectivity."""
        for field, value in (
            ("processing_days", 1),
            ("province_id", self.province_2.id),
            ("access_code_hash", "0" * 64),
        ):
            with self.subTest(field=field):
                _result, error = self.rpc(
                    "t_chikaya_admin", "chikaya.complaint", "write", [self.mine.id], {field: value}
                )
                self.assert_refused(error, USER_ERROR)
        self.assertEqual(self.commune_a.parent_id, self.province)

    def test_rules_hold_after_a_write(self):
        """The second lock: were a field that decides the scope ever writable directly, a
        write moving the complaint out of the writer's scope would still be refused."""
        Complaint = type(self.env["chikaya.complaint"])
        with (
            patch.object(Complaint, "_workflow_fields", lambda self: set()),
            self.assertRaises(AccessError),
            self.env.cr.savepoint(),
        ):
            self.mine.with_user(self.handler_a).write({"collectivity_id": self.commune_c.id})
        self.mine.invalidate_recordset()
        self.assertEqual(self.mine.collectivity_id, self.commune_a)
