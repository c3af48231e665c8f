import base64

from odoo import fields, models
from odoo.exceptions import UserError


class ChikayaCollectivityImport(models.TransientModel):
    """Load or update territorial units from a CSV (code,name_fr,name_ar,type,parent_code),
    for when boundaries change. The same loader as the official list on install."""

    _name = "chikaya.collectivity.import"
    _description = "Load collectivities from CSV"

    file = fields.Binary("CSV file")
    filename = fields.Char()
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    report = fields.Text(readonly=True)

    def action_load_official(self):
        self.ensure_one()
        result = self.env["chikaya.collectivity"]._load_official_territory()
        return self._show(result)

    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the CSV file to load."))
        result = self.env["chikaya.collectivity"]._load_csv(base64.b64decode(self.file))
        return self._show(result)

    def _show(self, result):
        lines = [
            self.env._(
                "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(rejected)s rejected.",
                rejected=len(result["errors"]),
                **result,
            )
        ]
        if result["errors"]:
            lines.append(self.env._("Rejected rows (nothing of them was loaded):"))
            lines += result["errors"]
        self.write({"state": "done", "report": "\n".join(lines)})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
