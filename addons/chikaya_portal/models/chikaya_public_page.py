import re
from time import monotonic

from odoo import api, models
from odoo.http import request
from odoo.tools import ormcache

from . import portal_data as pd

# The session's CSRF token in a rendered page (the layout's session information, forms):
# a page kept for every visitor is stored cut around it, and each visitor's own token is put
# back (as Odoo's website page cache does, website/models/website_page.py).
CSRF_TOKEN_VALUE = re.compile(
    r'(?<=csrf_token: ")[^"]+(?=")|(?<=name="csrf_token" value=")[^"]+(?=")'
)


class ChikayaPublicPage(models.AbstractModel):
    """The public pages served to visitors without an account from a per-worker cache of
    rendered pages: the landing (the home page), the filing form, the statistics and the
    palmarès.

    Why: Odoo keeps its own website pages (`/contactus`, `/aboutus`) rendered for visitors
    without an account (`website.page._get_response`), and a visit of those costs a lookup;
    our pages are controllers', which Odoo renders on every visit: the layout and the
    form's 1,600 territorial units cost three to four times as much. A page kept here
    depends on nothing but its template, the host and the website, the language, the path,
    the query the controller parsed and what the controller names in `version` (the
    figures' computing time): a visit then costs a lookup and the visitor's own CSRF token.

    What clears the kept pages, in every worker (registry signaling): Odoo's template
    caches (an edited view, menu or translation), the registry's default cache (the
    territory, the themes and the FAQ change, see chikaya.cached.lists.mixin; a system
    parameter, such as the legal deadline or the map's tile server; the institution's
    settings, see res.company.cache_invalidation_fields); a page is rendered again after
    pd.PAGE_CACHE_SECONDS in any case, as Odoo's own pages are."""

    _name = "chikaya.public.page"
    _description = "Public pages kept rendered for visitors"

    @api.model
    def _render(self, template, values, query=None, version=()):
        """The response of `template` rendered with `values()` (a callable: it runs only
        when the page is rendered). `query` is the page's parameters as the controller
        parsed them ({name: value}, None or "" when absent): a request whose query string
        says anything else (other parameters, stray characters) is rendered for itself, so
        that the kept pages stay bounded whatever visitors send. Signed-in users, debug
        mode and any method but GET get a fresh rendering."""
        query = query or {}
        raw = request.httprequest.args.to_dict(flat=False)
        canonical = {name: str(value) for name, value in query.items() if value}
        if not (
            request.httprequest.method == "GET"
            and request.env.user._is_public()
            and not request.session.debug
            and set(raw) <= set(query)
            and all(raw[name] == [canonical.get(name, "")] for name in raw)
        ):
            return request.render(template, values())
        key = (
            template,
            # the page's absolute links (og:url, og:image) are written with the request's
            # host: a forged Host header must not choose them for the next visitors
            request.httprequest.host_url,
            request.website.id,
            request.lang.code,
            request.httprequest.path,
            tuple(sorted(canonical.items())),
            tuple(version),
        )

        def render():
            response = request.render(template, values())
            response.flatten()
            # encoded once: a visit then only joins bytes (the communes' palmarès is 2 MB)
            parts = tuple(part.encode() for part in CSRF_TOKEN_VALUE.split(response.response[0]))
            return parts, monotonic()

        parts, rendered_at = self._cached_parts(key, render)
        if monotonic() - rendered_at > pd.PAGE_CACHE_SECONDS:
            parts, rendered_at = render()
            self._cached_parts.__cache__.add_value(
                self, key, render, cache_value=(parts, rendered_at)
            )
        return request.make_response(
            request.csrf_token(None).encode().join(parts),
            headers=[("Content-Type", "text/html; charset=utf-8")],
        )

    @api.model
    def _landing_version(self):
        """What the landing shows besides its template, the territory, the themes, the FAQ
        and the settings (which clear the kept pages): nothing here; chikaya_dashboard adds
        when the key figures were computed."""
        return ()

    @api.model
    @ormcache("key", cache="templates.cached_values")
    def _cached_parts(self, key, render):
        """The parts of a rendered page around its CSRF tokens and when it was rendered,
        kept per worker under `key`: `render()` runs on the first visit only."""
        return render()
