import re

from odoo import api, fields, models
from odoo.tools import email_normalize

from . import complaint_data as cd

# The languages a citizen's emails are written in: French (the administrations' working
# language, the default) and Arabic; codes of res.lang.
CITIZEN_LANG_FRENCH = "fr_FR"
CITIZEN_LANGS = [(CITIZEN_LANG_FRENCH, "French"), ("ar_001", "Arabic")]


def _compact(value):
    """An identifier or phone number as typed, without spaces, dots or dashes."""
    return re.sub(r"[\s.\-]", "", value or "")


class ChikayaComplaintCitizenMixin(models.AbstractModel):
    """The citizen side of a complaint: the identity and contact rules (one message per
    field, for the constraint and for the portal's form), the canonical form of what is
    stored, the contact a complaint is linked to, and bringing complaints into a citizen's
    account once they proved they hold them."""

    _name = "chikaya.complaint.citizen.mixin"
    _description = "Complaint: the citizen"

    citizen_lang = fields.Selection(
        CITIZEN_LANGS,
        string="Citizen's language",
        compute="_compute_citizen_lang",
        inverse="_inverse_citizen_lang",
        readonly=False,
        help="The language of the emails to the citizen (acknowledgement, request for "
        "information, answer) and of their contact. French unless the citizen writes in "
        "Arabic; a request filed on the website takes the language of the page.",
    )

    @api.depends("partner_id.lang")
    def _compute_citizen_lang(self):
        """The language of the citizen's contact; French for a complaint not registered yet
        (the bureau d'ordre's form starts with it)."""
        langs = dict(CITIZEN_LANGS)
        for complaint in self:
            lang = complaint.partner_id.lang
            if not complaint.partner_id:
                complaint.citizen_lang = CITIZEN_LANG_FRENCH
            else:
                complaint.citizen_lang = lang if lang in langs else False

    def _inverse_citizen_lang(self):
        """The language chosen for the citizen becomes their contact's, unless the contact is
        an account's: a citizen with an account chose their language in it."""
        for complaint in self:
            # Staff may not write contacts: the language of the complaint's own contact is
            # the only value written.
            partner_sudo = complaint.partner_id.sudo()
            if (
                complaint.citizen_lang
                and partner_sudo
                and not partner_sudo.user_ids
                and partner_sudo.lang != complaint.citizen_lang
            ):
                partner_sudo.lang = complaint.citizen_lang

    @api.model
    def _citizen_errors(self, vals):
        """The citizen's identity and contact in `vals` (a complaint's values, or the
        portal's form as typed), checked against the rules of complaint_data: {field:
        message}, one message per field, empty when all is well. The constraint below raises
        them; the portal shows each under its field. One set of rules and one set of
        messages, worded for the citizen (handlers read them too)."""

        def given(name):
            value = vals.get(name)
            return value.strip() if isinstance(value, str) else ""

        messages = {
            "citizen_name": self.env._(
                "Give your name: a complaint (réclamation) needs your identity."
            ),
            "citizen_id_type": self.env._("Choose the type of your ID document."),
            "citizen_id_number": self.env._(
                "Give your ID number: a complaint (réclamation) needs your identity."
            ),
        }
        invalid_id = {
            "cin": self.env._(
                "This ID number is not valid: expected one or two letters followed by up to "
                "6 digits, e.g. AB123456."
            ),
            "passport": self.env._(
                "This ID number is not valid: expected 6 to 9 letters or digits."
            ),
            "residence": self.env._(
                "This ID number is not valid: expected one or two letters followed by 5 to 8 "
                "digits, e.g. E123456."
            ),
        }
        errors = {}
        needed = vals.get("kind") not in cd.ANONYMOUS_KINDS
        for name in ("citizen_name", "citizen_id_type", "citizen_id_number"):
            if needed and not given(name):
                errors[name] = messages[name]
        id_type, number = given("citizen_id_type"), given("citizen_id_number")
        if id_type and id_type not in cd.ID_PATTERNS:
            errors["citizen_id_type"] = messages["citizen_id_type"]
        elif number:
            if not id_type:
                errors.setdefault("citizen_id_type", messages["citizen_id_type"])
            elif not re.match(cd.ID_PATTERNS[id_type], _compact(number).upper()):
                errors.setdefault("citizen_id_number", invalid_id[id_type])
        email, phone = given("citizen_email"), given("citizen_phone")
        if email and not (email_normalize(email) and re.match(cd.EMAIL_PATTERN, email)):
            errors.setdefault(
                "citizen_email", self.env._("Enter a valid email address, such as name@example.ma.")
            )
        if phone and not re.match(cd.PHONE_PATTERN, _compact(phone)):
            errors.setdefault(
                "citizen_phone",
                self.env._(
                    "Enter a Moroccan phone number: 10 digits starting with 05, 06, 07 or 08 "
                    "(or +212 followed by 9 digits)."
                ),
            )
        if needed and not email and not phone:
            errors.setdefault(
                "citizen_email",
                self.env._(
                    "Give an email address or a phone number, so that the answer can reach you."
                ),
            )
        return errors

    @api.model
    def _normalize_citizen_vals(self, vals):
        """Store identifiers in one canonical form, so that searches and checks agree."""
        if vals.get("citizen_id_number"):
            vals["citizen_id_number"] = _compact(vals["citizen_id_number"]).upper()
        if vals.get("citizen_phone"):
            vals["citizen_phone"] = _compact(vals["citizen_phone"])
        if vals.get("citizen_email"):
            vals["citizen_email"] = vals["citizen_email"].strip()
        for key in ("citizen_name", "subject"):
            if vals.get(key):
                vals[key] = vals[key].strip()
        return vals

    @api.model
    def _find_or_create_citizens(self, vals_list):
        """Link each new complaint to a contact: one with the same email that no account
        could have claimed without proof, else a new one.

        A contact qualifies when no user account holds it, or when its account proved that
        it owns the address (res.users.chikaya_verified_email): Odoo's sign-up does not check
        addresses, so an account opened with someone else's email must never receive that
        person's complaints. Whoever owns the address receives the acknowledgement (and its
        access code) anyway, so a proven account learns nothing more from the link.
        Done for the whole batch with one search and one create, whatever its size.
        """
        # Citizens filing from the portal may not read partners: the lookup by email and
        # the creation of their own contact are the only things done as superuser.
        partners_sudo = self.env["res.partner"].sudo().with_context(active_test=False)
        wanted = [
            vals
            for vals in vals_list
            if not vals.get("partner_id")
            and (vals.get("citizen_email") or vals.get("citizen_name"))
        ]
        emails = {email_normalize(v["citizen_email"]) for v in wanted if v.get("citizen_email")}
        emails.discard(False)
        known = {}
        if emails:
            candidates = partners_sudo.search(
                [("email_normalized", "in", list(emails)), ("active", "=", True)], order="id"
            )
            for partner in candidates:
                email = partner.email_normalized
                accounts = partner.user_ids
                if not accounts:
                    known.setdefault(email, partner)
                elif any(u.chikaya_verified_email == email for u in accounts):
                    known[email] = partner  # a proven account comes before a plain contact
        to_create = []
        for vals in wanted:
            email = email_normalize(vals.get("citizen_email") or "")
            if email and email in known:
                vals["partner_id"] = known[email].id
            else:
                to_create.append(vals)
        partners = partners_sudo.create([self._citizen_partner_vals(v) for v in to_create])
        for vals, partner in zip(to_create, partners, strict=True):
            vals["partner_id"] = partner.id

    @api.model
    def _citizen_partner_vals(self, vals):
        """The contact of a citizen who has none yet, from a complaint's values.

        Its language, that of every email to the citizen, is never a staff member's
        interface language: the one given for the citizen (`citizen_lang`: the bureau
        d'ordre's form, French unless the handler picks Arabic); else French for a letter or
        a call registered by staff; else the language of the request, i.e. of the website's
        page the citizen filed on (French or Arabic; another language only if the website
        offers it and the citizen chose it)."""
        lang = vals.get("citizen_lang")
        if not lang and vals.get("channel") in cd.STAFF_CHANNELS:
            lang = CITIZEN_LANG_FRENCH
        return {
            "name": vals.get("citizen_name") or vals.get("citizen_email"),
            "email": vals.get("citizen_email") or False,
            "phone": vals.get("citizen_phone") or False,
            "lang": lang or self.env.lang or CITIZEN_LANG_FRENCH,
        }

    def _link_to_account(self, user, proof):
        """Bring these complaints into `user`'s account (their /my/complaints): the citizen
        proved they hold them (`proof`, said in the chatter). Called by the portal after the
        proof only; their previous contact stops following them. Complaints already in an
        account stay there."""
        partner = user.partner_id
        todo = self.filtered(lambda c: c.partner_id != partner and not c.partner_id.user_ids)
        if not todo:
            return todo
        previous = todo.partner_id
        todo._workflow_write({"partner_id": partner.id})
        todo.message_subscribe(partner_ids=partner.ids)
        todo.message_unsubscribe(partner_ids=previous.ids)
        todo._message_log_batch(
            bodies={
                complaint.id: self.env._(
                    "Added to the citizen account of %(name)s (proof: %(proof)s).",
                    name=partner.display_name,
                    proof=proof,
                )
                for complaint in todo
            }
        )
        return todo
