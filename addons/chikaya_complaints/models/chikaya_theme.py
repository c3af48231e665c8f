from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ChikayaTheme(models.Model):
    """A theme (thématique) of complaints, kept by administrators; themes nest so that
    reports can roll sub-themes up into their parent."""

    _name = "chikaya.theme"
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

    # ---- CRUD -----------------------------------------------------------------------------
    # Lists of themes are cached per language in the registry's 'default' cache (the
    # website's filing form): any change of a theme, its translations included, clears it,
    # in every worker (registry signaling at the end of the transaction).

    @api.model_create_multi
    def create(self, vals_list):
        themes = super().create(vals_list)
        self.env.registry.clear_cache()
        return themes

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    def _update_field_translations(self, field_name, translations, digest=None, source_lang=""):
        # the translation dialog writes the translations without write()
        result = super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )
        self.env.registry.clear_cache()
        return result
