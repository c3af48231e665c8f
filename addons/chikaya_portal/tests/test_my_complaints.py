from odoo.tests import new_test_user, tagged

from .common import ChikayaPortalCase


@tagged("post_install", "-at_install")
class TestMyComplaints(ChikayaPortalCase):
    """/my/complaints: the portal home tile, the list (own complaints only, search, state
    filter, sorting), the detail page and who may open it; the sign-up setting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # filed while signed in: in the citizen's account
        mine = {"partner_id": cls.citizen.partner_id.id}
        cls.mine_open = cls.make_complaint(subject="Street light out", **mine)
        cls.mine_open.action_start()
        cls.mine_answered = cls.make_complaint(subject="Garbage not collected", **mine)
        cls.mine_answered.action_start()
        cls.mine_answered.response = "Collected this morning."
        cls.mine_answered.action_answer()
        cls.theirs = cls.make_complaint(
            subject="Noise at night",
            citizen_name="Karim Citizen",
            citizen_email="karim@example.ma",
            citizen_id_number="K98765",
            partner_id=cls.citizen_2.partner_id.id,
        )

    def my_list(self, **params):
        response = self.url_open("/my/complaints", params=params)
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_email_alone_links_no_complaint(self):
        """A complaint registered with an account's email, without proof, is not linked to
        that account: it gets a contact of its own (see test_account_proof)."""
        letter = self.make_complaint(channel="paper", subject="By letter", partner_id=False)
        self.assertEqual(letter.citizen_email, self.citizen.email)
        self.assertNotEqual(letter.partner_id, self.citizen.partner_id)
        self.assertFalse(letter.partner_id.user_ids)

    def test_account_created_later_does_not_claim_complaints(self):
        """A complaint filed without an account stays with the contact created for it: an
        account opened later with the same email (Odoo's sign-up makes a new contact and does
        not verify the address) does not see it; its tracking pair still opens it."""
        earlier = self.make_complaint(
            subject="Pothole", citizen_email="nadia@example.ma", citizen_id_number="N12345"
        )
        nadia = new_test_user(
            self.env, "t_nadia", groups="base.group_portal", email="nadia@example.ma"
        )
        self.assertNotEqual(earlier.partner_id, nadia.partner_id)
        self.authenticate("t_nadia", "t_nadia")
        self.assertNotIn(earlier.name, self.my_list())
        response = self.url_open(f"/my/complaints/{earlier.id}")
        self.assertEqual(response.status_code, 404)

    def test_anonymous_is_sent_to_login(self):
        response = self.url_open("/my/complaints", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        response = self.url_open(f"/my/complaints/{self.mine_open.id}", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_home_tile_count(self):
        self.authenticate("t_citizen1", "t_citizen1")
        home = self.url_open("/my")
        # the tile, whose count /my/counters fills in
        self.assertIn('data-placeholder_count="complaint_count"', home.text)
        self.assertIn('href="/my/complaints"', home.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["complaint_count"]})
        self.assertEqual(counters["complaint_count"], 2)
        self.authenticate("t_citizen2", "t_citizen2")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["complaint_count"]})
        self.assertEqual(counters["complaint_count"], 1)

    def test_list_shows_own_complaints_only(self):
        self.authenticate("t_citizen1", "t_citizen1")
        page = self.my_list()
        self.assertIn(self.mine_open.name, page)
        self.assertIn(self.mine_answered.name, page)
        self.assertNotIn(self.theirs.name, page)
        self.assertNotIn("Noise at night", page)

    def test_search_and_filter(self):
        self.authenticate("t_citizen1", "t_citizen1")
        page = self.my_list(search="garbage")
        self.assertIn(self.mine_answered.name, page)
        self.assertNotIn(self.mine_open.name, page)
        page = self.my_list(search=self.mine_open.name)
        self.assertIn(self.mine_open.name, page)
        self.assertNotIn(self.mine_answered.name, page)
        page = self.my_list(filterby="answered")
        self.assertIn(self.mine_answered.name, page)
        self.assertNotIn(self.mine_open.name, page)
        page = self.my_list(filterby="open")
        self.assertIn(self.mine_open.name, page)
        self.assertNotIn(self.mine_answered.name, page)
        page = self.my_list(search="Noise")  # another citizen's: never found
        self.assertIn('id="chikaya_my_empty"', page)
        self.assertNotIn(self.theirs.name, page)
        page = self.my_list(filterby="'; DROP TABLE", sortby="nonsense")  # unknown: defaults
        self.assertIn(self.mine_open.name, page)

    def test_sorting(self):
        self.authenticate("t_citizen1", "t_citizen1")
        first, second = self.mine_open.name, self.mine_answered.name
        self.assertLess(first, second)
        page = self.my_list(sortby="number")
        self.assertLess(page.index(first), page.index(second))
        page = self.my_list(sortby="date")  # same day: the newest first
        self.assertLess(page.index(second), page.index(first))
        page = self.my_list(sortby="state")  # answered < in_progress
        self.assertLess(page.index(second), page.index(first))

    def test_detail(self):
        self.authenticate("t_citizen1", "t_citizen1")
        response = self.url_open(f"/my/complaints/{self.mine_answered.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'data-complaint-number="{self.mine_answered.name}"', response.text)
        self.assertIn("Collected this morning.", response.text)
        self.assertIn('id="chikaya_rate_form"', response.text)

    def test_other_citizens_complaint_is_not_found(self):
        self.authenticate("t_citizen1", "t_citizen1")
        response = self.url_open(f"/my/complaints/{self.theirs.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Noise at night", response.text)
        response = self.url_open(
            f"/my/complaints/{self.theirs.id}", params={"access_token": "WRONGTOKEN12"}
        )
        self.assertEqual(response.status_code, 404)
        response = self.url_open("/my/complaints/999999999")
        self.assertEqual(response.status_code, 404)

    def test_access_token(self):
        """Without an account, the access code opens /my/complaints/<id> (portal links);
        a wrong one is a 404."""
        response = self.url_open(
            f"/my/complaints/{self.theirs.id}", params={"access_token": self.theirs.new_access_code}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Noise at night", response.text)
        response = self.url_open(
            f"/my/complaints/{self.theirs.id}", params={"access_token": "WRONGTOKEN12"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Noise at night", response.text)

    def test_sign_up_is_open(self):
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("auth_signup.invitation_scope"), "b2c")
        self.assertEqual(self.env["res.users"]._get_signup_invitation_scope(), "b2c")
        response = self.url_open("/web/signup")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="login"', response.text)
