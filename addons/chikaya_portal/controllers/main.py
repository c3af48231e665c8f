import functools
from urllib.parse import urlencode

from odoo import http
from odoo.http import request

from odoo.addons.chikaya_complaints.models import complaint_data as cd
from odoo.addons.chikaya_complaints.tools.public_input import clean_route_params, clean_text

from ..models import portal_data as pd
from ..models.ir_http import client_address


def readonly_get(controller, rule, args):
    """`readonly` of a route that serves a page on GET (read-only: on the database replica
    when one is configured) and takes a form on POST (writes: on the primary)."""
    return request.httprequest.method in ("GET", "HEAD")


class ChikayaPortal(http.Controller):
    """The public pages: landing, filing form, confirmation, FAQ.

    Thin on purpose: the form is checked and the complaint created by
    chikaya.complaint.submission; FAQs come from chikaya.faq."""

    # ---- Helpers --------------------------------------------------------------------------

    def _deadline_days(self):
        return request.env["chikaya.complaint"]._legal_deadline_days()

    def _render_refusal(self, title, message, status):
        """A refusal page (rate limit, honeypot): a clear message, never a traceback."""
        return request.render(
            "chikaya_portal.complaint_refused",
            {"title": title, "message": message},
            status=status,
        )

    def _render_too_many(self):
        return self._render_refusal(
            request.env._("Too many requests"),
            request.env._(
                "Too many requests were sent from your connection in a short time. Your "
                "request was not received: please try again in an hour. You can also "
                "hand your request in at the bureau d'ordre of your collectivity."
            ),
            429,
        )

    def _form_values(self, values, errors=None):
        Submission = request.env["chikaya.complaint.submission"]
        errors = errors or {}
        return {
            **Submission._get_form_options(),
            "values": values,
            "errors": errors,
            "err_attrs": functools.partial(Submission._aria_attrs, errors),
            "files_not_kept": bool(errors) and values.get("_had_files"),
            "files_not_kept_message": Submission._message("files_not_kept"),
        }

    def _render_form(self, values, errors=None, status=200):
        return request.render(
            "chikaya_portal.complaint_form", self._form_values(values, errors), status=status
        )

    # ---- Pages ----------------------------------------------------------------------------

    @http.route(
        "/complaints", type="http", auth="public", website=True, sitemap=True, readonly=True
    )
    @clean_route_params
    def complaints_landing(self, **kw):
        """The landing page, which is also the website's home page (`/` serves it, see
        hooks.set_up_public_site)."""
        Page = request.env["chikaya.public.page"]

        def values():
            Complaint = request.env["chikaya.complaint"]
            return {
                "kinds": Complaint._fields["kind"]._description_selection(request.env),
                "deadline_days": self._deadline_days(),
                "home_questions": request.env["chikaya.faq"]._get_home_questions(),
            }

        return Page._render(
            "chikaya_portal.complaints_landing", values, version=Page._landing_version()
        )

    @http.route(
        "/complaints/new",
        type="http",
        auth="public",
        website=True,
        sitemap=True,
        methods=["GET", "POST"],
        max_content_length=pd.MAX_REQUEST_SIZE,
        # every POST counted, before its body is read (pd.ROUTING_POST_LIMIT, see ir_http)
        chikaya_post_limit=pd.ATTEMPT_POST,
        readonly=readonly_get,
    )
    @clean_route_params
    def complaints_new(self, **post):
        if request.httprequest.method == "POST":
            return self._complaints_submit(post)
        kind = post.get("kind") if post.get("kind") in dict(cd.KINDS) else None

        def values():
            values = request.env["chikaya.complaint.submission"]._get_prefill()
            if kind:
                values["kind"] = kind
            return self._form_values(values)

        # the same page for every visitor without an account: kept rendered
        return request.env["chikaya.public.page"]._render(
            "chikaya_portal.complaint_form", values, query={"kind": kind}
        )

    def _complaints_submit(self, post):
        Attempt = request.env["chikaya.portal.attempt"]
        ip = client_address()
        # Every post was counted (limit on posts) before its body was read: see ir_http.
        if not request.chikaya_post_reservation:
            return self._render_too_many()
        if post.get(pd.HONEYPOT_FIELD):
            # A field people do not see was filled: a robot. Same answer as any refusal,
            # counted like an accepted submission too, so that a robot meets that limit.
            Attempt._reserve(pd.ATTEMPT_SUBMIT, ip)
            return self._render_refusal(
                request.env._("Request not received"),
                request.env._(
                    "Your request could not be received. Please fill in the form again, or "
                    "hand your request in at the bureau d'ordre of your collectivity."
                ),
                400,
            )
        Submission = request.env["chikaya.complaint.submission"]
        files = Submission._read_uploads(request.httprequest.files.getlist("attachments"))
        complaint_sudo, errors = Submission._submit(post, files, ip)
        if errors.get(pd.SUBMIT_LIMITED):
            return self._render_too_many()
        if errors:
            values = Submission._clean_form(post)
            values["_had_files"] = bool(files)
            return self._render_form(values, errors, status=400)
        request.session[pd.SESSION_CONFIRMATION_KEY] = Submission._encode_for_session(
            complaint_sudo
        )
        return request.redirect(
            request.env["ir.http"]._url_for("/complaints/confirmation"), code=303
        )

    @http.route("/complaints/confirmation", type="http", auth="public", website=True, sitemap=False)
    @clean_route_params
    def complaints_confirmation(self, **kw):
        Submission = request.env["chikaya.complaint.submission"]
        stored = request.session.get(pd.SESSION_CONFIRMATION_KEY)
        complaint_sudo = Submission._confirmed_complaint(stored)
        if not complaint_sudo:
            return request.render("chikaya_portal.complaint_confirmation_missing", {}, status=404)
        # The access code is shown once: a reload shows the number only.
        access_code = stored.get("code")
        if access_code:
            request.session[pd.SESSION_CONFIRMATION_KEY] = {**stored, "code": None}
        # A relative link (the tracking page of the same site, in the same language).
        tracking_path = "/complaints/track?" + urlencode(
            {"number": complaint_sudo.name, **({"code": access_code} if access_code else {})}
        )
        response = request.render(
            "chikaya_portal.complaint_confirmation",
            {
                "complaint_sudo": complaint_sudo,
                "access_code": access_code,
                "tracking_path": tracking_path,
                "deadline_days": self._deadline_days(),
            },
        )
        # The access code is on this page: no copy in shared or browser caches.
        response.headers["Cache-Control"] = "no-store"
        return response

    @http.route(
        "/complaints/faq", type="http", auth="public", website=True, sitemap=True, readonly=True
    )
    @clean_route_params
    def complaints_faq(self, search="", **kw):
        # Control characters are removed (a NUL would reach PostgreSQL): the page is the
        # normal one, searching for what remains.
        search = clean_text(search, max_length=pd.FAQ_SEARCH_MAX_LENGTH)
        return request.render(
            "chikaya_portal.faq_page",
            {
                "search": search,
                "groups": request.env["chikaya.faq"]._get_published_groups(search),
            },
        )
