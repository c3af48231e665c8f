from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ChikayaCase

HEADER = "code,name_fr,name_ar,type,parent_code\n"


@tagged("post_install", "-at_install")
class TestCollectivityLoad(ChikayaCase):
    def load(self, body, header=HEADER):
        return self.env["chikaya.collectivity"]._load_csv((header + body).encode())

    def units(self, prefix="98"):
        return (
            self.env["chikaya.collectivity"]
            .with_context(active_test=False)
            .search([("code", "=like", prefix + "%")])
        )

    def test_any_order_and_idempotent(self):
        # Children before their parents, on purpose.
        body = (
            "98.100.01.01,Ville Neuve,المدينة الجديدة,urban,98.100\n"
            "98.100.01.02,Douar Bas,الدوار السفلي,rural,98.100\n"
            "98.100,Province Nouvelle,الإقليم الجديد,province,98\n"
            "98,Région Nouvelle,الجهة الجديدة,region,\n"
        )
        result = self.load(body)
        self.assertEqual(result["errors"], [])
        self.assertEqual((result["created"], result["updated"]), (4, 0))
        units = self.units()
        self.assertEqual(len(units), 4)
        commune = units.filtered(lambda u: u.code == "98.100.01.01")
        self.assertEqual(commune.parent_id.code, "98.100")
        self.assertEqual(commune.province_id.code, "98.100")
        self.assertEqual(commune.region_id.code, "98")
        self.assertEqual(commune.name_ar, "المدينة الجديدة")

        again = self.load(body)
        self.assertEqual((again["created"], again["updated"], again["unchanged"]), (0, 0, 4))
        self.assertEqual(len(self.units()), 4)

        renamed = self.load(body.replace("Douar Bas", "Douar Haut"))
        self.assertEqual((renamed["created"], renamed["updated"]), (0, 1))
        self.assertEqual(len(self.units()), 4)
        self.assertEqual(
            self.units().filtered(lambda u: u.code == "98.100.01.02").name, "Douar Haut"
        )

    def test_bad_rows_reported_rest_untouched(self):
        self.load("98,Région Nouvelle,,region,\n98.100,Province Nouvelle,,province,98\n")
        province = self.units().filtered(lambda u: u.code == "98.100")
        body = (
            "98.100,Province Renommée,,province,98\n"  # fine: updates
            "98.100.01.01,Ville,,urban,98.100\n"  # fine: created
            "98.100.01.02,Sans type,,village,98.100\n"  # unknown type
            "98.100.01.03,,,urban,98.100\n"  # no name
            "98.999.01.01,Orpheline,,rural,98.999\n"  # unknown parent
            "9x.1,Mauvais code,,region,\n"  # malformed code
            "98.200,Province sous commune,,province,98.100.01.01\n"  # wrong parent type
            "98.300,Rejetée,,province,\n"  # parent missing
            "98.300.01.01,Enfant de rejetée,,rural,98.300\n"  # parent rejected
            "98.100.01.01,Doublon,,urban,98.100\n"  # duplicate code
        )
        result = self.load(body)
        self.assertEqual((result["created"], result["updated"]), (1, 1))
        self.assertEqual(len(result["errors"]), 8, result["errors"])
        joined = "\n".join(result["errors"])
        for expected in (
            "unknown type",
            "French name is missing",
            "98.999 is unknown",
            "HCP code",
            "cannot be under",
            "parent code is missing",
            "98.300 is unknown or rejected",
            "appears twice",
        ):
            self.assertIn(expected, joined)
        self.assertIn("Line 5 (98.100.01.03)", joined)
        codes = set(self.units().mapped("code"))
        self.assertEqual(codes, {"98", "98.100", "98.100.01.01"})
        self.assertEqual(province.name, "Province Renommée")

    def test_missing_columns(self):
        with self.assertRaises(UserError):
            self.load("98,Région,region\n", header="code,name_fr,type\n")

    def test_import_wizard_reports(self):
        import base64

        wizard = self.env["chikaya.collectivity.import"].create(
            {
                "file": base64.b64encode(
                    (HEADER + "98,Région Nouvelle,,region,\n98.1,x,,province,98\n").encode()
                ),
            }
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertIn("1 created", wizard.report)
        self.assertIn("1 rejected", wizard.report)

    def test_official_territory_loaded(self):
        Unit = self.env["chikaya.collectivity"].with_context(active_test=False)
        counts = dict(
            (t, c)
            for t, c in Unit._read_group(
                [("region_id.code", "not in", ["97", "98"])], ["type"], ["__count"]
            )
        )
        self.assertEqual(counts["region"], 12)
        self.assertEqual(
            counts["prefecture"] + counts["province"] + counts["prefecture_of_arrondissements"], 83
        )
        self.assertEqual(counts["urban"] + counts["rural"], 1503)
        self.assertEqual(counts["arrondissement"], 41)
        salé = Unit.search([("code", "=", "04.441.01.0")])
        self.assertEqual((salé.name, salé.name_ar), ("Salé", "سلا"))
        self.assertEqual(salé.province_id.code, "04.441")
        self.assertEqual(salé.region_id.code, "04")
