from odoo import models


class WebsitePage(models.Model):
    """Odoo's website pages (`/contactus`, with the institution's bureau d'ordre) are kept
    rendered for visitors under a key of website, language, path and debug mode; their
    absolute links (og:url, og:image) are written with the request's host. The host joins
    the key, so that a visit with a forged Host header cannot choose those links for the
    next visitors (as chikaya.public.page does for our own pages; nginx refuses unknown
    hosts too, config/nginx/chikaya.conf.template)."""

    _inherit = "website.page"

    def _get_cache_key(self, request):
        return (request.httprequest.host_url, *super()._get_cache_key(request))
