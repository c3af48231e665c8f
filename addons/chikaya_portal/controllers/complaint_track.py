from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.chikaya_complaints.tools.public_input import (
    clean_access_code,
    clean_route_params,
    clean_text,
    clean_tracking_number,
)

from ..models import portal_data as pd
from .main import client_address


def followup_params(post):
    """The follow-up form's input, as the model's `_portal_followup` takes it (text without
    control characters, whichever route it came from)."""
    return {
        "message": clean_text(post.get("message")),
        "satisfaction": clean_text(post.get("satisfaction")) or None,
        "comment": clean_text(post.get("comment")),
        "files": request.httprequest.files.getlist("attachments"),
    }


def run_followup(complaint_sudo, action, post):
    """Run the citizen's `action` on an authorized complaint: None when done, or the message
    of the UserError that refused it (nothing is kept of a refused action)."""
    try:
        with request.env.cr.savepoint():
            complaint_sudo._portal_followup(action, **followup_params(post))
    except UserError as error:
        return error.args[0]
    return None


def authorize_tracking_pair(number, code):
    """(complaint_sudo, cleaned code, None) for a right tracking pair, else (None, None, the
    reason): "format", "not_found", or the kind of the limit reached (pd.ATTEMPT_TRACK_*).
    Used by the tracking page and by /my/complaints' "add to my account".

    A number or code that cannot be one (not of the format: public_input) is refused at once:
    it matches nothing, so it is neither looked up nor counted. A well-formed pair takes a
    slot of both limits before the lookup (chikaya.portal.attempt._reserve: atomic, so
    parallel guesses can't pass together), and gives them back when it is right."""
    clean_number, clean_code = clean_tracking_number(number), clean_access_code(code)
    if not (clean_number and clean_code):
        return None, None, "format"
    Attempt = request.env["chikaya.portal.attempt"]
    ip = client_address()
    address_slot = Attempt._reserve(pd.ATTEMPT_TRACK_FAILURE, ip)
    if not address_slot:
        return None, None, pd.ATTEMPT_TRACK_FAILURE
    pair_slot = Attempt._reserve(pd.ATTEMPT_TRACK_PAIR, f"{ip} {clean_number}")
    if not pair_slot:
        Attempt._release(address_slot)
        return None, None, pd.ATTEMPT_TRACK_PAIR
    Complaint = request.env["chikaya.complaint"]
    complaint_sudo = Complaint._portal_find_by_tracking(clean_number, clean_code)
    if not complaint_sudo:
        return None, None, "not_found"
    Attempt._release(address_slot)
    Attempt._release(pair_slot)
    return complaint_sudo, clean_code, None


def readonly_unless_done(controller, rule, args):
    """The tracking page reads (on the replica when one is configured), except right after
    the citizen's own follow-up (`?done=` from the redirect): that page must show what was
    just written on the primary, which a replica may not have received yet."""
    return not request.httprequest.args.get("done")


class ChikayaComplaintTrack(http.Controller):
    """Tracking without an account: the tracking number and the access code (the pair the
    acknowledgement gives) open the complaint and authorize its follow-up.

    A wrong pair gets the same 404 page whether the number exists or not. Wrong pairs are
    counted per address and tracking number (kind `track_pair`, 5 in 15 minutes by default)
    and per address (kind `track_failure`, 100 in 15 minutes): past the first, that number
    gets a 429 page from that address; past the second, every number does. Many citizens
    share one address behind a mobile carrier's NAT: one visitor's mistakes lock only the
    number they mistyped, while guessing codes stays out of reach (README, Security model).
    Past a limit the request is refused without any lookup, even with the right pair, so
    the limit tells nothing about the guess."""

    def _render_form(self, number=None, errors=None, status=200):
        values = {"number": number or "", "errors": errors or {}}
        return request.render("chikaya_portal.complaint_track_form", values, status=status)

    def _render_limited(self, kind):
        Attempt = request.env["chikaya.portal.attempt"]
        _limit, window = Attempt._limit(kind)
        return request.render(
            "chikaya_portal.complaint_track_limited", {"window": window}, status=429
        )

    def _authorize(self, number, code):
        """(complaint_sudo, code, None) for a right pair, or (None, None, the response to
        send): see authorize_tracking_pair."""
        complaint_sudo, clean_code, refusal = authorize_tracking_pair(number, code)
        if refusal == "format":
            return None, None, self._render_form(clean_text(number), {"format": True}, status=400)
        if refusal == "not_found":
            return None, None, self._render_form(clean_text(number), {"not_found": True}, 404)
        if refusal:
            return None, None, self._render_limited(refusal)
        return complaint_sudo, clean_code, None

    def _render_detail(self, complaint_sudo, code, done=None, error=None):
        values = complaint_sudo._portal_detail_values()
        values.update(
            {
                "action_url": f"{pd.TRACK_URL}/",
                "track_number": complaint_sudo.name,
                "track_code": code,
                "followup_done": done,
                "followup_error": error,
                "may_follow_up": True,
            }
        )
        response = request.render(
            "chikaya_portal.complaint_track_page", values, status=400 if error else 200
        )
        # personal data, opened by a secret in the URL: no copy in any cache, and the URL
        # is not sent as Referer to the sites the page links to
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @http.route(
        pd.TRACK_URL,
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=True,
        readonly=readonly_unless_done,
    )
    @clean_route_params
    def complaint_track(self, number=None, code=None, done=None, **kwargs):
        """The form, or the complaint when the pair is given (the acknowledgement's link:
        /complaints/track?number=CHK-…&code=…)."""
        if number is None and code is None:
            return self._render_form()
        number, code = clean_text(number), clean_text(code)
        errors = {}
        if not number:
            errors["number"] = True
        if not code:
            errors["code"] = True
        if errors:
            return self._render_form(number, errors, status=400)
        complaint_sudo, code, response = self._authorize(number, code)
        if response:
            return response
        return self._render_detail(complaint_sudo, code, done=done)

    @http.route(
        f"{pd.TRACK_URL}/<string:action>",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
        max_content_length=pd.MAX_REQUEST_SIZE,
    )
    @clean_route_params
    def complaint_track_followup(self, action, number=None, code=None, **post):
        """Reply, rate or reopen, authorized by the pair in the form's hidden fields (checked
        again here, with the CSRF token Odoo checks on every POST)."""
        complaint_sudo, code, response = self._authorize(number, code)
        if response:
            return response
        error = run_followup(complaint_sudo, action, post)
        if error:
            return self._render_detail(complaint_sudo, code, error=error)
        query = url_encode({"number": complaint_sudo.name, "code": code, "done": action})
        return request.redirect(f"{pd.TRACK_URL}?{query}")
