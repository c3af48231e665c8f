from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from ..models import portal_data as pd
from .main import client_address

TRACK_URL = "/complaints/track"


def followup_params(post):
    """The follow-up form's input, as the model's `_portal_followup` takes it."""
    return {
        "message": post.get("message"),
        "satisfaction": post.get("satisfaction"),
        "comment": post.get("comment"),
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


class ChikayaComplaintTrack(http.Controller):
    """Tracking without an account: the tracking number and the access code (the pair the
    acknowledgement gives) open the complaint and authorize its follow-up.

    A wrong pair gets the same 404 page whether the number exists or not; each wrong pair is
    counted per address (chikaya.portal.attempt, kind `track_failure`) and past the limit
    every tracking request from that address gets a 429 page, without any lookup, until the
    window has passed."""

    def _render_form(self, number=None, errors=None, status=200):
        values = {"number": number or "", "errors": errors or {}}
        return request.render("chikaya_portal.complaint_track_form", values, status=status)

    def _render_limited(self):
        Attempt = request.env["chikaya.portal.attempt"]
        _limit, window = Attempt._limit(pd.ATTEMPT_TRACK_FAILURE)
        return request.render(
            "chikaya_portal.complaint_track_limited", {"window": window}, status=429
        )

    def _authorize(self, number, code):
        """(complaint_sudo, None) for a right pair, or (None, the response to send)."""
        Attempt = request.env["chikaya.portal.attempt"]
        ip = client_address()
        if Attempt._is_limited(pd.ATTEMPT_TRACK_FAILURE, ip):
            return None, self._render_limited()
        complaint_sudo = request.env["chikaya.complaint"]._portal_find_by_tracking(number, code)
        if not complaint_sudo:
            Attempt._record(pd.ATTEMPT_TRACK_FAILURE, ip)
            return None, self._render_form(number, {"not_found": True}, status=404)
        return complaint_sudo, None

    def _render_detail(self, complaint_sudo, code, done=None, error=None):
        values = complaint_sudo._portal_detail_values()
        values.update(
            {
                "action_url": f"{TRACK_URL}/",
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
        # personal data, opened by a secret in the URL: no copy in any cache
        response.headers["Cache-Control"] = "no-store"
        return response

    @http.route(TRACK_URL, type="http", auth="public", website=True, methods=["GET"], sitemap=True)
    def complaint_track(self, number=None, code=None, done=None, **kwargs):
        """The form, or the complaint when the pair is given (the acknowledgement's link:
        /complaints/track?number=CHK-…&code=…)."""
        if number is None and code is None:
            return self._render_form()
        number, code = (number or "").strip(), (code or "").strip()
        errors = {}
        if not number:
            errors["number"] = True
        if not code:
            errors["code"] = True
        if errors:
            return self._render_form(number, errors, status=400)
        complaint_sudo, response = self._authorize(number, code)
        if response:
            return response
        return self._render_detail(complaint_sudo, code, done=done)

    @http.route(
        f"{TRACK_URL}/<string:action>",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def complaint_track_followup(self, action, number=None, code=None, **post):
        """Reply, rate or reopen, authorized by the pair in the form's hidden fields (checked
        again here, with the CSRF token Odoo checks on every POST)."""
        complaint_sudo, response = self._authorize(number, code)
        if response:
            return response
        error = run_followup(complaint_sudo, action, post)
        if error:
            return self._render_detail(complaint_sudo, code, error=error)
        query = url_encode({"number": complaint_sudo.name, "code": code, "done": action})
        return request.redirect(f"{TRACK_URL}?{query}")
