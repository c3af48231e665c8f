from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.chikaya_complaints.models import complaint_data as cd
from odoo.addons.chikaya_complaints.tools.public_input import (
    clean_access_code,
    clean_route_params,
    clean_text,
)
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models import portal_data as pd
from ..models.res_users import EMAIL_PROOF_URL
from .complaint_track import authorize_tracking_pair, run_followup

# What the "missing complaint" part of /my/complaints says after an action (?find=…).
FIND_MESSAGES = ("added", "proof_sent", "proof_done")


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
        return {
            "date": {"label": request.env._("Newest"), "order": "received_date desc, id desc"},
            "oldest": {"label": request.env._("Oldest"), "order": "received_date asc, id asc"},
            "number": {"label": request.env._("Tracking number"), "order": "name asc"},
            "state": {
                "label": request.env._("Status"),
                "order": "state asc, received_date desc, id desc",
            },
        }

    def _complaint_searchbar_filters(self):
        labels = dict(
            request.env["chikaya.complaint"]._fields["state"]._description_selection(request.env)
        )
        filters = {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {"label": request.env._("Open"), "domain": [("state", "in", cd.OPEN_STATES)]},
        }
        for state, _label in cd.STATES:
            filters[state] = {"label": labels[state], "domain": [("state", "=", state)]}
        return filters

    @http.route([pd.MY_URL, f"{pd.MY_URL}/page/<int:page>"], type="http", auth="user", website=True)
    @clean_route_params
    def portal_my_complaints(
        self, page=1, sortby=None, filterby=None, search=None, find=None, **kw
    ):
        return self._render_my_complaints(page, sortby, filterby, search, find=find)

    def _render_my_complaints(
        self,
        page=1,
        sortby=None,
        filterby=None,
        search=None,
        find=None,
        find_error=None,
        number="",
        status=200,
    ):
        """The list, and under it the two ways to bring a missing complaint into the account
        (`find`: what was just done; `find_error`: why the last attempt was refused)."""
        values = self._prepare_portal_layout_values()
        Complaint = request.env["chikaya.complaint"]
        sortings = self._complaint_searchbar_sortings()
        filters = self._complaint_searchbar_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        search = clean_text(search, max_length=pd.TRACK_MAX_INPUT)

        domain = self._complaint_domain() + filters[filterby]["domain"]
        if search:
            domain += ["|", ("name", "ilike", search), ("subject", "ilike", search)]
        count = Complaint.search_count(domain)
        pager = portal_pager(
            url=pd.MY_URL,
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
                "default_url": pd.MY_URL,
                "pager": pager,
                "searchbar_sortings": sortings,
                "searchbar_filters": filters,
                "sortby": sortby,
                "filterby": filterby,
                "search": search,
                "find": find if find in FIND_MESSAGES else None,
                "find_error": find_error,
                "find_messages": self._find_messages(),
                "find_number": number,
                "email_proven": request.env.user._chikaya_email_proven(),
                "account_email": request.env.user.partner_id.email,
            }
        )
        response = request.render("chikaya_portal.portal_my_complaints", values, status=status)
        response.headers["Cache-Control"] = "no-store"
        return response

    def _find_messages(self):
        return {
            "added": request.env._("The complaint was added to your account."),
            "proof_sent": request.env._(
                "We sent a link to your email address: follow it, signed in, within 24 hours."
            ),
            "proof_done": request.env._(
                "Your email address is confirmed: the complaints registered with it are now in "
                "your account."
            ),
            "format": request.env._(
                "Check the tracking number (CHK-year-number) and the 12-character access code."
            ),
            "not_found": request.env._(
                "No complaint has this tracking number and access code. Check both and try again."
            ),
            "limited": request.env._(
                "Too many attempts from your connection: wait a little before trying again."
            ),
            "other_account": request.env._("This complaint is already in another account."),
            "no_email": request.env._(
                "Your account has no email address: add one in your account details."
            ),
            "proof_limited": request.env._(
                "Several links were already sent today: use the last one, or try again tomorrow."
            ),
            "proof_invalid": request.env._(
                "This link is not valid any more (it is used signed in to the account that asked "
                "for it, within 24 hours, while the account keeps the same email address). Ask "
                "for a new one below."
            ),
        }

    @http.route(f"{pd.MY_URL}/add", type="http", auth="user", website=True, methods=["POST"])
    @clean_route_params
    def portal_my_complaint_add(self, number=None, code=None, **kw):
        """Add to the account a complaint the citizen proves they hold: its tracking number
        and access code (counted and limited as on the tracking page)."""
        complaint_sudo, _code, refusal = authorize_tracking_pair(number, code)
        if refusal:
            if refusal not in ("format", "not_found"):
                refusal = "limited"
            status = {"format": 400, "not_found": 404, "limited": 429}[refusal]
            return self._render_my_complaints(find_error=refusal, number=number, status=status)
        user = request.env.user
        if complaint_sudo.partner_id != user.partner_id:
            if complaint_sudo.partner_id.user_ids:
                return self._render_my_complaints(
                    find_error="other_account", number=number, status=409
                )
            complaint_sudo._link_to_account(user, request.env._("tracking number and access code"))
        return request.redirect(f"{pd.MY_URL}?{url_encode({'find': 'added'})}", code=303)

    @http.route(EMAIL_PROOF_URL, type="http", auth="user", website=True, methods=["POST"])
    def portal_my_email_proof_request(self, **kw):
        """Send the link that proves the account's email address (a few a day per account:
        the form must not become a way to flood a mailbox)."""
        user = request.env.user
        if not user.partner_id.email_normalized:
            return self._render_my_complaints(find_error="no_email", status=400)
        Attempt = request.env["chikaya.portal.attempt"]
        if not Attempt._reserve(pd.ATTEMPT_EMAIL_PROOF, str(user.id)):
            return self._render_my_complaints(find_error="proof_limited", status=429)
        user._chikaya_send_email_proof()
        return request.redirect(f"{pd.MY_URL}?{url_encode({'find': 'proof_sent'})}", code=303)

    @http.route(EMAIL_PROOF_URL, type="http", auth="user", website=True, methods=["GET"])
    @clean_route_params
    def portal_my_email_proof(self, token=None, **kw):
        """The link of the proof email, opened signed in to the account that asked for it."""
        user = request.env.user
        email = user._chikaya_check_email_proof(token)
        if not email:
            return self._render_my_complaints(find_error="proof_invalid", status=400)
        user._chikaya_confirm_email(email)
        return request.redirect(f"{pd.MY_URL}?{url_encode({'find': 'proof_done'})}", code=303)

    def _complaint_check_access(self, complaint_id, access_token):
        """The complaint in sudo (`complaint_sudo`) when the user may read it (record
        rules) or gives its access code (`access_token`); None otherwise."""
        complaint = request.env["chikaya.complaint"].browse(complaint_id)
        try:
            if complaint.exists() and complaint.has_access("read"):
                return complaint.sudo()
        except (AccessError, MissingError):
            return None
        code = clean_access_code(access_token)
        if code and complaint.sudo().exists() and complaint.sudo()._check_access_code(code):
            return complaint.sudo()
        return None

    def _may_follow_up(self, complaint_sudo, access_token):
        """Only the citizen (their account, or the access code) replies, rates or reopens:
        a handler who can read the complaint must not act in the citizen's name."""
        code = clean_access_code(access_token)
        if code and complaint_sudo._check_access_code(code):
            return True
        user = request.env.user
        return not user._is_public() and complaint_sudo.partner_id == user.partner_id

    def _render_complaint(self, complaint_sudo, access_token, done=None, error=None):
        values = self._prepare_portal_layout_values()
        values.update(complaint_sudo._portal_detail_values())
        values.update(
            {
                "page_name": "complaint",
                "action_url": f"{pd.MY_URL}/{complaint_sudo.id}/",
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
        # the address may carry the access code: no Referer to the sites it links to
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def _refuse(self, access_token):
        """Anonymous visitors without a token are sent to the sign-in page; anyone else gets
        a 404, whether the complaint exists or not."""
        if request.env.user._is_public() and not access_token:
            return request.redirect(
                "/web/login?" + url_encode({"redirect": request.httprequest.full_path})
            )
        raise request.not_found()

    @http.route(f"{pd.MY_URL}/<int:complaint_id>", type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, done=None, **kw):
        complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        if not complaint_sudo:
            return self._refuse(access_token)
        return self._render_complaint(complaint_sudo, access_token, done=done)

    @http.route(
        f"{pd.MY_URL}/<int:complaint_id>/<string:action>",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        max_content_length=pd.MAX_REQUEST_SIZE,
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
        return request.redirect(f"{pd.MY_URL}/{complaint_sudo.id}?{url_encode(query)}")
