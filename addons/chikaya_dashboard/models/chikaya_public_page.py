from odoo import api, models

from . import dashboard_data as dd


class ChikayaPublicPage(models.AbstractModel):
    """The landing shows the year's key figures (chikaya.public.figures._home_figures): the
    page kept rendered for visitors is the one of the latest computation."""

    _inherit = "chikaya.public.page"

    @api.model
    def _landing_version(self):
        figures_sudo = self.env["chikaya.public.figures"].sudo()._find(dd.FIGURES_STATISTICS)
        return (*super()._landing_version(), figures_sudo.id, figures_sudo.computed_at)
