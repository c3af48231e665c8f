import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize, ormcache

from odoo.addons.chikaya_complaints.models import complaint_data as cd
from odoo.addons.chikaya_complaints.tools import geo, uploads
from odoo.addons.chikaya_complaints.tools.public_input import clean_text, parse_id

from . import portal_data as pd

_logger = logging.getLogger(__name__)


class ChikayaComplaintSubmission(models.AbstractModel):
    """The public filing form, between the HTTP request and chikaya.complaint.

    The controller hands over the posted fields and files untouched; this model checks
    every one of them and answers with either the new complaint or one message per field,
    so that the form can be shown again with each message next to its field. Why not rely
    on the core's constraints alone: they raise one message for the whole record, while a
    citizen needs to know which field to correct, and the files must be checked before
    anything is written.
    """

    _name = "chikaya.complaint.submission"
    _description = "Complaint filed on the website"

    # ---- Messages -------------------------------------------------------------------------

    @api.model
    def _message(self, key, **params):
        """The message shown next to a field, in the reader's language (tests compare
        with it, so that they do not depend on the translations)."""
        messages = {
            "kind": self.env._(
                "Choose what you are sending: a complaint, an observation or a suggestion."
            ),
            "region_id": self.env._("Choose the region."),
            "province_id": self.env._("Choose the prefecture or province."),
            "province_mismatch": self.env._(
                "This prefecture or province is not in the region you chose: choose it again."
            ),
            "commune_id": self.env._("Choose the commune."),
            "commune_mismatch": self.env._(
                "This commune is not in the prefecture or province you chose: choose it again."
            ),
            "theme_id": self.env._("Choose the theme of your request."),
            "subject": self.env._("Give a subject."),
            "description": self.env._("Describe your request."),
            "too_long": self.env._(
                "This is too long: %(max)s characters at most (you wrote %(count)s).",
                max=params.get("max", 0),
                count=params.get("count", 0),
            ),
            "consent": self.env._(
                "Tick the box to agree to the processing of your personal data: without it, "
                "your request cannot be received."
            ),
            "too_many_files": self.env._("You can attach %(max)s files at most.", max=pd.MAX_FILES),
            "file_too_large": self.env._(
                "The file “%(name)s” is larger than %(size)s MB.",
                name=params.get("name", ""),
                size=pd.MAX_FILE_SIZE // (1024 * 1024),
            ),
            "file_type": self.env._(
                "The file “%(name)s” is not a PDF, JPEG or PNG file (its content was checked, "
                "not its name).",
                name=params.get("name", ""),
            ),
            "files_not_kept": self.env._(
                "For your safety, the files you chose were not kept: please choose them again."
            ),
            "location": self.env._(
                "Give the point's latitude and longitude in decimal degrees (for example "
                "33.97 and -6.85), both or neither."
            ),
            "location_outside": self.env._(
                "This point is not in Morocco: place it again on the map, or leave the "
                "latitude and longitude empty."
            ),
            "support_number": self.env._(
                "This request cannot be supported: it is not open, or its number is wrong."
            ),
            "support_email": self.env._(
                "Give your email address: you will be told there when the request is answered."
            ),
        }
        return messages[key]

    # ---- Form -----------------------------------------------------------------------------

    @api.model
    def _get_form_options(self):
        """Everything the form lists: kinds, the territory in three levels, themes and ID
        types, with labels in the reader's language. Communes carry their province and
        provinces their region, so that the browser narrows each list by the previous one
        (and, without JavaScript, the lists are complete and grouped).

        The lists are built once per language and kept in the registry's cache
        (`_form_lists`): building them reads some 1,600 territorial units, on every display
        of the form otherwise. chikaya.collectivity and chikaya.theme clear that cache when
        they change (create, write, unlink, translations of a theme), in every worker."""
        return {
            **self._form_lists(),
            "max_lengths": pd.MAX_LENGTHS,
            "max_files": pd.MAX_FILES,
            "max_file_mb": pd.MAX_FILE_SIZE // (1024 * 1024),
            "honeypot_field": pd.HONEYPOT_FIELD,
            "consent_value": pd.CONSENT_VALUE,
        }

    @api.model
    @ormcache("self.env.lang")
    def _form_lists(self):
        """The lists of the form in the reader's language, cached per language (see
        _get_form_options). Read as the superuser (`collectivity_sudo`, `theme_sudo`) so
        that the cached lists never depend on who displayed the form first: the territory
        and the active themes are the same for every visitor. Tuples, since every request
        shares them."""
        Complaint = self.env["chikaya.complaint"]
        arabic = (self.env.lang or "").startswith("ar")

        def label(unit):
            return (unit.name_ar if arabic else unit.name) or unit.name

        collectivity_sudo = self.env["chikaya.collectivity"].sudo()
        units = collectivity_sudo.search_fetch(
            [("type", "in", ("region", *cd.PROVINCE_TYPES, *cd.COMMUNE_TYPES))],
            ["name", "name_ar", "type", "parent_id"],
        )
        regions, provinces, communes = [], [], []
        for unit in units:
            row = {"id": unit.id, "name": label(unit), "parent_id": unit.parent_id.id}
            if unit.type == "region":
                regions.append(row)
            elif unit.type in cd.PROVINCE_TYPES:
                provinces.append(row)
            else:
                communes.append(row)
        for rows in (regions, provinces, communes):
            rows.sort(key=lambda r: r["name"])
        by_parent = {}
        for row in provinces + communes:
            by_parent.setdefault(row["parent_id"], []).append(row)
        theme_sudo = self.env["chikaya.theme"].sudo()
        themes = theme_sudo.search([("active", "=", True)])
        province_groups = tuple(
            (region, tuple(by_parent[region["id"]]))
            for region in regions
            if region["id"] in by_parent
        )
        commune_groups = tuple(
            (province, tuple(by_parent[province["id"]]))
            for province in provinces
            if province["id"] in by_parent
        )
        return {
            "kinds": tuple(Complaint._fields["kind"]._description_selection(self.env)),
            "id_types": tuple(
                Complaint._fields["citizen_id_type"]._description_selection(self.env)
            ),
            "regions": tuple(regions),
            # [(parent, children)]: the <optgroup>s of the province and commune lists.
            "province_groups": province_groups,
            "commune_groups": commune_groups,
            # The same <optgroup>s written once, for the form shown with nothing chosen (most
            # displays): QWeb writing some 1,600 <option>s took most of the form's time.
            "province_options_html": self._optgroups_html(province_groups),
            "commune_options_html": self._optgroups_html(commune_groups),
            "themes": tuple(
                sorted(
                    ({"id": t.id, "name": t.display_name} for t in themes),
                    key=lambda t: t["name"],
                )
            ),
        }

    @api.model
    def _optgroups_html(self, groups):
        """The <optgroup>s of [(parent, children)] with their <option>s, none selected, as the
        form's template writes them (`data-parent`: the script narrows the list by it). Every
        value is escaped by Markup's formatting."""
        return Markup("").join(
            Markup('<optgroup label="%s" data-parent="%s">%s</optgroup>')
            % (
                parent["name"],
                parent["id"],
                Markup("").join(
                    Markup('<option value="%s">%s</option>') % (unit["id"], unit["name"])
                    for unit in children
                ),
            )
            for parent, children in groups
        )

    @api.model
    def _aria_attrs(self, errors, name, help_id=None):
        """The attributes that tie a field to its help and to its error message."""
        described_by = [help_id] if help_id else []
        if errors.get(name):
            described_by.append(f"chikaya_{name}_error")
        return {
            "aria-invalid": "true" if errors.get(name) else None,
            "aria-describedby": " ".join(described_by) or None,
        }

    @api.model
    def _get_prefill(self):
        """A logged-in citizen's identity, from their contact and their last complaint (the
        ID document is not on the contact)."""
        user = self.env.user
        if user._is_public():
            return {"kind": cd.KIND_RECLAMATION}
        partner = user.partner_id
        values = {
            "kind": cd.KIND_RECLAMATION,
            "citizen_name": partner.name or "",
            "citizen_email": partner.email or "",
            "citizen_phone": partner.phone or "",
        }
        last = self.env["chikaya.complaint"].search(
            [("partner_id", "=", partner.id), ("citizen_id_number", "!=", False)],
            order="id desc",
            limit=1,
        )
        if last:
            values.update(
                citizen_id_type=last.citizen_id_type or "",
                citizen_id_number=last.citizen_id_number or "",
            )
        return values

    # ---- Checks ---------------------------------------------------------------------------

    @api.model
    def _clean_form(self, form):
        """The posted strings we know, without control characters (public_input.clean_text:
        PostgreSQL refuses a NUL) and stripped; anything else (unknown names, a file posted
        under a text field's name) is ignored."""
        return {name: clean_text(form.get(name)) for name in (*pd.FORM_FIELDS, *pd.LOCATION_FIELDS)}

    @api.model
    def _check_lengths(self, values, errors):
        for name, maximum in pd.MAX_LENGTHS.items():
            count = len(values.get(name) or "")
            if count > maximum and name not in errors:
                errors[name] = self._message("too_long", max=maximum, count=count)

    @api.model
    def _to_id(self, value):
        """A posted id as an int: ASCII digits only, never beyond PostgreSQL's integer; 0,
        which matches no record, for anything else ("²", "①", "abc")."""
        return parse_id(value)

    @api.model
    def _check_place(self, values, errors):
        """Region, then province in it, then commune in it; return the commune."""
        ids = [self._to_id(values[name]) for name in ("region_id", "province_id", "commune_id")]
        # the three read at once (one query for their existence, one for their fields)
        found = self.env["chikaya.collectivity"].browse({i for i in ids if i}).exists()
        region, province, commune = (found.filtered(lambda unit, i=i: unit.id == i) for i in ids)
        if not region or region.type != "region":
            errors["region_id"] = self._message("region_id")
        if not province or province.type not in cd.PROVINCE_TYPES:
            errors["province_id"] = self._message("province_id")
        elif region and province.parent_id != region:
            errors["province_id"] = self._message("province_mismatch")
        if not commune or commune.type not in cd.COMMUNE_TYPES:
            errors["commune_id"] = self._message("commune_id")
        elif province and commune.parent_id != province:
            errors["commune_id"] = self._message("commune_mismatch")
        return commune

    @api.model
    def _check_location(self, values, errors):
        """The optional point: (latitude, longitude) as floats, both within Morocco, or
        (False, False) when none was given. A point in another commune than the one chosen
        is accepted (the citizen's choice of commune stands; the point stays, as placed)."""
        raw_lat, raw_lon = values["latitude"], values["longitude"]
        if not raw_lat and not raw_lon:
            return False, False
        latitude, longitude = geo.parse_coordinate(raw_lat), geo.parse_coordinate(raw_lon)
        if latitude is None or longitude is None:
            errors["latitude"] = self._message("location")
            return False, False
        if not geo.in_morocco(latitude, longitude):
            errors["latitude"] = self._message("location_outside")
            return False, False
        return latitude, longitude

    @api.model
    def _check_identity(self, values, errors):
        """The citizen's identity and contact, by the core's rules and messages (one per
        field): chikaya.complaint._citizen_errors."""
        for name, message in self.env["chikaya.complaint"]._citizen_errors(values).items():
            errors.setdefault(name, message)

    @api.model
    def _read_uploads(self, storages):
        """(name, content) pairs of the uploaded files: the core's reader (tools/uploads.py),
        shared with the Open311 API."""
        return uploads.read_uploads(storages)

    @api.model
    def _check_files(self, files, errors):
        """`files`: (name, content) pairs. Return the attachment values of the good ones, by
        the core's rule (tools/uploads.py: count, size, type from the first bytes); the
        first problem goes under the attachments field, worded for the citizen."""
        attachments, problem = uploads.check_files(files)
        if problem:
            code, name = problem
            errors.setdefault("attachments", self._message(code, name=name))
        return attachments

    @api.model
    def _validate(self, form, files):
        """(complaint values, attachment values, errors by field name)."""
        values = self._clean_form(form)
        errors = {}
        if values["kind"] not in dict(cd.KINDS):
            errors["kind"] = self._message("kind")
        commune = self._check_place(values, errors)
        theme = self.env["chikaya.theme"].browse(self._to_id(values["theme_id"])).exists()
        if not theme or not theme.active:
            errors["theme_id"] = self._message("theme_id")
        for name in ("subject", "description"):
            if not values[name]:
                errors[name] = self._message(name)
        latitude, longitude = self._check_location(values, errors)
        self._check_identity(values, errors)
        self._check_lengths(values, errors)
        # Only what the ticked checkbox sends is consent ("0", "false" or "off" are not).
        if values["consent"] != pd.CONSENT_VALUE:
            errors["consent"] = self._message("consent")
        attachments = self._check_files(files, errors)
        vals = {
            "kind": values["kind"],
            "channel": cd.CHANNEL_PORTAL,
            "collectivity_id": commune.id,
            "theme_id": theme.id,
            "subject": values["subject"],
            "description": values["description"],
            "address": values["address"] or False,
            "latitude": latitude,
            "longitude": longitude,
            "privacy_consent_date": fields.Datetime.now(),
        }
        for name in (
            "citizen_name",
            "citizen_id_type",
            "citizen_id_number",
            "citizen_email",
            "citizen_phone",
        ):
            vals[name] = values[name] or False
        return vals, attachments, errors

    # ---- Filing ---------------------------------------------------------------------------

    @api.model
    def _submit(self, form, files, address):
        """File the complaint from the posted form, sent from `address`. Return
        (complaint_sudo, {}) when it is created, (empty recordset, errors by field) when
        nothing was; the errors are {pd.SUBMIT_LIMITED: True} when the address has reached
        the limit of accepted filings.

        The slot of the accepted-filings limit is reserved once the form is valid (refused
        forms do not count against it: a citizen correcting mistakes is not locked out;
        every post counts against the wider limit on posts, see ir_http), and given back if
        the complaint is not created after all."""
        Complaint = self.env["chikaya.complaint"]
        vals, attachments, errors = self._validate(form, files)
        if errors:
            return Complaint, errors
        Attempt = self.env["chikaya.portal.attempt"]
        reservation = Attempt._reserve(pd.ATTEMPT_SUBMIT, address)
        if not reservation:
            return Complaint, {pd.SUBMIT_LIMITED: True}
        try:
            complaint_sudo, errors = self._create_complaint(vals, attachments)
        except Exception:
            Attempt._release(reservation)
            raise
        if errors:
            Attempt._release(reservation)
        return complaint_sudo, errors

    @api.model
    def _create_complaint(self, vals, attachments):
        """Create the complaint from checked values: (complaint_sudo, {}), or (empty
        recordset, {"form": message}) when the core's own checks refuse it.

        The complaint and its files are created as superuser: visitors and citizens may not
        create complaints or attachments on them otherwise, and every value was checked
        before. A logged-in citizen's complaint is linked to their own contact.

        The acknowledgement email goes out unless its recipient already received
        ack_daily_limit of them in the last 24 hours from website filings: the form must not
        let anyone send any number of emails to any address. The complaint is filed all the
        same, and the confirmation page shows its references. (Staff registrations are not a
        relay and are not capped: the cap lives here, not in the core.)"""
        Complaint = self.env["chikaya.complaint"]
        if not self.env.user._is_public():
            # Filed while signed in: the complaint is in the citizen's account. Anonymous
            # filings get a contact by the core's rule (_find_or_create_citizens), which never
            # puts a complaint in an account that has not proven the address typed.
            vals["partner_id"] = self.env.user.partner_id.id
        Attempt = self.env["chikaya.portal.attempt"]
        ack_address = self._acknowledgement_address(vals)
        ack_reservation = ack_address and Attempt._reserve(pd.ATTEMPT_ACK, ack_address)
        complaint_sudo = Complaint.sudo()
        if ack_address and not ack_reservation:
            complaint_sudo = complaint_sudo.with_context(chikaya_skip_acknowledgement=True)
        try:
            complaint_sudo = complaint_sudo._create_public(vals, attachments)
        except ValidationError as error:
            # The core's own checks (a rule added there that the form does not know yet).
            Attempt._release(ack_reservation)
            return Complaint, {"form": str(error.args[0])}
        except Exception:
            Attempt._release(ack_reservation)
            raise
        if ack_address and not ack_reservation:
            _logger.info(
                "Complaint %s filed without its acknowledgement email: the recipient reached "
                "the daily limit (%s)",
                complaint_sudo.name,
                pd.PARAM_ACK_DAILY_LIMIT,
            )
        return complaint_sudo, {}

    @api.model
    def _acknowledgement_address(self, vals):
        """The address the core sends the acknowledgement to (that of the complaint's
        contact: the signed-in citizen's, or the one typed), normalized; False for none."""
        email = vals.get("citizen_email")
        if vals.get("partner_id"):
            email = self.env["res.partner"].sudo().browse(vals["partner_id"]).email
        return email_normalize(email or "") or False

    @api.model
    def _encode_for_session(self, complaint):
        """What the confirmation page needs to find the complaint again: its id, the time,
        and the access code it shows once (the only copy in plain besides the citizen's
        acknowledgement), kept in the server-side session (never in the URL)."""
        return {
            "id": complaint.id,
            "time": fields.Datetime.now().timestamp(),
            "code": complaint.new_access_code,
        }

    @api.model
    def _confirmed_complaint(self, stored):
        """The complaint a session entry names, as superuser, if it is recent enough."""
        Complaint = self.env["chikaya.complaint"].sudo()
        if not isinstance(stored, dict) or not isinstance(stored.get("id"), int):
            return Complaint.browse()
        age = fields.Datetime.now().timestamp() - float(stored.get("time") or 0)
        if age > pd.CONFIRMATION_TTL_SECONDS:
            return Complaint.browse()
        return Complaint.browse(stored["id"]).exists()

    # ---- The form's helpers: commune of a point, look-alikes, support ------------------------

    @api.model
    def _locate(self, latitude, longitude):
        """The region, province and commune ids (and names) of a point, for the form to
        propose: {} when the point is not a point in Morocco or falls where no boundary is
        known (the citizen then chooses in the lists)."""
        latitude, longitude = geo.parse_coordinate(latitude), geo.parse_coordinate(longitude)
        if latitude is None or longitude is None:
            return {}
        units = self.env["chikaya.complaint"]._collectivities_at(latitude, longitude)
        if not units["commune"]:
            return {}
        arabic = (self.env.lang or "").startswith("ar")
        return {
            level: {"id": unit.id, "name": (arabic and unit.name_ar) or unit.name}
            for level, unit in units.items()
        }

    @api.model
    def _look_alikes(self, params):
        """The open complaints of the commune and theme that look like the text being typed
        (chikaya.complaint._public_look_alikes: nothing of anyone's identity, no
        réclamation's text)."""
        commune = self._to_id(params.get("commune_id"))
        theme = self._to_id(params.get("theme_id"))
        text = " ".join(
            clean_text(params.get(name), pd.SIMILAR_MAX_TEXT) or ""
            for name in ("subject", "description")
        ).strip()
        if not commune or not theme or len(text) < 10:
            return []
        latitude = geo.parse_coordinate(params.get("latitude"))
        longitude = geo.parse_coordinate(params.get("longitude"))
        return self.env["chikaya.complaint"]._public_look_alikes(
            commune, theme, text, latitude, longitude
        )

    @api.model
    def _support(self, form):
        """Support an open complaint instead of filing the same one (the support form's post,
        already counted by the limit on posts and checked for its CSRF token): (complaint
        number, {}) or (False, errors by field). The consent is the filing form's; one
        supporter per address and complaint (a second support changes nothing)."""
        values = {name: clean_text(form.get(name)) for name in pd.SUPPORT_FIELDS}
        errors = {}
        complaint_sudo = self.env["chikaya.complaint"].sudo()
        if values["number"] and len(values["number"]) <= pd.TRACK_MAX_INPUT:
            complaint_sudo = complaint_sudo.search(
                [("name", "=", values["number"]), ("state", "in", cd.OPEN_STATES)], limit=1
            )
        if not complaint_sudo:
            errors["number"] = self._message("support_number")
        user = self.env.user
        partner = not user._is_public() and user.partner_id
        email = email_normalize(values["email"] or "") or (partner and partner.email)
        if not email_normalize(email or ""):
            errors["email"] = self._message("support_email")
        if values["consent"] != pd.CONSENT_VALUE:
            errors["consent"] = self._message("consent")
        if errors:
            return False, errors
        # The account is named only when the address is its own (an address typed while
        # signed in may be anyone's).
        own = partner and email_normalize(partner.email or "") == email_normalize(email)
        complaint_sudo._add_supporter(email, partner if own else None)
        return complaint_sudo.name, {}
