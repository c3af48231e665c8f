"""A complaint reaches a portal account only through proof (issue: trust boundaries, part 1),
attacked as a hostile citizen would: open an account with the victim's address through
Odoo's own sign-up, and wait for the bureau d'ordre to register the victim's letter."""

import re
from urllib.parse import parse_qs, urlsplit

from odoo.modules.module import load_script
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools.misc import file_path

from odoo.addons.chikaya_complaints.tests.common import ChikayaRpcCase

from .common import ChikayaPortalCase

VICTIM = "victim@example.ma"


@tagged("post_install", "-at_install")
class TestAccountProof(ChikayaRpcCase, ChikayaPortalCase):
    def sign_up(self, login, email):
        """An account opened with Odoo's sign-up form (no check of the address)."""
        self.authenticate(None, None)
        page = self.url_open("/web/signup")
        self.assertEqual(page.status_code, 200)
        response = self.url_open(
            "/web/signup",
            data={
                "login": email,
                "name": login,
                "password": "Sup3r-secret!",
                "confirm_password": "Sup3r-secret!",
                "csrf_token": self.csrf_token(),
            },
        )
        self.assertEqual(response.status_code, 200)
        user = self.env["res.users"].search([("login", "=", email)])
        self.assertTrue(user, "the sign-up did not create the account")
        return user

    def register_letter(self, email, subject="Letter about the water"):
        """The bureau d'ordre registers a paper letter (the handler, over JSON-RPC)."""
        vals = self.complaint_vals(
            channel="paper",
            subject=subject,
            citizen_email=email,
            citizen_name="Victim",
            citizen_id_number="VV123456",
            partner_id=False,
        )
        vals.pop("partner_id")
        # as the bureau d'ordre's form saves it: the answer carries the access code, once
        result, error = self.rpc(
            "t_handler_a",
            "chikaya.complaint",
            "web_save",
            [],
            vals,
            specification={"name": {}, "new_access_code": {}},
        )
        self.assertFalse(error)
        complaint = self.env["chikaya.complaint"].browse(result[0]["id"])
        code = result[0]["new_access_code"]
        self.assertTrue(code)
        # and never again
        again, _error = self.rpc(
            "t_handler_a", "chikaya.complaint", "web_read", [complaint.id], {"new_access_code": {}}
        )
        self.assertFalse(again[0]["new_access_code"])
        return complaint, code

    def as_account(self, user):
        self.authenticate(user.login, "Sup3r-secret!")

    def my_list(self):
        response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_signed_up_with_victims_address_reads_nothing(self):
        attacker = self.sign_up("Attacker", VICTIM)
        letter, _code = self.register_letter(VICTIM)
        self.assertNotEqual(letter.partner_id, attacker.partner_id)
        self.assertFalse(letter.partner_id.user_ids)
        self.as_account(attacker)
        self.assertNotIn(letter.name, self.my_list())
        self.assertNotIn("VV123456", self.my_list())
        response = self.url_open(f"/my/complaints/{letter.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("VV123456", response.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["complaint_count"]})
        self.assertEqual(counters["complaint_count"], 0)
        # nor over JSON-RPC, nor by replying, rating or reopening
        found = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "chikaya.complaint",
                "method": "search_read",
                "args": [[("citizen_email", "=", VICTIM)], ["citizen_id_number"]],
                "kwargs": {},
            },
        )
        self.assertEqual(found, [])
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "chikaya.complaint",
                    "method": "read",
                    "args": [[letter.id], ["citizen_id_number"]],
                    "kwargs": {},
                },
            )
        for action in ("reply", "rate", "reopen"):
            response = self.url_open(
                f"/my/complaints/{letter.id}/{action}",
                data={"csrf_token": self.csrf_token(), "message": "x", "satisfaction": "satisfied"},
            )
            self.assertEqual(response.status_code, 404)
        # a second letter: still not linked
        second, _code = self.register_letter(VICTIM, subject="Second letter")
        self.assertNotEqual(second.partner_id, attacker.partner_id)

    def test_add_to_my_account_with_the_tracking_pair(self):
        citizen = self.sign_up("Real citizen", "real.citizen@example.ma")
        letter, code = self.register_letter("someone.else@example.ma")
        self.as_account(citizen)
        # a wrong code: refused, nothing linked
        wrong = "A" * 12 if code != "A" * 12 else "B" * 12
        response = self.url_open(
            "/my/complaints/add",
            data={"number": letter.name, "code": wrong, "csrf_token": self.csrf_token()},
        )
        self.assertEqual(response.status_code, 404)
        self.assertIn('data-find-error="not_found"', response.text)
        self.assertNotEqual(letter.partner_id, citizen.partner_id)
        # without the CSRF token: refused
        response = self.url_open("/my/complaints/add", data={"number": letter.name, "code": code})
        self.assertEqual(response.status_code, 400)
        self.assertNotEqual(letter.partner_id, citizen.partner_id)
        # the right pair: the complaint joins the account, the chatter says how
        response = self.url_open(
            "/my/complaints/add",
            data={"number": letter.name, "code": code.lower(), "csrf_token": self.csrf_token()},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn('data-find="added"', response.text)
        self.assertEqual(letter.partner_id, citizen.partner_id)
        self.assertIn(letter.name, self.my_list())
        self.assertIn(citizen.partner_id, letter.message_partner_ids)
        self.assertTrue(
            letter.message_ids.filtered(lambda m: citizen.partner_id.name in (m.body or ""))
        )
        # and not into a second account that also holds the pair
        other = self.sign_up("Other", "other.citizen@example.ma")
        self.as_account(other)
        response = self.url_open(
            "/my/complaints/add",
            data={"number": letter.name, "code": code, "csrf_token": self.csrf_token()},
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(letter.partner_id, citizen.partner_id)

    def proof_link(self, user):
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", user.partner_id.ids)], order="id desc", limit=1)
        )
        self.assertTrue(mail, "no proof email")
        match = re.search(r'href="([^"]*prove-email\?token=[^"]+)"', mail.body_html)
        self.assertTrue(match, mail.body_html)
        return urlsplit(match.group(1).replace("&amp;", "&"))

    def test_proven_email_brings_the_letters(self):
        citizen = self.sign_up("Proving citizen", "proving@example.ma")
        earlier, _code = self.register_letter("proving@example.ma", subject="Earlier letter")
        self.assertNotEqual(earlier.partner_id, citizen.partner_id)
        self.as_account(citizen)
        self.assertIn('action="/my/complaints/prove-email"', self.my_list())
        response = self.url_open(
            "/my/complaints/prove-email", data={"csrf_token": self.csrf_token()}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn('data-find="proof_sent"', response.text)
        link = self.proof_link(citizen)
        token = parse_qs(link.query)["token"][0]
        # the link proves nothing for another account, nor once altered
        intruder = self.sign_up("Intruder", "intruder@example.ma")
        self.as_account(intruder)
        for bad in (token, token[:-2] + "AA", "garbage", "\x00"):
            response = self.url_open("/my/complaints/prove-email", params={"token": bad})
            self.assertEqual(response.status_code, 400)
        self.assertNotEqual(earlier.partner_id, intruder.partner_id)
        self.assertNotEqual(earlier.partner_id, citizen.partner_id)
        # followed by the account that asked: the letters with that address join it
        self.as_account(citizen)
        response = self.url_open("/my/complaints/prove-email", params={"token": token})
        self.assertEqual(response.status_code, 200)
        self.assertIn('data-find="proof_done"', response.text)
        self.assertEqual(earlier.partner_id, citizen.partner_id)
        self.assertIn(earlier.name, response.text)
        # from now on, a letter registered with that address lands there directly
        later, _code = self.register_letter("proving@example.ma", subject="Later letter")
        self.assertEqual(later.partner_id, citizen.partner_id)
        # until the account changes its address: a proof holds for the address proven
        citizen.partner_id.sudo().email = "new.address@example.ma"
        after_change, _code = self.register_letter("new.address@example.ma", subject="After")
        self.assertNotEqual(after_change.partner_id, citizen.partner_id)

    def test_proof_emails_are_limited(self):
        citizen = self.sign_up("Flooder", "flooded@example.ma")
        self.as_account(citizen)
        statuses = [
            self.url_open(
                "/my/complaints/prove-email", data={"csrf_token": self.csrf_token()}
            ).status_code
            for _i in range(5)
        ]
        self.assertEqual(statuses, [200, 200, 200, 429, 429])
        self.assertEqual(
            self.env["mail.mail"]
            .sudo()
            .search_count(
                [
                    ("recipient_ids", "in", citizen.partner_id.ids),
                    ("body_html", "ilike", "prove-email?token="),
                ]
            ),
            3,
        )

    def test_complaints_filed_while_signed_in_stay(self):
        mine = self.make_complaint(subject="Filed while signed in")
        self.assertEqual(mine.partner_id, self.citizen.partner_id)
        self.authenticate("t_citizen1", "t_citizen1")
        self.assertIn(mine.name, self.my_list())

    def test_upgrade_moves_staff_letters_out_of_unproven_accounts(self):
        """Databases of before: the post-migration script takes the letters that the old
        email rule put in an account out of it; what the account filed itself stays."""
        filed = self.make_complaint(subject="Filed on the portal")
        letter = self.make_complaint(channel="paper", subject="Linked by the old rule")
        self.assertEqual(letter.partner_id, self.citizen.partner_id)
        # a code of before: in plain in access_token, and in the old acknowledgement's body
        old_code = "ABCDEFGHJKMN"
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE chikaya_complaint SET access_token = %s, access_code_hash = NULL WHERE id = %s",
            (old_code, filed.id),
        )
        old_ack = filed.message_post(body=f"Your access code is {old_code}.")
        self.env.flush_all()
        path = file_path("chikaya_complaints/migrations/19.0.1.1.0/post-migrate.py")
        load_script(path, "chikaya_complaints_post_migrate").migrate(self.env.cr, "19.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(filed.partner_id, self.citizen.partner_id)
        self.assertNotEqual(letter.partner_id, self.citizen.partner_id)
        self.assertFalse(letter.partner_id.user_ids)
        self.assertEqual(letter.partner_id.email, self.citizen.email)
        self.assertNotIn(self.citizen.partner_id, letter.message_partner_ids)
        # the old code still opens the complaint (the citizen has it), as an HMAC only
        self.assertFalse(filed.access_token)
        self.assertTrue(filed._check_access_code(old_code))
        self.assertNotIn(old_code, old_ack.body)
