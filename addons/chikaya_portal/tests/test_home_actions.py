from unittest.mock import patch

from odoo.tests import new_test_user, tagged

from odoo.addons.chikaya_complaints.models.res_users import ResUsers

from .common import ChikayaPortalCase

GROUP = "chikaya_complaints.chikaya_complaints_group_"


@tagged("post_install", "-at_install")
class TestHomeActions(ChikayaPortalCase):
    """Staff land on their work when they sign in: every Chikaya role gets the Complaints
    home action (chikaya_complaints.chikaya_home_action), which opens what
    res.users._chikaya_home_action gives the user: the complaints' kanban in the core;
    chikaya_dashboard sends supervisors to the warnings and managers to the Tableau de
    Bord by extending it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # (res.users.action_id holds ir.actions.actions records)
        cls.home = cls.env["ir.actions.actions"].browse(
            cls.env.ref("chikaya_complaints.chikaya_home_action").id
        )
        cls.kanban = cls.env.ref("chikaya_complaints.chikaya_complaint_action")

    def landing(self, user):
        """The id of the action `user` lands on (what the web client runs at sign-in)."""
        server_action = self.env["ir.actions.server"].browse(user.action_id.id)
        return server_action.with_user(user).run()["id"]

    def test_every_role_gets_the_home_action(self):
        for user in (self.handler_a, self.handler_b, self.supervisor, self.manager, self.admin):
            with self.subTest(user=user.login):
                self.assertEqual(user.action_id, self.home)
        for user in (self.citizen, self.citizen_2):
            self.assertFalse(user.action_id)
        self.assertEqual(
            {
                user.login: user._chikaya_role()
                for user in (
                    self.handler_a,
                    self.supervisor,
                    self.manager,
                    self.admin,
                    self.citizen,
                )
            },
            {
                "t_handler_a": "handler",
                "t_supervisor_p1": "supervisor",
                "t_manager": "manager",
                "t_chikaya_admin": "manager",
                "t_citizen1": False,
            },
        )

    def test_handler_lands_on_the_kanban(self):
        self.assertEqual(self.landing(self.handler_a), self.kanban.id)

    def test_supervisor_and_manager_land_where_modules_send_them(self):
        """The home action opens what _chikaya_home_action returns for the user (the kanban
        unless a module such as chikaya_dashboard sends them elsewhere)."""
        for user in (self.supervisor, self.manager):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self.landing(user), user.with_user(user)._chikaya_home_action()["id"]
                )
        settings = self.env.ref("chikaya_complaints.chikaya_config_settings_action")
        original = ResUsers._chikaya_home_action

        def by_role(user):
            if user._chikaya_role() == "supervisor":
                return settings._get_action_dict()
            return original(user)

        with patch.object(ResUsers, "_chikaya_home_action", by_role):
            self.assertEqual(self.landing(self.supervisor), settings.id)
            self.assertEqual(self.landing(self.handler_a), self.kanban.id)

    def test_assignment_sets_the_home_action(self):
        """A user made a handler by an assignment gets the home action; an administrator's
        own choice is kept; a user who loses every role loses it."""
        user = new_test_user(self.env, "t_new_handler", groups="base.group_user")
        self.assertFalse(user.action_id)
        assignment = self.env["chikaya.handler"].create(
            {"user_id": user.id, "collectivity_ids": [(6, 0, self.commune_b.ids)]}
        )
        self.assertEqual(user.action_id, self.home)
        self.assertEqual(self.landing(user), self.kanban.id)
        assignment.unlink()
        user.write({"group_ids": [(3, self.env.ref(GROUP + "handler").id)]})
        self.assertFalse(user._chikaya_role())
        self.assertFalse(user.action_id)
        chosen = self.env["ir.actions.actions"].browse(
            self.env.ref("chikaya_complaints.chikaya_handler_action").id
        )
        other = new_test_user(self.env, "t_other", groups="base.group_user")
        other.action_id = chosen
        self.env["chikaya.handler"].create(
            {"user_id": other.id, "collectivity_ids": [(6, 0, self.commune_b.ids)]}
        )
        self.assertEqual(other.action_id, chosen)

    def test_manager_by_groups_gets_the_home_action(self):
        user = new_test_user(self.env, "t_new_manager", groups="base.group_user")
        user.write({"group_ids": [(4, self.env.ref(GROUP + "manager").id)]})
        self.assertEqual(user.action_id, self.home)

    def test_handler_signs_in_on_the_kanban(self):
        """In the web client: a handler who opens /odoo sees their complaints' kanban."""
        self.make_complaint(subject="Home: lamp post down")
        self.start_tour("/odoo", "chikaya_portal_home_handler_tour", login="t_handler_a")
