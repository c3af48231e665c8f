from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ChikayaTheme(models.Model):
    """A theme (thématique) of complaints, kept by administrators; themes nest so that
    reports can roll sub-themes up into their parent."""

    _name = "chikaya.theme"
    _inherit = ["chikaya.cached.lists.mixin"]
    _description = "Complaint theme"
    _parent_store = True
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    parent_id = fields.Many2one("chikaya.theme", "Parent theme", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("chikaya.theme", "parent_id", "Sub-themes")
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """Parent / Child, in the reader's language (a stored full name could only be in
        one language)."""
        for theme in self:
            names = []
            current = theme
            while current:
                names.append(current.name or "")
                current = current.parent_id
            theme.display_name = " / ".join(reversed(names))

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A theme cannot be its own ancestor."))
