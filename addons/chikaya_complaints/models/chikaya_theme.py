from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ChikayaTheme(models.Model):
    """A theme (thématique) of complaints, kept by administrators; themes nest so that
    reports can roll sub-themes up into their parent."""

    _name = "chikaya.theme"
    _description = "Complaint theme"
    _parent_store = True
    _order = "sequence, complete_name"
    _rec_name = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    parent_id = fields.Many2one("chikaya.theme", "Parent theme", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("chikaya.theme", "parent_id", "Sub-themes")
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for theme in self:
            if theme.parent_id:
                theme.complete_name = f"{theme.parent_id.complete_name} / {theme.name}"
            else:
                theme.complete_name = theme.name

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A theme cannot be its own ancestor."))
