from odoo import api, models

from odoo.addons.chikaya_complaints.tools import uploads

from . import open311_data as od


class ChikayaOpen311MessageMixin(models.AbstractModel):
    """The texts the Open311 API answers with (error descriptions and notices), in one
    place so that translators find them together, in the request's language (`locale`)."""

    _name = "chikaya.open311.message.mixin"
    _description = "Open311 API: messages"

    @api.model
    def _message(self, key, **params):
        """The description of an error or a notice, in the request's language (`locale`)."""
        p = params.get
        messages = {
            "method": self.env._(
                "Method %(method)s is not allowed here: use %(allowed)s.",
                method=p("method", ""),
                allowed=p("allowed", ""),
            ),
            "format": self.env._(
                "%(resource)s: add the format to the resource, .json or .xml (e.g. services.json).",
                resource=p("resource", ""),
            ),
            "resource": self.env._(
                "%(resource)s: no such resource. The API has discovery, services, "
                "services/{service_code}, requests and requests/{service_request_id}, each "
                "with .json or .xml.",
                resource=p("resource", ""),
            ),
            "key_missing": self.env._(
                "api_key was not provided: posting a request needs the key of your application."
            ),
            "key_invalid": self.env._("Invalid api_key received -- can't proceed."),
            "too_many": self.env._(
                "Too many requests: try again in %(minutes)s minutes.", minutes=p("minutes", 0)
            ),
            "not_provided": self.env._("%(name)s was not provided.", name=p("name", "")),
            "jurisdiction_unknown": self.env._(
                "jurisdiction_id %(value)s was not found: give the HCP code of a commune, e.g. "
                "04.441.01.1.",
                value=p("value", ""),
            ),
            "service_unknown": self.env._(
                "service_code %(value)s was not found.", value=p("value", "")
            ),
            "request_malformed": self.env._(
                "service_request_id %(value)s is not a tracking number (CHK-YYYY-NNNNNN).",
                value=p("value", ""),
            ),
            "request_unknown": self.env._(
                "service_request_id %(value)s was not found.", value=p("value", "")
            ),
            "too_many_ids": self.env._(
                "service_request_id may list %(max)s requests at most.", max=od.MAX_REQUEST_IDS
            ),
            "kind": self.env._(
                "attribute[kind]: choose reclamation, observation or suggestion (GET "
                "services/{service_code} lists them)."
            ),
            "location": self.env._("A location is required: lat and long, or address_string."),
            "position": self.env._(
                "lat and long must be given together, in decimal degrees (WGS84), e.g. "
                "lat=34.02&long=-6.84."
            ),
            "position_outside": self.env._(
                "lat and long: this point is not in Morocco (latitude 20.5 to 36.1, longitude "
                "-17.5 to -0.9)."
            ),
            "jurisdiction_not_located": self.env._(
                "jurisdiction_id was not provided, and no commune was found at lat and long: "
                "give the HCP code of the commune."
            ),
            "description": self.env._("description: describe the request."),
            "too_long": self.env._(
                "%(name)s: %(max)s characters at most (%(count)s given).",
                name=p("name", ""),
                max=p("max", 0),
                count=p("count", 0),
            ),
            "media_url": self.env._(
                "media_url: give an https:// address of the picture or document (it is kept "
                "as a link)."
            ),
            uploads.TOO_MANY_FILES: self.env._(
                "media: %(max)s files at most.", max=uploads.MAX_FILES
            ),
            uploads.FILE_TOO_LARGE: self.env._(
                "media: the file “%(name)s” is larger than %(size)s MB.",
                name=p("name", ""),
                size=uploads.MAX_FILE_SIZE // (1024 * 1024),
            ),
            uploads.FILE_TYPE: self.env._(
                "media: the file “%(name)s” is not a PDF, JPEG or PNG file (its content was "
                "checked, not its name).",
                name=p("name", ""),
            ),
            "status": self.env._(
                "status %(value)s is not a status: use open, closed or both (open,closed).",
                value=p("value", ""),
            ),
            "date": self.env._(
                "%(name)s %(value)s is not a w3 date, e.g. 2026-01-31T00:00:00Z.",
                name=p("name", ""),
                value=p("value", ""),
            ),
            "date_order": self.env._("start_date must come before end_date."),
            "span": self.env._(
                "start_date and end_date may not span more than %(days)s days.",
                days=od.MAX_SPAN_DAYS,
            ),
            "page": self.env._("page must be a whole number from 1."),
            "page_size": self.env._(
                "page_size must be a whole number from 1 to %(max)s.", max=od.MAX_PAGE_SIZE
            ),
            "service_notice": self.env._(
                "The collectivity answers within %(days)s days of receipt (decree 2.17.265). "
                "The citizen follows the request with its tracking number and access code.",
                days=self.env["chikaya.complaint"]._legal_deadline_days(),
            ),
            "info_requested": self.env._("Information was requested from the citizen."),
            "answer_sent": self.env._("The answer was sent to the citizen."),
            "rejected": self.env._("Rejected: %(reason)s.", reason=p("reason", "")),
            "filed": self.env._(
                "Filed through the Open311 API by the application “%(application)s”.",
                application=p("application", ""),
            ),
            "contact": self.env._(
                "Write to the administrators of this Chikaya platform (the ministry or the "
                "collectivity that runs it)."
            ),
            "key_service": self.env._(
                "API keys are given to client applications by the platform's administrators, "
                "on request: write to them, naming your application."
            ),
        }
        return messages[key]
