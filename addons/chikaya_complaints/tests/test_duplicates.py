from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ChikayaCase, ChikayaRpcCase

LIGHT = (
    "Street light out in front of number 12",
    "The street light in front of number 12, Avenue des FAR, has been out for a week; the "
    "street is dark at night.",
)
LIGHT_AGAIN = (
    "Street light out at number 12",
    "The street light in front of number 12 Avenue des FAR is out for a week, the street is "
    "dark at night.",
)
GARBAGE = (
    "Garbage not collected",
    "Nobody has collected the household waste in our neighbourhood since Monday.",
)
POTHOLE = (
    "Deep pothole near the school",
    "A deep pothole near the primary school on Rue 5 damages cars and is dangerous.",
)


class DuplicatesCase(ChikayaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.theme_2 = cls.env["chikaya.theme"].create({"name": "Test roads"})

        def make(text, **overrides):
            return cls.make_complaint(subject=text[0], description=text[1], **overrides)

        cls.light = make(LIGHT, latitude=34.0, longitude=-6.8)
        cls.garbage = make(GARBAGE)
        cls.pothole = make(POTHOLE, kind="observation", citizen_name="Obs Citizen")
        cls.light_other_commune = make(LIGHT, collectivity_id=cls.commune_b.id)
        cls.light_other_theme = make(LIGHT, theme_id=cls.theme_2.id)
        cls.light_closed = make(LIGHT)
        cls.light_closed.action_start()
        cls.light_closed.response = "Repaired."
        cls.light_closed.action_answer()
        cls.light_closed.action_close()

    def supporter_mails(self, address):
        """The emails telling supporters of an answer sent to `address` (Odoo gives the
        address to the contact who has it, if any, as a recipient)."""
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "chikaya.complaint.supporter")])
            .filtered(
                lambda m: address in (m.email_to or "")
                or address in m.recipient_ids.mapped("email")
            )
        )

    def look_alikes(self, text, commune=None, theme=None, **kw):
        return self.env["chikaya.complaint"]._public_look_alikes(
            (commune or self.commune_a).id, (theme or self.theme).id, " ".join(text), **kw
        )


