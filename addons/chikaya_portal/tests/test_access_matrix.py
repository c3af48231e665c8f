"""Who may read, write, create and delete what, over JSON-RPC (issue: trust boundaries).

Each role signs in and calls /web/dataset/call_kw as any user may, bypassing every view;
the expected answer of each cell is written in the table below, independently of the code
(a cell lists the roles that are allowed). The records: complaint A (commune A, citizen A)
and complaint B (commune B, citizen B); the handler of A, the handler of B, the supervisor
of their province, the manager, Chikaya's administrator, the two citizens (portal users),
and a visitor without a session.
"""

import base64
import re

from odoo.tests import tagged

from odoo.addons.chikaya_complaints.tests.common import ChikayaRpcCase
from odoo.addons.chikaya_complaints.tools.workflow import workflow_writes

ROLES = {
    "public": None,
    "portal_a": "t_citizen1",
    "portal_b": "t_citizen2",
    "handler_a": "t_handler_a",
    "handler_b": "t_handler_b",
    "supervisor": "t_supervisor_p1",
    "manager": "t_manager",
    "admin": "t_chikaya_admin",
}
STAFF_A = {"handler_a", "supervisor", "manager", "admin"}
INTERNAL = {"handler_a", "handler_b", "supervisor", "manager", "admin"}
SIGNED_IN = INTERNAL | {"portal_a", "portal_b"}
NOBODY = set()

