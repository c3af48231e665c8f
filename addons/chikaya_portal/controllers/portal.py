from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.chikaya_complaints.models import complaint_data as cd
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models import portal_data as pd
from .complaint_track import run_followup

MY_URL = "/my/complaints"


class ChikayaCustomerPortal(CustomerPortal):
    """/my/complaints: the signed-in citizen's complaints (those of their partner; the
    portal record rule says the same), and the follow-up from the detail page."""

    def _complaint_domain(self):
        return [("partner_id", "=", request.env.user.partner_id.id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["chikaya.complaint"]
            values["complaint_count"] = (
                Complaint.search_count(self._complaint_domain())
                if Complaint.has_access("read")
                else 0
            )
        return values

    def _complaint_searchbar_sortings(self):
        _ = request.env._
        return {
            "date": {"label": _("Newest"), "order": "received_date desc, id desc"},
            "oldest": {"label": _("Oldest"), "order": "received_date asc, id asc"},
            "number": {"label": _("Tracking number"), "order": "name asc"},
            "state": {"label": _("Status"), "order": "state asc, received_date desc, id desc"},
        }

    def _complaint_searchbar_filters(self):
        _ = request.env._
        labels = dict(
            request.env["chikaya.complaint"]._fields["state"]._description_selection(request.env)
        )
        filters = {
            "all": {"label": _("All"), "domain": []},
            "open": {"label": _("Open"), "domain": [("state", "in", cd.OPEN_STATES)]},
        }
        for state, _label in cd.STATES:
            filters[state] = {"label": labels[state], "domain": [("state", "=", state)]}
        return filters

    @http.route([MY_URL, f"{MY_URL}/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_complaints(self, page=1, sortby=None, filterby=None, search=None, **kw):
        values = self._prepare_portal_layout_values()
        Complaint = request.env["chikaya.complaint"]
        sortings = self._complaint_searchbar_sortings()
        filters = self._complaint_searchbar_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        search = (search or "").strip()[: pd.TRACK_MAX_INPUT]

        domain = self._complaint_domain() + filters[filterby]["domain"]
        if search:
            domain += ["|", ("name", "ilike", search), ("subject", "ilike", search)]
        count = Complaint.search_count(domain)
        pager = portal_pager(
            url=MY_URL,
            url_args={"sortby": sortby, "filterby": filterby, "search": search},
            total=count,
            page=page,
            step=pd.MY_COMPLAINTS_PER_PAGE,
        )
        complaints = Complaint.search(
            domain,
            order=sortings[sortby]["order"],
            limit=pd.MY_COMPLAINTS_PER_PAGE,
            offset=pager["offset"],
        )
        request.session["my_complaints_history"] = complaints.ids[:100]
        values.update(
            {
                "complaints": complaints,
                "complaint_count": count,
                "page_name": "complaint",
                "default_url": MY_URL,
                "pager": pager,
                "searchbar_sortings": sortings,
                "searchbar_filters": filters,
                "sortby": sortby,
                "filterby": filterby,
                "search": search,
            }
        )
        return request.render("chikaya_portal.portal_my_complaints", values)

    def _complaint_check_access(self, complaint_id, access_token):
        """The complaint in sudo (`complaint_sudo`) when the user may read it (record
        rules) or gives its access token; None otherwise."""
        try:
            return self._document_check_access("chikaya.complaint", complaint_id, access_token)
        except (AccessError, MissingError):
            return None

    def _may_follow_up(self, complaint_sudo, access_token):
        """Only the citizen (their account, or the access code) replies, rates or reopens:
        a handler who can read the complaint must not act in the citizen's name."""
        if access_token and complaint_sudo.access_token:
            if consteq(complaint_sudo.access_token, access_token):
                return True
        user = request.env.user
        return not user._is_public() and complaint_sudo.partner_id == user.partner_id

    def _render_complaint(self, complaint_sudo, access_token, done=None, error=None):
        values = self._prepare_portal_layout_values()
        values.update(complaint_sudo._portal_detail_values())
        values.update(
            {
                "page_name": "complaint",
                "action_url": f"{MY_URL}/{complaint_sudo.id}/",
                "followup_done": done,
                "followup_error": error,
                "may_follow_up": self._may_follow_up(complaint_sudo, access_token),
            }
        )
        values = self._get_page_view_values(
            complaint_sudo, access_token, values, "my_complaints_history", False
        )
        response = request.render(
            "chikaya_portal.portal_my_complaint", values, status=400 if error else 200
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    def _refuse(self, access_token):
        """Anonymous visitors without a token are sent to the sign-in page; anyone else gets
        a 404, whether the complaint exists or not."""
        if request.env.user._is_public() and not access_token:
            return request.redirect(
                "/web/login?" + url_encode({"redirect": request.httprequest.full_path})
            )
        raise request.not_found()

    @http.route(f"{MY_URL}/<int:complaint_id>", type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, done=None, **kw):
        complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        if not complaint_sudo:
            return self._refuse(access_token)
        return self._render_complaint(complaint_sudo, access_token, done=done)

    @http.route(
        f"{MY_URL}/<int:complaint_id>/<string:action>",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_my_complaint_followup(self, complaint_id, action, access_token=None, **post):
        """Reply, rate or reopen: authorized by the record rules (or the access token), with
        the CSRF token Odoo checks on every POST."""
        complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        if not complaint_sudo:
            return self._refuse(access_token)
        if not self._may_follow_up(complaint_sudo, access_token):
            raise request.not_found()
        error = run_followup(complaint_sudo, action, post)
        if error:
            return self._render_complaint(complaint_sudo, access_token, error=error)
        query = {"done": action}
        if access_token:
            query["access_token"] = access_token
        return request.redirect(f"{MY_URL}/{complaint_sudo.id}?{url_encode(query)}")
