import logging
import re
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

from odoo.addons.chikaya_complaints.models import complaint_data as cd
from odoo.addons.chikaya_complaints.tools import geo, uploads
from odoo.addons.chikaya_complaints.tools.public_input import (
    clean_text,
    clean_tracking_number,
    parse_id,
)

from ..tools.georeport import (
    Open311Error,
    format_datetime,
    parse_coordinate,
    parse_datetime,
    split_list,
    utc_now,
)
from . import open311_data as od

_logger = logging.getLogger(__name__)


class ChikayaOpen311Request(models.AbstractModel):
    """The Open311 GeoReport v2 API, between the HTTP routes and the complaints: what each
    method answers (as Python documents the controller writes in JSON or XML), and the
    checks of what clients send, refused with Open311Error (HTTP status and descriptions).

    Why here and not in the controller: the rules are then tested without HTTP and kept
    next to the core's (the identity rules are chikaya.complaint._citizen_errors, the file
    rules chikaya_complaints/tools/uploads.py, the same as the website's form).

    Clients are not users: every method runs as the public user, and reads the complaints
    as superuser (`complaints_sudo`) through `_request_values`, which writes out the public
    fields only."""

    _name = "chikaya.open311.request"
    _inherit = ["chikaya.open311.message.mixin"]
    _description = "Open311 GeoReport v2 API"

    # ---- Request ----------------------------------------------------------------------------

    @api.model
    def _lang_of(self, locale):
        """The installed language `locale` names (fr, ar, fr_FR, ar-MA, en…): the exact code,
        else the first installed language of the same two letters; English otherwise."""
        locale = clean_text(locale).replace("-", "_")
        codes = [code for code, _name in self.env["res.lang"].get_installed()]
        if locale in codes:
            return locale
        prefix = locale[:2].lower()
        if len(prefix) == 2:
            for code in codes:
                if code.lower().startswith(prefix):
                    return code
        return od.DEFAULT_LANG

    @api.model
    def _check_client(self, api_key, address, required=False):
        """Who sends the request, and whether they may: the API key in use named by
        `api_key` (an empty recordset when no key was sent and none is `required`).

        Refused with 403 when a key is required and missing, or when the key sent is not one
        in use (revoked, mistyped: a key that is sent must be valid, even on reads, which
        need none); with 429 when the key (or, without a key, the client's `address` for
        reads) reached its limit. Every request counts, refused ones included."""
        Key = self.env["chikaya.open311.api.key"]
        Attempt = self.env["chikaya.open311.attempt"]
        given = clean_text(api_key)
        if not given:
            if required:
                raise Open311Error(403, self._message("key_missing"))
            if not Attempt._reserve(od.ATTEMPT_READ, address):
                raise self._too_many(od.ATTEMPT_READ)
            return Key.browse()
        key_sudo = Key._authenticate(given)
        if not key_sudo:
            raise Open311Error(403, self._message("key_invalid"))
        if not Attempt._reserve(od.ATTEMPT_KEY, key_sudo._attempt_key(), key_sudo.rate_limit):
            raise self._too_many(od.ATTEMPT_KEY)
        return key_sudo

    @api.model
    def _too_many(self, kind):
        _limit, window = self.env["chikaya.open311.attempt"]._limit(kind)
        return Open311Error(
            429,
            self._message("too_many", minutes=window),
            headers={"Retry-After": str(window * 60)},
        )

    # ---- Discovery ------------------------------------------------------------------------

    @api.model
    def _discovery(self, endpoint_url):
        """The service discovery document of the endpoint at `endpoint_url`. Its changeset is
        the last change of the services (the themes), so that clients know when to read
        them again."""
        themes = self.env["chikaya.theme"].with_context(active_test=False)
        last = themes.search([], order="write_date desc", limit=1).write_date
        changeset = format_datetime(last or utc_now())
        params = self.env["ir.config_parameter"].sudo()  # visitors may not read settings
        return {
            "changeset": changeset,
            "contact": params.get_param(od.PARAM_CONTACT) or self._message("contact"),
            "key_service": params.get_param(od.PARAM_KEY_SERVICE) or self._message("key_service"),
            "endpoints": [
                {
                    "specification": od.SPECIFICATION,
                    "url": endpoint_url,
                    "changeset": changeset,
                    "type": "production",
                    "formats": list(od.DISCOVERY_FORMATS),
                }
            ],
        }

    # ---- Services -------------------------------------------------------------------------

    @api.model
    def _services(self, jurisdiction_id=None):
        """GET services: every active theme with a code, in the themes' order; `group` is
        the parent theme, `keywords` the sub-themes. Every service has attributes (the kind
        at least), so `metadata` is always true."""
        if clean_text(jurisdiction_id):
            self._commune(jurisdiction_id)
        themes = self.env["chikaya.theme"].search([("open311_code", "!=", False)])
        return [
            {
                "service_code": theme.open311_code,
                "service_name": theme.name,
                "description": theme.description or None,
                "metadata": True,
                "type": od.SERVICE_TYPE,
                "keywords": ", ".join(theme.child_ids.filtered("active").mapped("name")) or None,
                "group": theme.parent_id.name or None,
            }
            for theme in themes
        ]

    @api.model
    def _service_definition(self, service_code, jurisdiction_id=None):
        """GET services/{service_code}: the attributes every service asks — the kind, then
        what a réclamation needs besides the standard parameters (first_name, last_name,
        email or phone): the ID document — and an optional subject."""
        if clean_text(jurisdiction_id):
            self._commune(jurisdiction_id)
        theme = self._theme(service_code)
        Complaint = self.env["chikaya.complaint"]
        kinds = Complaint._fields["kind"]._description_selection(self.env)
        id_types = Complaint._fields["citizen_id_type"]._description_selection(self.env)
        reclamation_only = self.env._("Required for a complaint (réclamation).")
        attributes = [
            {
                "variable": True,
                "code": od.ATTRIBUTE_KIND,
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": self.env._("observation when not given."),
                "order": 1,
                "description": self.env._(
                    "What the citizen sends: a complaint (réclamation) about their own case, "
                    "which needs their identity and is never published; or an observation or "
                    "a suggestion, which may be anonymous and whose description, address and "
                    "position are public."
                ),
                "values": [{"key": key, "name": name} for key, name in kinds],
            },
            {
                "variable": False,
                "code": od.ATTRIBUTE_IDENTITY,
                "datatype": "text",
                "required": False,
                "datatype_description": None,
                "order": 2,
                "description": self.env._(
                    "A complaint (réclamation) needs the citizen's first_name and last_name, "
                    "an email or a phone (a Moroccan number), and their ID document below."
                ),
            },
            {
                "variable": True,
                "code": od.ATTRIBUTE_ID_TYPE,
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": reclamation_only,
                "order": 3,
                "description": self.env._("The type of the citizen's ID document."),
                "values": [{"key": key, "name": name} for key, name in id_types],
            },
            {
                "variable": True,
                "code": od.ATTRIBUTE_ID_NUMBER,
                "datatype": "string",
                "required": False,
                "datatype_description": reclamation_only,
                "order": 4,
                "description": self.env._(
                    "The number of the ID document, e.g. AB123456 for a national ID card (CIN)."
                ),
            },
            {
                "variable": True,
                "code": od.ATTRIBUTE_SUBJECT,
                "datatype": "string",
                "required": False,
                "datatype_description": self.env._(
                    "%(max)s characters at most; the first line of the description when not given.",
                    max=od.MAX_LENGTHS["subject"],
                ),
                "order": 5,
                "description": self.env._("A short title of the request."),
            },
        ]
        return {"service_code": theme.open311_code, "attributes": attributes}

    @api.model
    def _theme(self, service_code):
        """The active theme whose code is `service_code`; 400 when none was given, 404 when
        it names none."""
        code = clean_text(service_code)
        if not code:
            raise Open311Error(400, self._message("not_provided", name="service_code"))
        theme = self.env["chikaya.theme"]
        if re.fullmatch(od.SERVICE_CODE_PATTERN, code):
            theme = theme.search([("open311_code", "=", code)], limit=1)
        if not theme:
            raise Open311Error(404, self._message("service_unknown", value=code[:64]))
        return theme

    @api.model
    def _commune(self, jurisdiction_id):
        """The active commune whose HCP code is `jurisdiction_id`; 400 when none was given,
        404 when it names none (a region or a province is no jurisdiction here: requests go
        to communes, as on the website)."""
        code = clean_text(jurisdiction_id)
        if not code:
            raise Open311Error(400, self._message("not_provided", name="jurisdiction_id"))
        commune = self.env["chikaya.collectivity"]
        if re.fullmatch(od.JURISDICTION_PATTERN, code):
            commune = commune.search(
                [("code", "=", code), ("type", "in", cd.COMMUNE_TYPES)], limit=1
            )
        if not commune:
            raise Open311Error(404, self._message("jurisdiction_unknown", value=code[:32]))
        return commune

    # ---- POST requests --------------------------------------------------------------------

    @api.model
    def _prepare_complaint(self, params, files):
        """(complaint values, attachment values) from the posted parameters and files
        ((name, content) pairs), with the website form's rules: the core's identity rules and
        messages (one per field), its lengths, the file rules of tools/uploads.py. Refused
        with every problem at once (400), or with 400/404 at the first one when the service
        or the jurisdiction is missing or unknown."""
        theme = self._theme(params.get("service_code"))
        value = {name: clean_text(v) for name, v in params.items() if isinstance(v, str)}.get
        errors = []
        lat, long_ = self._check_position(value("lat"), value("long"), errors)
        commune = self._request_commune(params.get("jurisdiction_id"), lat, long_)
        kind = value(f"attribute[{od.ATTRIBUTE_KIND}]") or od.DEFAULT_KIND
        if kind not in dict(cd.KINDS):
            errors.append(self._message("kind"))
        address = value("address_string")
        if lat is None and not address and not errors:
            errors.append(self._message("location"))
        description = value("description")
        if not description:
            errors.append(self._message("description"))
        subject = value(f"attribute[{od.ATTRIBUTE_SUBJECT}]") or self._subject_of(description)
        media_url = value("media_url")
        if media_url and not self._is_media_url(media_url):
            errors.append(self._message("media_url"))
        vals = {
            "kind": kind,
            "channel": cd.CHANNEL_MOBILE,
            "collectivity_id": commune.id,
            "theme_id": theme.id,
            "subject": subject,
            "description": description,
            "citizen_name": " ".join(filter(None, (value("first_name"), value("last_name")))),
            "citizen_id_type": value(f"attribute[{od.ATTRIBUTE_ID_TYPE}]"),
            "citizen_id_number": value(f"attribute[{od.ATTRIBUTE_ID_NUMBER}]"),
            "citizen_email": value("email"),
            "citizen_phone": value("phone"),
            # the complaint's location (the handlers' form and map, look-alikes' distance, and
            # what GET requests publishes of an observation or a suggestion)
            "address": address,
            "latitude": lat or 0.0,
            "longitude": long_ or 0.0,
            "open311_media_url": media_url,
        }
        self._check_lengths(vals, errors)
        Complaint = self.env["chikaya.complaint"]
        for name, message in Complaint._citizen_errors(vals).items():
            errors.append(f"{od.CITIZEN_PARAMETERS[name]}: {message}")
        attachments, problem = uploads.check_files(files)
        if problem:
            errors.append(self._message(problem[0], name=problem[1]))
        if errors:
            raise Open311Error(400, *errors)
        return {name: v or False for name, v in vals.items()}, attachments

    @api.model
    def _check_position(self, lat, long_, errors):
        """(latitude, longitude) as floats when both were given and valid, (None, None)
        when neither was; else a message in `errors`."""
        if not lat and not long_:
            return None, None
        position = parse_coordinate(lat, 90), parse_coordinate(long_, 180)
        if None in position:
            errors.append(self._message("position"))
            return None, None
        if not geo.in_morocco(*position):
            errors.append(self._message("position_outside"))
            return None, None
        return position

    @api.model
    def _request_commune(self, jurisdiction_id, lat, long_):
        """The commune a new request goes to: the jurisdiction_id given, else the commune
        whose boundary holds the point (tools/geo.py); 400 when neither is known."""
        if clean_text(jurisdiction_id) or lat is None:
            return self._commune(jurisdiction_id)
        commune = self.env["chikaya.complaint"]._collectivities_at(lat, long_)["commune"]
        if not commune:
            raise Open311Error(400, self._message("jurisdiction_not_located"))
        return commune

    @api.model
    def _subject_of(self, description):
        """The subject of a request that gives none: the first line of its description."""
        first_line = next((line.strip() for line in description.splitlines() if line.strip()), "")
        return first_line[: od.SUBJECT_FROM_DESCRIPTION].strip()

    @api.model
    def _is_media_url(self, url):
        """Whether `url` is an absolute https:// address of a host (no spaces, no user or
        password in it)."""
        if not url.isascii() or re.search(r"\s", url):
            return False
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        return (
            parts.scheme in od.MEDIA_URL_SCHEMES
            and bool(parts.hostname)
            and not parts.username
            and not parts.password
        )

    @api.model
    def _check_lengths(self, vals, errors):
        parameters = {
            **od.CITIZEN_PARAMETERS,
            "subject": f"attribute[{od.ATTRIBUTE_SUBJECT}]",
            "description": "description",
            "address": "address_string",
            "open311_media_url": "media_url",
        }
        limits = {
            **od.MAX_LENGTHS,
            "address": od.MAX_LENGTHS["address_string"],
            "open311_media_url": od.MAX_LENGTHS["media_url"],
        }
        for name, parameter in parameters.items():
            count = len(vals.get(name) or "")
            if name in limits and count > limits[name]:
                errors.append(
                    self._message("too_long", name=parameter, max=limits[name], count=count)
                )

    @api.model
    def _create_complaint(self, key_sudo, vals, attachments):
        """Create the complaint (channel "Mobile / API") and its files from checked values, as
        the website's form does: as superuser inside workflow_writes() (applications are not
        users), the acknowledgement email capped per recipient address
        (chikaya_open311.ack_daily_limit a day: the API is no mail relay). Return
        complaint_sudo; the core's own checks refuse with 400."""
        Attempt = self.env["chikaya.open311.attempt"]
        ack_address = email_normalize(vals.get("citizen_email") or "") or False
        ack_reservation = ack_address and Attempt._reserve(od.ATTEMPT_ACK, ack_address)
        complaint_sudo = self.env["chikaya.complaint"].sudo()
        if ack_address and not ack_reservation:
            complaint_sudo = complaint_sudo.with_context(chikaya_skip_acknowledgement=True)
        try:
            complaint_sudo = complaint_sudo._create_public(
                dict(vals, open311_api_key_id=key_sudo.id), attachments
            )
            complaint_sudo._message_log(body=self._message("filed", application=key_sudo.name))
        except ValidationError as error:
            # The core's own checks (a rule added there that this API does not know yet).
            Attempt._release(ack_reservation)
            raise Open311Error(400, str(error.args[0])) from error
        except Exception:
            Attempt._release(ack_reservation)
            raise
        if ack_address and not ack_reservation:
            _logger.info(
                "Complaint %s filed through the Open311 API without its acknowledgement email: "
                "the recipient reached the daily limit (%s)",
                complaint_sudo.name,
                od.PARAM_ACK_DAILY_LIMIT,
            )
        return complaint_sudo

    @api.model
    def _post_answer(self, complaint_sudo):
        """The answer to POST requests: the tracking number, the notice, and the access code
        the citizen follows the request with (shown once, as on the website's confirmation
        page; not an Open311 field)."""
        return [
            {
                "service_request_id": complaint_sudo.name,
                "service_notice": self._message("service_notice"),
                "account_id": None,
                "access_code": complaint_sudo.new_access_code or None,
            }
        ]

    # ---- GET requests ---------------------------------------------------------------------

    @api.model
    def _search_requests(self, params):
        """The complaints GET requests lists, as superuser (read through _request_values
        only): by service_request_id (comma-delimited tracking numbers, which overrides every
        other argument), else by jurisdiction (a commune, its arrondissements included),
        service_code(s), status(es) and requested date (at most MAX_SPAN_DAYS; the most recent
        by default), newest first, `page_size` per `page`."""
        value = {name: clean_text(v) for name, v in params.items() if isinstance(v, str)}.get
        complaints_sudo = self.env["chikaya.complaint"].sudo()
        order = "create_date desc, id desc"
        numbers = split_list(value("service_request_id"))
        if numbers:
            if len(numbers) > od.MAX_REQUEST_IDS:
                raise Open311Error(400, self._message("too_many_ids"))
            cleaned = [clean_tracking_number(number) for number in numbers]
            malformed = [n for n, c in zip(numbers, cleaned, strict=True) if not c]
            if malformed:
                raise Open311Error(
                    400, *(self._message("request_malformed", value=n[:32]) for n in malformed)
                )
            return complaints_sudo.search([("name", "in", cleaned)], order=order)
        domain = []
        if value("jurisdiction_id"):
            domain.append(
                ("collectivity_id", "child_of", self._commune(value("jurisdiction_id")).id)
            )
        codes = split_list(value("service_code"))
        if codes:
            domain.append(("theme_id", "in", [self._theme(code).id for code in codes]))
        statuses = split_list(value("status"))
        for status in statuses:
            if status not in od.STATUSES:
                raise Open311Error(400, self._message("status", value=status[:32]))
        if statuses:
            states = [state for status in statuses for state in od.STATUS_STATES[status]]
            domain.append(("state", "in", states))
        start, end = self._date_range(value("start_date"), value("end_date"))
        domain += [("create_date", ">=", start), ("create_date", "<=", end)]
        page, page_size = self._paging(value("page"), value("page_size"))
        return complaints_sudo.search(
            domain, order=order, limit=page_size, offset=(page - 1) * page_size
        )

    @api.model
    def _date_range(self, start_value, end_value):
        """(start, end) as naive UTC datetimes: those given (checked), completed to a span of
        MAX_SPAN_DAYS; the most recent MAX_SPAN_DAYS when neither is given."""
        span = timedelta(days=od.MAX_SPAN_DAYS)
        start = end = None
        for name, given in (("start_date", start_value), ("end_date", end_value)):
            if given:
                moment = parse_datetime(given)
                if moment is None:
                    raise Open311Error(400, self._message("date", name=name, value=given[:40]))
                if name == "start_date":
                    start = moment
                else:
                    end = moment
        if start and end:
            if start > end:
                raise Open311Error(400, self._message("date_order"))
            if end - start > span:
                raise Open311Error(400, self._message("span"))
            return start, end
        if start:
            return start, start + span
        end = end or utc_now()
        return end - span, end

    @api.model
    def _paging(self, page_value, page_size_value):
        """(page, page_size): page from 1 (default 1), page_size from 1 to MAX_PAGE_SIZE
        (default DEFAULT_PAGE_SIZE); ASCII digits only."""
        page = parse_id(page_value) if page_value else 1
        if not page:
            raise Open311Error(400, self._message("page"))
        page_size = parse_id(page_size_value) if page_size_value else od.DEFAULT_PAGE_SIZE
        if not 1 <= page_size <= od.MAX_PAGE_SIZE:
            raise Open311Error(400, self._message("page_size"))
        return page, page_size

    @api.model
    def _get_request(self, service_request_id):
        """GET requests/{service_request_id}: the complaint with that tracking number, as
        superuser; 400 when it is not one, 404 when no complaint has it."""
        value = clean_text(service_request_id)
        number = clean_tracking_number(value)
        if not number:
            raise Open311Error(400, self._message("request_malformed", value=value[:32]))
        complaint_sudo = self.env["chikaya.complaint"].sudo().search([("name", "=", number)])
        if not complaint_sudo:
            raise Open311Error(404, self._message("request_unknown", value=number))
        return complaint_sudo

    @api.model
    def _is_published(self, complaint_sudo):
        """Whether the citizen's text, address and position of this complaint are public: an
        observation or a suggestion (open311_data.PUBLIC_KINDS) filed through this API."""
        return (
            complaint_sudo.kind in od.PUBLIC_KINDS
            and complaint_sudo.channel in od.PUBLISHED_CHANNELS
        )

    @api.model
    def _request_values(self, complaints_sudo):
        """The public fields of each complaint, as GET requests answers them: status, service,
        dates, the collectivity, the public answer; the description, address and position
        only when published (`_is_published`). Never the citizen's identity, contact or
        files, the subject, the internal notes, the media link: they are not read here."""
        arabic = (self.env.lang or "").startswith("ar")
        notice = self._message("service_notice")
        rows = []
        for complaint in complaints_sudo:
            published = self._is_published(complaint)
            closed = complaint.state in cd.DONE_STATES
            unit = complaint.collectivity_id
            has_position = published and (complaint.latitude or complaint.longitude)
            if closed:
                updated = complaint.closed_date or complaint.answered_date or complaint.write_date
            else:
                updated = complaint.write_date
            expected = None
            if not closed and complaint.deadline_date:
                expected = datetime.combine(complaint.deadline_date, time(23, 59, 59))
            rows.append(
                {
                    "service_request_id": complaint.name,
                    "status": od.STATUS_CLOSED if closed else od.STATUS_OPEN,
                    "status_notes": self._status_notes(complaint, published),
                    "service_name": complaint.theme_id.name,
                    "service_code": complaint.theme_id.open311_code or None,
                    "description": complaint.description if published else None,
                    "agency_responsible": (unit.name_ar if arabic else unit.name) or unit.name,
                    "service_notice": notice,
                    "requested_datetime": format_datetime(complaint.create_date),
                    "updated_datetime": format_datetime(updated),
                    "expected_datetime": format_datetime(expected),
                    "address": (complaint.address or None) if published else None,
                    "address_id": None,
                    "zipcode": None,
                    "lat": complaint.latitude if has_position else None,
                    "long": complaint.longitude if has_position else None,
                    "media_url": None,
                }
            )
        return rows

    @api.model
    def _status_notes(self, complaint_sudo, published):
        """The public answer: the response of a published complaint once answered; for the
        others, that an answer was sent (its text is the citizen's); the reason of a
        rejection; that information was requested."""
        state = complaint_sudo.state
        if state in cd.ANSWERED_STATES:
            if published and complaint_sudo.response:
                return complaint_sudo.response
            return self._message("answer_sent")
        if state == "rejected":
            return self._message("rejected", reason=complaint_sudo.rejection_reason_id.name or "")
        if state == "info_requested":
            return self._message("info_requested")
        return None
