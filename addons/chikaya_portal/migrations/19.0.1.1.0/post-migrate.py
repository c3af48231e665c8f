"""Existing databases become the institution's public site, as new ones do at installation
(hooks.set_up_public_site): institution name and emblem where Odoo's placeholders are, `/`
serving the landing page."""

from odoo import SUPERUSER_ID, api

from odoo.addons.chikaya_portal.hooks import set_up_public_site


def migrate(cr, version):
    set_up_public_site(api.Environment(cr, SUPERUSER_ID, {}))
