"""The sample sheet: a participants sheet and an attendance list with a column per date, in the
shape social workers keep them (shipped with the demo, downloadable from the import page and shown
in docs/import.md). Dates are the last twelve Tuesdays before `today`, so the sample always imports."""

from __future__ import annotations

import datetime as dt

from core.files import xlsx_bytes

PEOPLE = [
    # first name, surname, phone, weeks before the first list date, via, stage, talents, wishes
    (
        "Ans",
        "de Vries",
        "06-12345678",
        30,
        "sociaal werker",
        "vaste deelnemer",
        "koken, gastvrij",
        "samen eten",
    ),
    ("Kees", "Bakker", "", 26, "wijkteam", "vaste deelnemer", "klussen", "nieuwe mensen leren kennen"),
    ("Fatma", "Yilmaz", "06-23456789", 20, "deelnemer", "vaste deelnemer", "bakken", "Nederlands oefenen"),
    ("Henk", "", "", 12, "binnengelopen", "", "tuinieren", "er even uit"),
    ("Marja", "Jansen", "020-1234567", 8, "sociaal werker", "", "luisteren", "rust en gezelligheid"),
    ("Mohamed", "El Amrani", "", 4, "deelnemer", "", "fietsen maken", "iets betekenen"),
    ("Riet", "Visser", "", 2, "sociaal werker", "", "breien", ""),
    ("Joop", "Smit", "", 1, "binnengelopen", "afgehaakt", "", "gezelschap"),
    ("Sandra", "", "", 0, "deelnemer", "", "", "meedoen"),
    ("Piet", "Mulder", "", -8, "sociaal werker", "", "muziek", "samen zingen"),
]
# One string per person, one character per date: x present, m afgemeld (excused), - absent, a afwezig.
MARKS = [
    "xxx-xxxmxxxx",
    "xx-xxx-xxx-x",
    "x-xxmxxx-xxx",
    "-x-x--x-xx-x",
    "xxxmxxx-xxxx",
    "--xx-x-xx-xx",
    "---x-xxx-xxx",
    "xx-x--aaaaaa",
    "------xx-x-x",
    "--------xxxx",
]
ATTENDANCE_WORD = {"x": "x", "m": "afgemeld", "-": "", "a": "a"}


def list_dates(today: dt.date, count: int = 12) -> list[dt.date]:
    last = today - dt.timedelta(days=(today.weekday() - 1) % 7 or 7)  # the last Tuesday before today
    return [last - dt.timedelta(weeks=count - 1 - i) for i in range(count)]


def sample_rows(today: dt.date) -> tuple[list[str], list[list], list[str], list[list]]:
    dates = list_dates(today)
    people_header = [
        "Voornaam",
        "Achternaam",
        "Telefoon",
        "Kennismaking",
        "Via",
        "Stap op de route",
        "Talenten",
        "Wensen",
    ]
    people = []
    for (first, last, phone, weeks, via, stage, talents, wishes), marks in zip(PEOPLE, MARKS, strict=True):
        present = [d for d, mark in zip(dates, marks, strict=True) if mark == "x"]
        visit = dates[0] - dt.timedelta(weeks=weeks) if weeks > 0 else present[0]
        people.append([first, last, phone, visit.strftime("%d-%m-%Y"), via, stage, talents, wishes])
    list_header = ["Naam", *[d.strftime("%d-%m-%Y") for d in dates]]
    attendance = [
        [f"{first} {last}".strip(), *[ATTENDANCE_WORD[c] for c in marks]]
        for (first, last, *_rest), marks in zip(PEOPLE, MARKS, strict=True)
    ]
    return people_header, people, list_header, attendance


def sample_workbook(today: dt.date) -> bytes:
    people_header, people, list_header, attendance = sample_rows(today)

    def fill(book):
        book.sheet("Deelnemers", people_header, people)
        book.sheet("Aanwezigheid", list_header, attendance, widths=[22] + [11] * (len(list_header) - 1))

    return xlsx_bytes(fill)
