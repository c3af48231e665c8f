from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ChikayaPortalCase


@tagged("post_install", "-at_install")
class TestFaq(ChikayaPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Faq = cls.env["chikaya.faq"]
        # Only this test's questions on the page (the data file's are archived here).
        Faq.search([]).action_archive()
        cls.other_theme = cls.env["chikaya.theme"].create({"name": "Test water"})
        cls.faq_general = Faq.create(
            {"question": "How do I follow my request?", "answer": "<p>With the code.</p>"}
        )
        cls.faq_lighting = Faq.create(
            {
                "question": "Who repairs street lights?",
                "answer": "<p>The commune repairs them.</p>",
                "theme_id": cls.theme.id,
            }
        )
        cls.faq_water = Faq.create(
            {
                "question": "Water cut without notice?",
                "answer": "<p>Tell the commune <script>alert(1)</script>.</p>",
                "theme_id": cls.other_theme.id,
            }
        )
        cls.faq_archived = Faq.create(
            {"question": "An old question about lamps", "answer": "<p>Old.</p>", "active": False}
        )
        cls.public_user = cls.env.ref("base.public_user")
        cls.internal_user = new_test_user(cls.env, "t_faq_internal", groups="base.group_user")

    def test_rights(self):
        Faq = self.env["chikaya.faq"]
        # Administrators of Chikaya: full rights.
        faq = Faq.with_user(self.admin).create({"question": "New?", "answer": "<p>Yes.</p>"})
        faq.with_user(self.admin).write({"question": "New question?"})
        faq.with_user(self.admin).unlink()
        for user in (self.citizen, self.public_user, self.internal_user, self.handler_a):
            with self.subTest(user=user.login):
                as_user = Faq.with_user(user)
                self.assertIn(self.faq_general, as_user.search([]))
                with self.assertRaises(AccessError):
                    as_user.create({"question": "Spam?", "answer": "<p>Spam</p>"})
                with self.assertRaises(AccessError):
                    self.faq_general.with_user(user).write({"question": "Changed"})
                with self.assertRaises(AccessError):
                    self.faq_general.with_user(user).unlink()
        # Visitors and citizens never read archived questions, even when asking for them.
        for user in (self.citizen, self.public_user):
            with self.subTest(user=user.login):
                found = Faq.with_user(user).with_context(active_test=False).search([])
                self.assertNotIn(self.faq_archived, found)
        self.assertIn(
            self.faq_archived,
            Faq.with_user(self.admin).with_context(active_test=False).search([]),
        )

    def test_answer_sanitized(self):
        self.assertNotIn("<script", self.faq_water.answer)

    def test_public_page_grouped(self):
        response = self.url_open("/complaints/faq")
        self.assertEqual(response.status_code, 200)
        html = response.text
        for faq in (self.faq_general, self.faq_lighting, self.faq_water):
            self.assertIn(faq.question, html)
        self.assertNotIn(self.faq_archived.question, html)
        self.assertNotIn("<script>alert(1)", html)
        # Grouped by theme: each theme's heading comes before its questions.
        self.assertIn("Test lighting", html)
        self.assertIn("Test water", html)
        self.assertLess(html.index("Test lighting"), html.index(self.faq_lighting.question))
        self.assertLess(html.index("Test water"), html.index(self.faq_water.question))
        self.assertLess(html.index(self.faq_general.question), html.index("Test lighting"))

    def test_search(self):
        response = self.url_open("/complaints/faq?search=street+light")
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn(self.faq_lighting.question, html)
        self.assertNotIn(self.faq_general.question, html)
        self.assertNotIn(self.faq_water.question, html)
        self.assertIn('value="street light"', html)
        # In the answers too.
        html = self.url_open("/complaints/faq?search=repairs+them").text
        self.assertIn(self.faq_lighting.question, html)
        # The archived one is never found; no result is said.
        html = self.url_open("/complaints/faq?search=old+question").text
        self.assertNotIn(self.faq_archived.question, html)
        self.assertIn('id="chikaya_faq_no_result"', html)

    def test_data_translated(self):
        """The starting questions and answers come in French and Arabic (i18n/*.po)."""
        faq = self.env.ref("chikaya_portal.faq_deadline")
        self.assertEqual(
            faq.with_context(lang="fr_FR").question,
            "De combien de temps la collectivité dispose-t-elle pour répondre ?",
        )
        self.assertEqual(
            faq.with_context(lang="ar_001").question, "ما هي المدة التي تتوفر عليها الجماعة للرد؟"
        )
        self.assertIn("Le décret 2.17.265 donne", faq.with_context(lang="fr_FR").answer)
        self.assertIn("يمنح المرسوم 2.17.265", faq.with_context(lang="ar_001").answer)
        self.assertIn("Decree 2.17.265 gives", faq.with_context(lang="en_US").answer)
