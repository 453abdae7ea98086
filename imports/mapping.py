"""What a column means, guessed from its header (Dutch and English), and how cells are read.

One sheet is one of three kinds:
- participants: one row per person (name, details, how they came in, first visit, stage, talents, wishes);
- attendance (rows): one row per person per date (name, date, present/excused/absent, tasks);
- attendance (matrix): one row per person, a column per date, a mark in each cell (as on paper).
The app guesses kind and columns; the person importing confirms or changes them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.utils.translation import gettext_lazy as _

from people.models import InvitedVia, Stage
from practice.models import Presence

PARTICIPANTS, ATTENDANCE_ROWS, ATTENDANCE_MATRIX, SKIP = "participants", "attendance", "matrix", "skip"
KINDS = [
    (PARTICIPANTS, _("participants (one row per person)")),
    (ATTENDANCE_ROWS, _("attendance (one row per person per date)")),
    (ATTENDANCE_MATRIX, _("attendance list (a column per date, marks in the cells)")),
    (SKIP, _("do not import this sheet")),
]

IGNORE = ""
# field -> (label, kinds it belongs to, header words that suggest it; compared after normalising)
FIELDS: dict[str, tuple] = {
    "name": (
        _("first name or nickname"),
        "pam",
        [
            "naam",
            "voornaam",
            "roepnaam",
            "name",
            "first name",
            "deelnemer",
            "bijnaam",
            "nickname",
            "participant",
        ],
    ),
    "last_name": (_("surname"), "pam", ["achternaam", "surname", "last name", "family name", "familienaam"]),
    "full_name": (
        _("full name"),
        "pam",
        ["volledige naam", "full name", "naam voluit", "voor en achternaam"],
    ),
    "phone": (
        _("phone"),
        "p",
        ["telefoon", "telefoonnummer", "tel", "mobiel", "phone", "telephone", "mobile", "gsm"],
    ),
    "email": (_("email"), "p", ["e-mail", "email", "mail", "e-mailadres", "emailadres"]),
    "address": (_("address"), "p", ["adres", "address", "woonadres", "straat"]),
    "birth_year": (_("year of birth"), "p", ["geboortejaar", "year of birth", "birth year", "jaar"]),
    "first_visit": (
        _("first visit"),
        "p",
        [
            "eerste bezoek",
            "first visit",
            "eerste keer",
            "kennismaking",
            "startdatum",
            "start",
            "datum eerste bezoek",
            "sinds",
            "lid sinds",
            "ingeschreven",
        ],
    ),
    "invited_via": (
        _("how they came in"),
        "p",
        [
            "via",
            "binnengekomen via",
            "aangemeld via",
            "uitgenodigd door",
            "verwezen door",
            "verwijzer",
            "invited via",
            "invited by",
            "referred by",
            "hoe binnengekomen",
        ],
    ),
    "stage": (_("stage"), "p", ["fase", "stap", "stap op de route", "status", "stage", "step", "route"]),
    "stage_date": (
        _("stage since"),
        "p",
        [
            "fase sinds",
            "datum fase",
            "stap sinds",
            "in deze stap sinds",
            "stage since",
            "sinds wanneer",
            "datum stap",
            "einddatum",
            "gestopt op",
        ],
    ),
    "talents": (
        _("talents"),
        "p",
        ["talenten", "talent", "kan goed", "talents", "skills", "kwaliteiten", "goed in"],
    ),
    "wishes": (
        _("wishes"),
        "p",
        ["wensen", "wens", "wil graag", "wishes", "wishes and interests", "interesses"],
    ),
    "likes_to_do": (
        _("likes to do for others"),
        "p",
        ["wil doen voor anderen", "wil doen", "likes to do", "bijdrage", "wil bijdragen"],
    ),
    "date": (_("date"), "a", ["datum", "date", "dag", "bijeenkomst", "session"]),
    "presence": (
        _("presence"),
        "a",
        ["aanwezig", "aanwezigheid", "presence", "present", "status", "afgemeld"],
    ),
    "tasks": (_("tasks"), "a", ["taken", "taak", "tasks", "task", "gedaan", "wat gedaan", "bijdrage"]),
    "reason": (_("reason (excused)"), "a", ["reden", "reason", "reden afmelding", "opmerking"]),
}
KIND_LETTER = {PARTICIPANTS: "p", ATTENDANCE_ROWS: "a", ATTENDANCE_MATRIX: "m"}


def fields_for(kind: str) -> list[tuple[str, object]]:
    letter = KIND_LETTER.get(kind, "")
    return [(key, label) for key, (label, kinds, _words) in FIELDS.items() if letter in kinds]


def normalise(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: 'Eerste  bezoek:' -> 'eerste bezoek'."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^\w@]+", " ", text)
    return " ".join(text.split())


def guess_field(header: str, kind: str) -> str:
    """The field a header names for this kind of sheet, or IGNORE."""
    letter = KIND_LETTER.get(kind, "")
    word = normalise(header)
    if not word:
        return IGNORE
    for key, (_label, kinds, words) in FIELDS.items():
        if letter in kinds and word in {normalise(w) for w in words}:
            return key
    return IGNORE


def guess_mapping(header: list[str], kind: str) -> dict[int, str]:
    """column index -> field; each field at most once (the first column that names it)."""
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for i, text in enumerate(header):
        if kind == ATTENDANCE_MATRIX and looks_like_date(text):
            continue
        key = guess_field(text, kind)
        if key and key not in used:
            mapping[i] = key
            used.add(key)
    return mapping


def guess_kind(header: list[str]) -> str:
    """Participants unless the header has dates (a matrix) or a date and presence column (rows)."""
    dates = sum(1 for text in header if looks_like_date(text))
    if dates >= 2:
        return ATTENDANCE_MATRIX
    words = {guess_field(text, ATTENDANCE_ROWS) for text in header}
    if "date" in words and ("presence" in words or "tasks" in words):
        return ATTENDANCE_ROWS
    return PARTICIPANTS


# ----- dates --------------------------------------------------------------------------------------

MONTHS = {
    "jan": 1,
    "januari": 1,
    "january": 1,
    "feb": 2,
    "februari": 2,
    "february": 2,
    "mrt": 3,
    "maart": 3,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "mei": 5,
    "may": 5,
    "jun": 6,
    "juni": 6,
    "june": 6,
    "jul": 7,
    "juli": 7,
    "july": 7,
    "aug": 8,
    "augustus": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oct": 10,
    "oktober": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
WEEKDAY_PREFIX = re.compile(r"^(ma|di|wo|do|vr|za|zo|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+", re.I)
NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
WORDS = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")


class BadDate(ValueError):
    pass


def looks_like_date(text: str) -> bool:
    text = WEEKDAY_PREFIX.sub("", (text or "").strip().lower())
    return bool(ISO.match(text) or NUMERIC.match(text) or WORDS.match(text))


def parse_date(text: str) -> dt.date | None:
    """A date written as 2026-03-10, 10-3-2026, 10/03/26, 10.3.2026, 'di 10 maart 2026'; None if the
    text does not look like a date. Raises BadDate for a date-shaped text that is impossible (31-02-2026)."""
    text = WEEKDAY_PREFIX.sub("", (text or "").strip().lower())
    if not text:
        return None
    if m := ISO.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := NUMERIC.match(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        year += 2000 if year < 100 else 0
    elif (m := WORDS.match(text)) and m[2] in MONTHS:
        day, month, year = int(m[1]), MONTHS[m[2]], int(m[3])
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadDate(text) from None


def parse_date_strict(text: str) -> dt.date:
    """parse_date for a cell that must be a date: BadDate when it is not one."""
    day = parse_date(text)
    if day is None:
        raise BadDate(text)
    return day


# ----- stages, marks, how people came in --------------------------------------------------------------

STAGE_WORDS = {
    Stage.INVITED: ["uitgenodigd", "invited", "aangemeld"],
    Stage.FIRST_VISIT: ["eerste bezoek", "first visit", "kennismaking", "nieuw", "new"],
    Stage.SETTLING_IN: ["wennen", "settling in", "aan het wennen", "proefperiode", "wenperiode"],
    Stage.STRUCTURAL: [
        "vaste deelnemer",
        "vast",
        "structureel",
        "structural",
        "structural participant",
        "vaste deelname",
    ],
    Stage.DROPPED_OUT: ["afgehaakt", "gestopt", "uitgevallen", "uitval", "dropped out", "stopped", "weg"],
    Stage.REFERRED: ["doorverwezen", "verwezen", "referred", "referred elsewhere"],
    Stage.MOVED_ON: ["doorgegroeid", "verder gegaan", "uitgestroomd", "moved on"],
}
STAGE_BY_WORD = {normalise(w): stage for stage, words in STAGE_WORDS.items() for w in words}
IMPORTABLE_STAGES = list(STAGE_WORDS)


def parse_stage(text: str) -> str | None:
    """A stage from its Dutch or English word; '' for an empty cell, None for an unknown word."""
    word = normalise(text)
    if not word:
        return ""
    return STAGE_BY_WORD.get(word) or (word if word in Stage.values and word in STAGE_WORDS else None)


# x, v and ✓ as on paper; "a" is afwezig (absent); afgemeld / af / m (met bericht) is excused.
MARKS = {
    Presence.PRESENT: ["x", "v", "✓", "✔", "1", "ja", "j", "aanwezig", "present", "yes", "p", "+"],
    Presence.EXCUSED: ["afgemeld", "af", "afm", "m", "met bericht", "excused", "e", "ziek", "vakantie"],
    Presence.ABSENT: ["", "-", "a", "afwezig", "absent", "0", "nee", "n", "no", "–", "—"],
}
MARK_BY_TEXT = {w: status for status, words in MARKS.items() for w in words}


def parse_mark(text: str) -> str | None:
    """present / excused / absent from a cell, or None for a mark the app does not know."""
    word = (text or "").strip().lower().rstrip(".")
    if word in MARK_BY_TEXT:
        return MARK_BY_TEXT[word]
    return MARK_BY_TEXT.get(normalise(word))


INVITED_WORDS = {
    InvitedVia.WORKER: [
        "sociaal werker",
        "werker",
        "social worker",
        "worker",
        "door de sociaal werker",
        "opbouwwerker",
    ],
    InvitedVia.MEMBER: [
        "deelnemer",
        "groepslid",
        "lid",
        "member",
        "via een deelnemer",
        "vriend",
        "buurvrouw",
        "buurman",
    ],
    InvitedVia.PARTNER: [
        "partner",
        "verwijzer",
        "via een partner",
        "wijkteam",
        "poh",
        "poh ggz",
        "huisarts",
        "maatjesproject",
        "ggz",
        "gemeente",
        "zorg",
        "zorgaanbieder",
        "neighbourhood team",
    ],
    InvitedVia.WALK_IN: ["binnengelopen", "inloop", "zelf", "walk in", "walked in", "zelf binnengekomen"],
}
INVITED_BY_WORD = {normalise(w): via for via, words in INVITED_WORDS.items() for w in words}


def split_tasks(text: str) -> list[str]:
    return [t.strip() for t in re.split(r"[,;/+\n]", text or "") if t.strip()]


def date_columns_safe(header: list[str]) -> dict[int, dt.date]:
    """date_columns, leaving out impossible dates (the preview reports those)."""
    found = {}
    for i, text in enumerate(header):
        try:
            day = parse_date(text)
        except BadDate:
            continue
        if day is not None:
            found[i] = day
    return found