@tagged("post_install", "-at_install")
class TestDuplicates(DuplicatesCase):
    def test_near_identical_found_unrelated_not(self):
        found = [row["number"] for row in self.look_alikes(LIGHT_AGAIN)]
        self.assertEqual(found, [self.light.name])
        self.assertEqual(self.look_alikes(("Noisy neighbours", "Music all night long.")), [])

    def test_other_communes_themes_and_closed_never_proposed(self):
        found = {row["number"] for row in self.look_alikes(LIGHT)}
        self.assertNotIn(self.light_other_commune.name, found)
        self.assertNotIn(self.light_other_theme.name, found)
        self.assertNotIn(self.light_closed.name, found)
        found_b = {row["number"] for row in self.look_alikes(LIGHT, commune=self.commune_b)}
        self.assertEqual(found_b, {self.light_other_commune.name})

    def test_reclamation_text_and_identity_never_shown(self):
        rows = self.look_alikes(LIGHT_AGAIN, latitude=34.01, longitude=-6.8)
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(
            set(row),
            {"number", "kind", "received_date", "supporter_count", "subject", "distance_km"},
        )
        self.assertFalse(row["subject"], "a réclamation's subject is not shown")
        flat = repr(rows)
        for secret in ("Amina", "AB123456", "amina@example.ma", "0612345678", "Avenue des FAR"):
            self.assertNotIn(secret, flat)
        self.assertAlmostEqual(row["distance_km"], 1.11, places=1)

    def test_observation_subject_shown(self):
        rows = self.look_alikes(POTHOLE)
        self.assertEqual([r["number"] for r in rows], [self.pothole.name])
        self.assertEqual(rows[0]["subject"], POTHOLE[0])
        self.assertNotIn("Obs Citizen", repr(rows))
        self.assertIs(rows[0]["distance_km"], False)

    def test_handlers_see_suspected_duplicates_in_their_scope(self):
        copy = self.make_complaint(subject=LIGHT_AGAIN[0], description=LIGHT_AGAIN[1])
        similar = copy.with_user(self.handler_a).similar_complaint_ids
        self.assertIn(self.light, similar)
        self.assertIn(self.light_closed, similar, "done recently: still a suspect for handlers")
        self.assertNotIn(self.garbage, similar)
        self.assertNotIn(self.light_other_commune, similar)

    def test_support_once_per_address(self):
        self.light._add_supporter("Karim@Example.ma")
        self.light._add_supporter("karim@example.ma")
        self.assertEqual(self.light.supporter_count, 1)
        self.assertEqual(self.light.supporter_ids.email, "karim@example.ma")
        with self.assertRaises(UserError):
            self.light._add_supporter("not an address")

    def test_supporters_told_of_the_answer(self):
        self.light._add_supporter("karim@example.ma")
        self.pothole._add_supporter("salma@example.ma")
        for complaint, text in ((self.light, "Lamp replaced."), (self.pothole, "Filled.")):
            complaint.action_start()
            complaint.response = text
            complaint.action_answer()
        by_address = {
            address: self.supporter_mails(address)
            for address in ("karim@example.ma", "salma@example.ma")
        }
        self.assertEqual([len(mail) for mail in by_address.values()], [1, 1])
        karim = by_address["karim@example.ma"]
        self.assertIn(self.light.name, karim.subject)
        # a réclamation's answer speaks to its citizen: a supporter is told it was answered
        self.assertNotIn("Lamp replaced.", str(karim.body_html))
        self.assertNotIn("Amina", str(karim.body_html))
        self.assertIn("Filled.", str(by_address["salma@example.ma"].body_html))


@tagged("post_install", "-at_install")
class TestMerge(DuplicatesCase):
    def setUp(self):
        super().setUp()
        self.duplicate = self.make_complaint(
            subject=LIGHT_AGAIN[0],
            description=LIGHT_AGAIN[1],
            partner_id=self.citizen_2.partner_id.id,
            citizen_name="Karim Citizen",
            citizen_email="karim@example.ma",
        )
        self.env["ir.attachment"].create(
            {
                "name": "photo.png",
                "raw": b"\x89PNG....",
                "res_model": "chikaya.complaint",
                "res_id": self.duplicate.id,
            }
        )
        self.duplicate._add_supporter("salma@example.ma")
        self.duplicate.message_subscribe(partner_ids=self.handler_a.partner_id.ids)

    def test_merge_moves_followers_and_keeps_both(self):
        messages_before = len(self.duplicate.message_ids)
        self.duplicate.with_user(self.handler_a).action_merge_into(self.light.id)
        self.assertTrue(self.duplicate.exists() and self.light.exists())
        self.assertEqual(self.duplicate.state, "rejected")
        self.assertEqual(self.duplicate.rejection_reason_id, self.reason)
        self.assertIn(self.light.name, self.duplicate.rejection_note)
        self.assertEqual(self.duplicate.duplicate_of_id, self.light)
        self.assertGreater(len(self.duplicate.message_ids), messages_before)
        self.assertEqual(len(self.duplicate.attachment_ids), 1)
        supporters = self.light.supporter_ids
        self.assertEqual(set(supporters.mapped("email")), {"karim@example.ma", "salma@example.ma"})
        karim = supporters.filtered(lambda s: s.email == "karim@example.ma")
        self.assertEqual(karim.partner_id, self.citizen_2.partner_id)
        self.assertTrue(karim.show_answer)
        self.assertEqual(self.light.supporter_count, 2)
        self.assertIn(self.handler_a.partner_id, self.light.message_partner_ids)
        self.assertNotIn(self.citizen_2.partner_id, self.light.message_partner_ids)
        # the duplicate's citizen gets the kept complaint's answer
        self.light.action_start()
        self.light.response = "Lamp replaced."
        self.light.action_answer()
        mail = self.supporter_mails("karim@example.ma")
        self.assertEqual(len(mail), 1)
        self.assertIn("Lamp replaced.", str(mail.body_html))

    def test_merge_refused_outside_scope(self):
        with self.assertRaises(AccessError):
            self.duplicate.with_user(self.handler_b).action_merge_into(self.light.id)
        with self.assertRaises(AccessError):  # B's own complaint into A's: A is not theirs
            self.light_other_commune.with_user(self.handler_b).action_merge_into(self.light.id)
        with self.assertRaises(AccessError):  # managers read, they do not write
            self.duplicate.with_user(self.manager).action_merge_into(self.light.id)
        self.assertEqual(self.duplicate.state, "new")
        self.assertEqual(self.light_other_commune.state, "new")

    def test_merge_refusals(self):
        with self.assertRaises(UserError):
            self.duplicate.with_user(self.handler_a).action_merge_into(self.duplicate.id)
        with self.assertRaises(UserError):  # a done complaint cannot be rejected
            self.light_closed.with_user(self.handler_a).action_merge_into(self.light.id)

    def test_wizard(self):
        wizard = (
            self.env["chikaya.complaint.merge"]
            .with_user(self.handler_a)
            .create({"duplicate_id": self.duplicate.id, "target_id": self.light.id})
        )
        self.assertIn(self.light, wizard.similar_complaint_ids)
        wizard.action_confirm()
        self.assertEqual(self.duplicate.duplicate_of_id, self.light)


