from odoo import api, models


class ChikayaCachedListsMixin(models.AbstractModel):
    """Records of which lists are cached per language in the registry's 'default' cache
    (the territory and the themes: the website's filing form lists every region, province,
    commune and theme, see chikaya_portal's chikaya.complaint.submission._form_lists), or
    shown on a page kept rendered for visitors (the FAQ's first questions on the home page,
    see chikaya_portal's chikaya.public.page; clearing the default cache clears those too).

    Any change of such a record, its translations included, clears that cache; Odoo clears
    it in the other workers too, at the end of the transaction (registry signaling)."""

    _name = "chikaya.cached.lists.mixin"
    _description = "Records listed in cached lists"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

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
