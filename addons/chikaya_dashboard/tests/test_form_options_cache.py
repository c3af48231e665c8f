from markupsafe import escape

from odoo.tests import tagged

from odoo.addons.chikaya_complaints.tests.common import ChikayaCase


@tagged("post_install", "-at_install")
class TestFormOptionsCache(ChikayaCase):
    """The filing form's lists (chikaya_portal's chikaya.complaint.submission
    `_get_form_options`) are built once per language and kept in the registry's cache;
    an administrator's change of the territory or of the themes shows at once.

    (Here rather than in chikaya_portal's tests: the cache and its invalidation by
    chikaya.collectivity and chikaya.theme were built with the public figures, for the
    national scale.)"""

    def options(self, lang="fr_FR"):
        return self.env["chikaya.complaint.submission"].with_context(lang=lang)._get_form_options()

    @staticmethod
    def themes(options):
        return {theme["name"] for theme in options["themes"]}

    @staticmethod
    def communes(options, province):
        return {
            unit["name"]
            for parent, units in options["commune_groups"]
            if parent["id"] == province.id
            for unit in units
        }

    def test_built_once_per_language(self):
        french = self.options("fr_FR")
        with self.assertQueryCount(0):
            self.assertEqual(self.options("fr_FR"), french)
        arabic = self.options("ar_001")
        self.assertIn("Commune A", self.communes(french, self.province))
        self.assertIn("جماعة أ", self.communes(arabic, self.province))
        self.assertNotIn("Commune A", self.communes(arabic, self.province))
        # the same lists whoever displays the form first
        public = self.env.ref("base.public_user")
        self.env.registry.clear_cache()
        as_visitor = (
            self.env["chikaya.complaint.submission"]
            .with_user(public)
            .with_context(lang="fr_FR")
            ._get_form_options()
        )
        self.assertEqual(as_visitor, french)

    def test_an_administrators_changes_show_at_once(self):
        self.options("fr_FR")  # cached
        admin_env = self.env(user=self.admin)
        theme = self.theme.with_env(admin_env)
        theme.name = "Test public lighting"
        self.assertIn("Test public lighting", self.themes(self.options()))
        self.assertNotIn("Test lighting", self.themes(self.options()))
        theme.action_archive()
        self.assertNotIn("Test public lighting", self.themes(self.options()))
        new_theme = admin_env["chikaya.theme"].create({"name": "Test markets"})
        self.assertIn("Test markets", self.themes(self.options()))
        # a translation of a theme's name, from the translation dialog (no write())
        self.options("ar_001")
        new_theme.update_field_translations("name", {"ar_001": "الأسواق"})
        self.assertIn("الأسواق", self.themes(self.options("ar_001")))
        # a new commune, a renamed one, a removed one
        collectivity = admin_env["chikaya.collectivity"]
        collectivity.create(
            {
                "code": "97.001.01.03",
                "name": "Commune D",
                "type": "rural",
                "parent_id": self.province.id,
            }
        )
        self.assertIn("Commune D", self.communes(self.options(), self.province))
        self.commune_b.with_env(admin_env).name = "Commune B renamed"
        self.assertIn("Commune B renamed", self.communes(self.options(), self.province))
        self.commune_c.with_env(admin_env).name_ar = "جماعة ج"
        self.assertIn("جماعة ج", self.communes(self.options("ar_001"), self.province_2))
        self.commune_b.with_env(admin_env).action_archive()
        self.assertNotIn("Commune B renamed", self.communes(self.options(), self.province))

    def test_written_lists_follow_the_lists(self):
        """The <optgroup>s written once per language (what the form shows when nothing is
        chosen) hold exactly the lists' units, grouped by parent, escaped, and follow an
        administrator's change like the lists."""
        options = self.options()
        html = str(options["commune_options_html"])
        for parent, units in options["commune_groups"]:
            label = escape(parent["name"])
            self.assertIn(f'<optgroup label="{label}" data-parent="{parent["id"]}">', html)
            for unit in units:
                self.assertIn(f'<option value="{unit["id"]}">{escape(unit["name"])}</option>', html)
        self.assertEqual(
            html.count("<option "), sum(len(units) for _p, units in options["commune_groups"])
        )
        self.assertEqual(
            str(options["province_options_html"]).count("<option "),
            sum(len(units) for _p, units in options["province_groups"]),
        )
        self.commune_b.with_env(self.env(user=self.admin)).name = 'Commune "B" <b>&'
        html = str(self.options()["commune_options_html"])
        self.assertIn(
            f'<option value="{self.commune_b.id}">Commune &#34;B&#34; &lt;b&gt;&amp;</option>', html
        )
        self.assertNotIn("<b>&", html)
