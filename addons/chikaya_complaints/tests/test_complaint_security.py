from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ChikayaCase


@tagged("post_install", "-at_install")
class TestComplaintSecurity(ChikayaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.in_a = cls.make_complaint(partner_id=cls.citizen.partner_id.id)
        cls.in_b = cls.make_complaint(
            collectivity_id=cls.commune_b.id, partner_id=cls.citizen_2.partner_id.id
        )
        cls.in_c = cls.make_complaint(
            collectivity_id=cls.commune_c.id, citizen_email="someone.else@example.ma"
        )
        cls.all = cls.in_a | cls.in_b | cls.in_c

    def visible(self, user):
        return self.env["chikaya.complaint"].with_user(user).search([("id", "in", self.all.ids)])

    def test_handler_sees_and_edits_only_their_collectivity(self):
        self.assertEqual(self.visible(self.handler_a), self.in_a)
        self.assertEqual(self.visible(self.handler_b), self.in_b)
        mine = self.in_a.with_user(self.handler_a)
        mine.write({"subject": "Street light out (Rue 12)"})
        mine.action_start()
        self.assertEqual(self.in_a.state, "in_progress")
        other = self.in_b.with_user(self.handler_a)
        with self.assertRaises(AccessError):
            other.read(["subject"])
        with self.assertRaises(AccessError):
            other.write({"subject": "hijacked"})
        with self.assertRaises(AccessError):
            other.action_start()
        self.assertEqual(self.in_b.state, "new")

    def test_handler_cannot_create_in_another_collectivity(self):
        Complaint = self.env["chikaya.complaint"].with_user(self.handler_a)
        self.assertTrue(Complaint.create(self.complaint_vals(channel="paper")))
        with self.assertRaises(AccessError):
            Complaint.create(
                self.complaint_vals(channel="paper", collectivity_id=self.commune_c.id)
            )

    def test_commune_handler_sees_its_arrondissements(self):
        in_arr = self.make_complaint(collectivity_id=self.arrondissement_a.id)
        Complaint = self.env["chikaya.complaint"]
        self.assertEqual(
            Complaint.with_user(self.handler_a).search([("id", "=", in_arr.id)]), in_arr
        )
        self.assertFalse(Complaint.with_user(self.handler_b).search([("id", "=", in_arr.id)]))
        self.assertEqual(
            Complaint.with_user(self.supervisor).search([("id", "=", in_arr.id)]), in_arr
        )

    def test_supervisor_sees_subtree(self):
        self.assertEqual(self.visible(self.supervisor), self.in_a | self.in_b)
        with self.assertRaises(AccessError):
            self.in_c.with_user(self.supervisor).read(["subject"])
        self.in_b.with_user(self.supervisor).action_start()
        self.assertEqual(self.in_b.state, "in_progress")

    def test_manager_reads_all_writes_nothing(self):
        self.assertEqual(self.visible(self.manager), self.all)
        with self.assertRaises(AccessError):
            self.in_a.with_user(self.manager).write({"subject": "x"})

    def test_portal_user_sees_only_their_own(self):
        self.assertEqual(self.visible(self.citizen), self.in_a)
        self.assertEqual(self.visible(self.citizen_2), self.in_b)
        with self.assertRaises(AccessError):
            self.in_b.with_user(self.citizen).read(["subject"])
        with self.assertRaises(AccessError):
            self.in_a.with_user(self.citizen).write({"subject": "x"})

    def test_nobody_deletes(self):
        for user in (self.handler_a, self.supervisor, self.manager, self.admin, self.citizen):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.in_a.with_user(user).unlink()
        with self.assertRaises(UserError):
            self.in_a.sudo().unlink()
        self.assertTrue(self.in_a.exists())

    def test_assignment_change_applies_at_once(self):
        """Rules are cached per user: editing an assignment must take effect now."""
        self.assertFalse(self.visible(self.handler_b) & self.in_c)
        handler = self.env["chikaya.handler"].search([("user_id", "=", self.handler_b.id)])
        handler.collectivity_ids = [(4, self.commune_c.id)]
        self.assertEqual(self.visible(self.handler_b), self.in_b | self.in_c)
        handler.action_archive()
        self.assertFalse(self.visible(self.handler_b))

    def test_handler_assignment_grants_group(self):
        from odoo.tests import new_test_user

        user = new_test_user(self.env, "new_agent", groups="base.group_user")
        self.assertFalse(user.has_group("chikaya_complaints.chikaya_complaints_group_handler"))
        self.env["chikaya.handler"].create(
            {
                "user_id": user.id,
                "role": "supervisor",
                "collectivity_ids": [(6, 0, self.province_2.ids)],
            }
        )
        self.assertTrue(user.has_group("chikaya_complaints.chikaya_complaints_group_supervisor"))
        self.assertEqual(self.visible(user), self.in_c)
        # Made a plain handler of the prefecture: no subtree any more, no supervisor group.
        user.chikaya_handler_ids.role = "handler"
        self.assertFalse(user.has_group("chikaya_complaints.chikaya_complaints_group_supervisor"))
        self.assertTrue(user.has_group("chikaya_complaints.chikaya_complaints_group_handler"))
        self.assertFalse(self.visible(user))