@tagged("post_install", "-at_install")
class TestDuplicatesOverRpc(ChikayaRpcCase):
    """The attacks over JSON-RPC: merging another collectivity's complaint, writing the
    fields the merge owns, creating supporters, calling the private helpers."""

    def setUp(self):
        super().setUp()
        self.kept = self.make_complaint(subject=LIGHT[0], description=LIGHT[1])
        self.dup = self.make_complaint(subject=LIGHT_AGAIN[0], description=LIGHT_AGAIN[1])
        self.other = self.make_complaint(collectivity_id=self.commune_b.id)

    def test_merge_over_rpc(self):
        _res, error = self.rpc(
            "t_handler_b", "chikaya.complaint", "action_merge_into", [self.dup.id], self.kept.id
        )
        self.assert_refused(error)
        _res, error = self.rpc(
            "t_handler_b", "chikaya.complaint", "action_merge_into", [self.other.id], self.kept.id
        )
        self.assert_refused(error)
        self.assertEqual(self.dup.state, "new")
        res, error = self.rpc(
            "t_handler_a", "chikaya.complaint", "action_merge_into", [self.dup.id], self.kept.id
        )
        self.assertIsNone(error)
        self.assertEqual(self.dup.state, "rejected")
        self.assertEqual(self.dup.duplicate_of_id, self.kept)

    def test_fields_of_the_merge_not_written_directly(self):
        for vals in ({"duplicate_of_id": self.kept.id}, {"supporter_count": 99}):
            with self.subTest(vals=vals):
                _res, error = self.rpc(
                    "t_handler_a", "chikaya.complaint", "write", [self.dup.id], vals
                )
                self.assert_refused(error, "odoo.exceptions.UserError")
        _res, error = self.rpc(
            "t_handler_a",
            "chikaya.complaint.supporter",
            "create",
            {"complaint_id": self.kept.id, "email": "x@example.ma"},
        )
        self.assert_refused(error)
        _res, error = self.rpc(
            "t_handler_a", "chikaya.complaint", "_add_supporter", [self.kept.id], "x@example.ma"
        )
        self.assertTrue(error, "a private method is not callable over RPC")
        self.assertEqual(self.kept.supporter_count, 0)
