from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.chikaya_complaints.tests.common import ChikayaCase


@tagged("post_install", "-at_install")
class TestOpen311ApiKey(ChikayaCase):
    """The keys of client applications: administrators only, kept as an HMAC (the plain key
    is in no column), shown once, revocable for good."""

    def test_key_is_stored_hashed(self):
        api_key = self.env["chikaya.open311.api.key"].with_user(self.admin).create({"name": "App"})
        plain = api_key.new_key
        self.assertRegex(plain, r"^[A-Za-z0-9_-]{43}$")
        self.assertEqual(api_key.key_prefix, plain[:6])
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT row_to_json(k)::text FROM chikaya_open311_api_key k WHERE id = %s",
            (api_key.id,),
        )
        row = self.env.cr.fetchone()[0]
        self.assertNotIn(plain, row)
        self.assertNotIn(plain[6:], row)
        Key = self.env["chikaya.open311.api.key"]
        self.assertEqual(Key._authenticate(plain), api_key)
        self.assertFalse(
            Key._authenticate(plain.upper() if plain != plain.upper() else plain + "x")
        )
        # another request (another cursor) never sees the plain key again
        with self.env.registry.cursor() as cr:
            self.assertFalse(self.env(cr=cr)["chikaya.open311.api.key"].browse(api_key.id).new_key)

    def test_only_administrators(self):
        api_key = self.env["chikaya.open311.api.key"].create({"name": "App"})
        for user in (self.handler_a, self.supervisor, self.manager, self.citizen):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["chikaya.open311.api.key"].with_user(user).search_read(
                    [("id", "=", api_key.id)], ["name"]
                )
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["chikaya.open311.api.key"].with_user(user).create({"name": "Mine"})
        self.assertEqual(
            api_key.with_user(self.admin).read(["name"]), [{"id": api_key.id, "name": "App"}]
        )

    def test_revoke_for_good(self):
        api_key = self.env["chikaya.open311.api.key"].with_user(self.admin).create({"name": "App"})
        plain = api_key.new_key
        api_key.action_revoke()
        self.assertFalse(api_key.active)
        self.assertEqual(api_key.revoked_by_id, self.admin)
        self.assertTrue(api_key.revoked_date)
        self.assertFalse(self.env["chikaya.open311.api.key"]._authenticate(plain))
        with self.assertRaises(UserError):
            api_key.action_unarchive()
        for vals in ({"active": True}, {"revoked_date": False}, {"key_hash": "x"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                api_key.write(vals)
        # name and limit stay editable
        api_key.write({"name": "App (old)", "rate_limit": 5})
        self.assertEqual(api_key.name, "App (old)")