# object: {operation: roles allowed}. "create" creates a new record of the object's kind
# (on complaint A where it hangs on a complaint); "write" and "unlink" act on a fresh copy.
EXPECTED = {
    "complaint A": {
        "read": STAFF_A | {"portal_a"},
        "write": {"handler_a", "supervisor", "admin"},
        "create": {"handler_a", "supervisor"},
        "unlink": NOBODY,
    },
    "complaint B": {
        "read": {"handler_b", "supervisor", "manager", "admin", "portal_b"},
        "write": {"handler_b", "supervisor", "admin"},
        "create": {"handler_b", "supervisor"},
        "unlink": NOBODY,
    },
    "collectivity": {
        "read": SIGNED_IN,
        "write": {"admin"},
        "create": {"admin"},
        "unlink": {"admin"},
    },
    "theme": {"read": SIGNED_IN, "write": {"admin"}, "create": {"admin"}, "unlink": {"admin"}},
    "rejection reason": {
        "read": INTERNAL,
        "write": {"admin"},
        "create": {"admin"},
        "unlink": {"admin"},
    },
    "handler assignment": {
        "read": INTERNAL,
        "write": {"admin"},
        "create": {"admin"},
        "unlink": {"admin"},
    },
    "reorientation line": {
        "read": STAFF_A,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
    "faq": {"read": SIGNED_IN, "write": {"admin"}, "create": {"admin"}, "unlink": {"admin"}},
    "portal attempt": {"read": {"admin"}, "write": NOBODY, "create": NOBODY, "unlink": {"admin"}},
    "citizen A (account)": {
        "read": STAFF_A | {"portal_a"},
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
    "citizen A2 (contact)": {
        "read": STAFF_A,
        "write": NOBODY,
        "create": NOBODY,
        "unlink": NOBODY,
    },
    "follower of A": {"read": STAFF_A, "write": NOBODY, "create": NOBODY, "unlink": NOBODY},
    "public message on A": {
        "read": STAFF_A | {"portal_a"},
        "write": NOBODY,
        "create": {"handler_a", "supervisor", "admin"},
        "unlink": NOBODY,
    },
    "internal note on A": {
        "read": STAFF_A,
        "write": NOBODY,
        "create": {"handler_a", "supervisor", "admin"},
        "unlink": NOBODY,
    },
    # Citizens read no file over RPC (Odoo gives portal users no access to attachments):
    # only through the portal page's per-file links (test_portal_file_links below).
    "citizen's upload on A": {
        "read": STAFF_A,
        "write": NOBODY,
        "create": {"handler_a", "supervisor", "admin"},
        "unlink": NOBODY,
    },
    "file of the public message": {
        "read": STAFF_A,
        "write": NOBODY,
        "create": {"handler_a", "supervisor", "admin"},
        "unlink": NOBODY,
    },
    "file of the internal note": {
        "read": STAFF_A,
        "write": NOBODY,
        "create": {"handler_a", "supervisor", "admin"},
        "unlink": NOBODY,
    },
}

PDF = b"%PDF-1.4 test\n"


@tagged("post_install", "-at_install")
class TestAccessMatrix(ChikayaRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Attachment = cls.env["ir.attachment"]
        cls.complaint_a = cls.make_complaint(partner_id=cls.citizen.partner_id.id)
        cls.complaint_b = cls.make_complaint(
            collectivity_id=cls.commune_b.id, partner_id=cls.citizen_2.partner_id.id
        )
        # a letter registered by the bureau d'ordre: a contact without account
        cls.complaint_a2 = cls.make_complaint(
            channel="paper", citizen_email="letter.writer@example.ma", citizen_name="Writer"
        )
        public_user = cls.env.ref("base.public_user")
        cls.upload = (
            Attachment.with_user(public_user)
            .sudo()
            .create(cls.attachment_vals("upload.pdf", cls.complaint_a))
        )
        handler_env = cls.complaint_a.with_user(cls.handler_a)
        handler_env.action_start()
        cls.message_file = Attachment.create(cls.attachment_vals("answer.pdf", cls.complaint_a))
        cls.note_file = Attachment.create(cls.attachment_vals("note.pdf", cls.complaint_a))
        with workflow_writes():
            cls.public_message = handler_env.message_post(
                body="Which street exactly?",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachment_ids=cls.message_file.ids,
            )
            cls.note = handler_env.message_post(
                body="Internal: the citizen called twice",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                attachment_ids=cls.note_file.ids,
            )
        # mail moves posted files from pending to the complaint
        (cls.message_file | cls.note_file).write(
            {"res_model": "chikaya.complaint", "res_id": cls.complaint_a.id}
        )
        reoriented = cls.make_complaint()
        reoriented.with_user(cls.handler_a).action_reorient(cls.arrondissement_a, "Street of A1")
        cls.line = reoriented.reorientation_ids
        cls.follower = cls.env["mail.followers"].search(
            [
                ("res_model", "=", "chikaya.complaint"),
                ("res_id", "=", cls.complaint_a.id),
                ("partner_id", "=", cls.citizen.partner_id.id),
            ]
        )
        cls.faq = cls.env["chikaya.faq"].create({"question": "Q?", "answer": "<p>A.</p>"})
        cls.attempt = cls.env["chikaya.portal.attempt"].sudo().search([], limit=1) or (
            cls.env["chikaya.portal.attempt"].sudo().create(cls.attempt_vals())
        )

    @classmethod
    def attachment_vals(cls, name, complaint):
        return {
            "name": name,
            "datas": base64.b64encode(PDF).decode(),
            "res_model": "chikaya.complaint",
            "res_id": complaint.id,
        }

    @classmethod
    def attempt_vals(cls):
        Attempt = cls.env["chikaya.portal.attempt"]
        vals = {"kind": Attempt._fields["kind"].selection[0][0]}
        for name in ("ip", "key"):
            if name in Attempt._fields:
                vals[name] = "192.0.2.1"
        return vals

    def objects(self):
        """object: (model, record read, {field: value} written, vals created, copy())."""
        user_for_assignment = self.env["res.users"].create(
            {
                "name": "Agent",
                "login": "agent_matrix",
                "group_ids": [(4, self.ref("base.group_user"))],
            }
        )
        unit_counter = iter(range(10, 99))

        def new_unit():
            return {
                "code": f"97.001.01.{next(unit_counter)}",
                "name": "Douar",
                "type": "rural",
                "parent_id": self.province.id,
            }

        complaint_vals = self.complaint_vals(channel="paper")
        return {
            "complaint A": (
                "chikaya.complaint",
                self.complaint_a,
                {"subject": "Changed"},
                complaint_vals,
                lambda: self.make_complaint(),
            ),
            "complaint B": (
                "chikaya.complaint",
                self.complaint_b,
                {"subject": "Changed"},
                {**complaint_vals, "collectivity_id": self.commune_b.id},
                lambda: self.make_complaint(collectivity_id=self.commune_b.id),
            ),
            "collectivity": (
                "chikaya.collectivity",
                self.commune_a,
                {"name_ar": "تغيير"},
                new_unit(),
                lambda: self.env["chikaya.collectivity"].create(new_unit()),
            ),
            "theme": (
                "chikaya.theme",
                self.theme,
                {"name": "Changed"},
                {"name": "New theme"},
                lambda: self.env["chikaya.theme"].create({"name": "Disposable"}),
            ),
            "rejection reason": (
                "chikaya.rejection.reason",
                self.reason,
                {"name": "Changed"},
                {"name": "New reason"},
                lambda: self.env["chikaya.rejection.reason"].create({"name": "Disposable"}),
            ),
            "handler assignment": (
                "chikaya.handler",
                self.handler_a.chikaya_handler_ids,
                {"active": True},
                {
                    "user_id": user_for_assignment.id,
                    "collectivity_ids": [(6, 0, self.commune_c.ids)],
                },
                lambda: self.env["chikaya.handler"].create(
                    {
                        "user_id": self.env["res.users"]
                        .create({"name": "Tmp", "login": f"tmp_{next(unit_counter)}"})
                        .id,
                        "collectivity_ids": [(6, 0, self.commune_c.ids)],
                    }
                ),
            ),
            "reorientation line": (
                "chikaya.complaint.reorientation",
                self.line,
                {"reason": "Changed"},
                {
                    "complaint_id": self.complaint_a.id,
                    "from_collectivity_id": self.commune_a.id,
                    "to_collectivity_id": self.commune_b.id,
                    "reason": "Forged",
                },
                lambda: self.line,
            ),
            "faq": (
                "chikaya.faq",
                self.faq,
                {"sequence": 5},
                {"question": "New?", "answer": "<p>Yes.</p>"},
                lambda: self.env["chikaya.faq"].create({"question": "Tmp?", "answer": "<p>x</p>"}),
            ),
            "portal attempt": (
                "chikaya.portal.attempt",
                self.attempt,
                {"kind": self.attempt.kind},
                self.attempt_vals(),
                lambda: self.env["chikaya.portal.attempt"].sudo().create(self.attempt_vals()),
            ),
            "citizen A (account)": (
                "res.partner",
                self.citizen.partner_id,
                {"function": "Changed"},
                {"name": "New contact"},
                lambda: self.citizen.partner_id,
            ),
            "citizen A2 (contact)": (
                "res.partner",
                self.complaint_a2.partner_id,
                {"function": "Changed"},
                {"name": "New contact"},
                lambda: self.complaint_a2.partner_id,
            ),
            "follower of A": (
                "mail.followers",
                self.follower,
                {"subtype_ids": [(6, 0, [])]},
                {
                    "res_model": "chikaya.complaint",
                    "res_id": self.complaint_a.id,
                    "partner_id": self.citizen_2.partner_id.id,
                },
                lambda: self.follower,
            ),
            "public message on A": (
                "mail.message",
                self.public_message,
                {"body": "Rewritten"},
                {
                    "model": "chikaya.complaint",
                    "res_id": self.complaint_a.id,
                    "body": "Posted directly",
                    "message_type": "comment",
                    "subtype_id": self.ref("mail.mt_comment"),
                },
                lambda: self.public_message,
            ),
            "internal note on A": (
                "mail.message",
                self.note,
                {"body": "Rewritten"},
                {
                    "model": "chikaya.complaint",
                    "res_id": self.complaint_a.id,
                    "body": "Noted directly",
                    "message_type": "comment",
                    "subtype_id": self.ref("mail.mt_note"),
                },
                lambda: self.note,
            ),
            "citizen's upload on A": (
                "ir.attachment",
                self.upload,
                {"name": "renamed.pdf"},
                self.attachment_vals("new.pdf", self.complaint_a),
                lambda: self.upload,
            ),
            "file of the public message": (
                "ir.attachment",
                self.message_file,
                {"name": "renamed.pdf"},
                self.attachment_vals("new.pdf", self.complaint_a),
                lambda: self.message_file,
            ),
            "file of the internal note": (
                "ir.attachment",
                self.note_file,
                {"name": "renamed.pdf"},
                self.attachment_vals("new.pdf", self.complaint_a),
                lambda: self.note_file,
            ),
        }

    def attempt_op(self, login, model, record, operation, write_vals, create_vals):
        """Whether `login` may do `operation` (over JSON-RPC); each call in a savepoint, so
        that an allowed write or deletion does not change what the next role sees."""
        with self.env.cr.savepoint(flush=False) as savepoint:
            if operation == "read":
                result, error = self.rpc(login, model, "read", record.ids, ["display_name"])
                allowed = not error and bool(result)
            elif operation == "write":
                _result, error = self.rpc(login, model, "write", record.ids, write_vals)
                allowed = not error
            elif operation == "create":
                _result, error = self.rpc(login, model, "create", create_vals)
                allowed = not error
            else:
                _result, error = self.rpc(login, model, "unlink", record.ids)
                allowed = not error
            savepoint.rollback()
        self.env.invalidate_all()
        return allowed, error

    def test_access_matrix(self):
        objects = self.objects()
        self.assertEqual(set(objects), set(EXPECTED))
        mismatches = []
        for name, (model, record, write_vals, create_vals, fresh) in objects.items():
            self.assertTrue(record, name)
            for operation, allowed_roles in EXPECTED[name].items():
                target = fresh() if operation in ("write", "unlink") else record
                for role, login in ROLES.items():
                    allowed, error = self.attempt_op(
                        login, model, target, operation, write_vals, create_vals
                    )
                    if allowed != (role in allowed_roles):
                        why = "" if allowed else f" ({error['name']}: {error['message'][:90]})"
                        mismatches.append(
                            f"{name} / {operation} / {role}: "
                            f"{'allowed' if allowed else 'refused'}{why}"
                        )
        self.assertFalse(mismatches, "\n" + "\n".join(mismatches))

    def test_followers_and_contacts_by_search(self):
        """What a search returns, not only what a read by id refuses: the handler of B finds
        neither complaint A's followers nor its citizens."""
        result, error = self.rpc(
            "t_handler_b",
            "mail.followers",
            "search_read",
            [("res_model", "=", "chikaya.complaint")],
            ["res_id"],
        )
        self.assertFalse(error)
        visible = {row["res_id"] for row in result}
        self.assertNotIn(self.complaint_a.id, visible)
        self.assertIn(self.complaint_b.id, visible)
        result, error = self.rpc(
            "t_handler_b",
            "res.partner",
            "search_read",
            [("email", "in", ["amina@example.ma", "letter.writer@example.ma", "karim@example.ma"])],
            ["email"],
        )
        self.assertFalse(error)
        self.assertEqual({row["email"] for row in result}, {"karim@example.ma"})
        result, error = self.rpc(
            "t_supervisor_p1",
            "res.partner",
            "search_read",
            [("email", "in", ["amina@example.ma", "letter.writer@example.ma", "karim@example.ma"])],
            ["email"],
        )
        self.assertEqual(
            {row["email"] for row in result},
            {"amina@example.ma", "letter.writer@example.ma", "karim@example.ma"},
        )

    def test_portal_file_links(self):
        """The citizen's page links the files of the public messages and the citizen's own
        uploads, each with its own token, and never the files of an internal note; without
        a link, no file opens."""
        self.authenticate("t_citizen1", "t_citizen1")
        page = self.url_open(f"/my/complaints/{self.complaint_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/web/content/{self.message_file.id}?access_token=", page.text)
        self.assertIn(f"/web/content/{self.upload.id}?access_token=", page.text)
        self.assertNotIn(f"/web/content/{self.note_file.id}", page.text)
        for attachment in (self.note_file, self.upload, self.message_file):
            with self.subTest(attachment=attachment.name):
                response = self.url_open(f"/web/content/{attachment.id}")
                self.assertIn(response.status_code, (403, 404))
                self.assertNotEqual(response.content, PDF)
        for attachment in (self.message_file, self.upload):
            link = re.search(
                rf'href="(/web/content/{attachment.id}\?access_token=[^"]+)"', page.text
            )
            response = self.url_open(link.group(1).replace("&amp;", "&"))
            self.assertEqual(response.content, PDF)
            # the token is for that file only
            other = link.group(1).replace(
                f"/web/content/{attachment.id}?", f"/web/content/{self.note_file.id}?"
            )
            self.assertNotEqual(self.url_open(other.replace("&amp;", "&")).content, PDF)
