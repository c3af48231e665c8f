import functools
from urllib.parse import urlencode

from odoo import http
from odoo.http import request

from odoo.addons.chikaya_complaints.models import complaint_data as cd

from ..models import portal_data as pd


def client_address():
    """The visitor's address, as the per-address limits count it (behind a reverse proxy,
    Odoo's proxy_mode makes it the client's, not the proxy's)."""
    return request.httprequest.remote_addr or "?"


class ChikayaPortal(http.Controller):
    """The public pages of part A: landing, filing form, confirmation, FAQ.

    Thin on purpose: the form is checked and the complaint created by
    chikaya.complaint.submission; FAQs come from chikaya.faq."""

    # ---- Helpers --------------------------------------------------------------------------

    def _deadline_days(self):
        return request.env["chikaya.complaint"]._get_param_days(
            cd.PARAM_DEADLINE_DAYS, cd.DEFAULT_DEADLINE_DAYS
        )

    def _render_refusal(self, title, message, status):
        """A refusal page (rate limit, honeypot): a clear message, never a traceback."""
        return request.render(
            "chikaya_portal.complaint_refused",
            {"title": title, "message": message},
            status=status,
        )

    def _render_form(self, values, errors=None, status=200):
        Submission = request.env["chikaya.complaint.submission"]
        errors = errors or {}
        return request.render(
            "chikaya_portal.complaint_form",
            {
                **Submission._get_form_options(),
                "values": values,
                "errors": errors,
                "err_attrs": functools.partial(Submission._aria_attrs, errors),
                "files_not_kept": bool(errors) and values.get("_had_files"),
                "files_not_kept_message": Submission._message("files_not_kept"),
            },
            status=status,
        )

    # ---- Pages ----------------------------------------------------------------------------

    @http.route("/complaints", type="http", auth="public", website=True, sitemap=True)
    def complaints_landing(self, **kw):
        Complaint = request.env["chikaya.complaint"]
        return request.render(
            "chikaya_portal.complaints_landing",
            {
                "kinds": Complaint._fields["kind"]._description_selection(request.env),
                "deadline_days": self._deadline_days(),
            },
        )

    @http.route(
        "/complaints/new",
        type="http",
        auth="public",
        website=True,
        sitemap=True,
        methods=["GET", "POST"],
    )
    def complaints_new(self, **post):
        if request.httprequest.method != "POST":
            Submission = request.env["chikaya.complaint.submission"]
            values = Submission._get_prefill()
            if post.get("kind") in dict(cd.KINDS):
                values["kind"] = post["kind"]
            return self._render_form(values)
        return self._complaints_submit(post)

    def _complaints_submit(self, post):
        _ = request.env._
        Attempt = request.env["chikaya.portal.attempt"]
        ip = client_address()
        if Attempt._is_limited(pd.ATTEMPT_SUBMIT, ip):
            return self._render_refusal(
                _("Too many requests"),
                _(
                    "Too many requests were sent from your connection in a short time. Your "
                    "request was not received: please try again in an hour. You can also "
                    "hand your request in at the bureau d'ordre of your collectivity."
                ),
                429,
            )
        if post.get(pd.HONEYPOT_FIELD):
            # A field people do not see was filled: a robot. Same answer as any refusal,
            # counted like a submission so that a robot also meets the rate limit.
            Attempt._record(pd.ATTEMPT_SUBMIT, ip)
            return self._render_refusal(
                _("Request not received"),
                _(
                    "Your request could not be received. Please fill in the form again, or "
                    "hand your request in at the bureau d'ordre of your collectivity."
                ),
                400,
            )
        Submission = request.env["chikaya.complaint.submission"]
        files = Submission._read_uploads(request.httprequest.files.getlist("attachments"))
        complaint_sudo, errors = Submission._submit(post, files)
        if errors:
            values = Submission._clean_form(post)
            values["_had_files"] = bool(files)
            return self._render_form(values, errors, status=400)
        Attempt._record(pd.ATTEMPT_SUBMIT, ip)
        request.session[pd.SESSION_CONFIRMATION_KEY] = Submission._encode_for_session(
            complaint_sudo
        )
        return request.redirect(
            request.env["ir.http"]._url_for("/complaints/confirmation"), code=303
        )

    @http.route("/complaints/confirmation", type="http", auth="public", website=True, sitemap=False)
    def complaints_confirmation(self, **kw):
        Submission = request.env["chikaya.complaint.submission"]
        complaint_sudo = Submission._confirmed_complaint(
            request.session.get(pd.SESSION_CONFIRMATION_KEY)
        )
        if not complaint_sudo:
            return request.render("chikaya_portal.complaint_confirmation_missing", {}, status=404)
        # A relative link (the tracking page of the same site, in the same language).
        tracking_path = "/complaints/track?" + urlencode(
            {"number": complaint_sudo.name, "code": complaint_sudo.access_token}
        )
        response = request.render(
            "chikaya_portal.complaint_confirmation",
            {
                "complaint_sudo": complaint_sudo,
                "tracking_path": tracking_path,
                "deadline_days": self._deadline_days(),
            },
        )
        # The access code is on this page: no copy in shared or browser caches.
        response.headers["Cache-Control"] = "no-store"
        return response

    @http.route("/complaints/faq", type="http", auth="public", website=True, sitemap=True)
    def complaints_faq(self, search="", **kw):
        search = (search or "").strip()[:100]
        return request.render(
            "chikaya_portal.faq_page",
            {
                "search": search,
                "groups": request.env["chikaya.faq"]._get_published_groups(search),
            },
        )
