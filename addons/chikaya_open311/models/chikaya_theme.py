import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from . import open311_data as od


class ChikayaTheme(models.Model):
    """A theme is an Open311 service: `open311_code` is its service_code, stable across
    databases and releases so that applications may keep it.

    The themes the core installs get the name of their XML id (`theme_roads_potholes` →
    `roads_potholes`), the same in every database; a theme an administrator creates gets
    `theme-<id>` unless they type a code. Administrators may change a code, at the price of
    breaking the applications that kept the old one."""

    _inherit = "chikaya.theme"

    open311_code = fields.Char(
        "Open311 service code",
        copy=False,
        index=True,
        help="The service_code of this theme in the Open311 API: lower-case letters, digits, "
        "“_” and “-”. Applications keep it: change it only with them.",
    )

    _open311_code_uniq = models.UniqueIndex(
        "(open311_code) WHERE open311_code IS NOT NULL", "Each Open311 service code must be unique."
    )

    @api.constrains("open311_code")
    def _check_open311_code(self):
        for theme in self:
            if theme.open311_code and not re.fullmatch(od.SERVICE_CODE_PATTERN, theme.open311_code):
                raise ValidationError(
                    self.env._(
                        "The Open311 service code “%(code)s” may hold only lower-case letters, "
                        "digits, “_” and “-” (64 characters at most).",
                        code=theme.open311_code,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        themes = super().create(vals_list)
        themes.filtered(lambda theme: not theme.open311_code)._set_default_open311_codes()
        return themes

    def _set_default_open311_codes(self):
        """Give these themes their default code: the name of their XML id in
        chikaya_complaints without its `theme_` prefix, else `theme-<id>`."""
        xmlids = self._get_external_ids()
        for theme in self:
            code = f"theme-{theme.id}"
            for xmlid in xmlids.get(theme.id, []):
                module, name = xmlid.split(".", 1)
                if module == "chikaya_complaints":
                    code = name.removeprefix("theme_").lower()
                    break
            theme.open311_code = code
