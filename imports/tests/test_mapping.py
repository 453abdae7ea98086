import datetime as dt

import pytest

from imports import mapping as m


def test_dutch_and_english_headers_are_recognised():
    header = [
        "Voornaam",
        "Achternaam",
        "Telefoon",
        "Eerste bezoek",
        "Via",
        "Fase",
        "Talenten",
        "Wensen",
        "Opmerking",
    ]
    assert m.guess_kind(header) == m.PARTICIPANTS
    assert m.guess_mapping(header, m.PARTICIPANTS) == {
        0: "name",
        1: "last_name",
        2: "phone",
        3: "first_visit",
        4: "invited_via",
        5: "stage",
        6: "talents",
        7: "wishes",
    }
    english = ["Name", "Phone", "First visit", "Stage", "Talents", "Wishes"]
    assert list(m.guess_mapping(english, m.PARTICIPANTS).values()) == [
        "name",
        "phone",
        "first_visit",
        "stage",
        "talents",
        "wishes",
    ]
    assert m.guess_mapping(["NAAM", "Stap"], m.PARTICIPANTS) == {0: "name", 1: "stage"}


def test_attendance_kinds_are_guessed():
    assert m.guess_kind(["Naam", "di 6-1-2026", "13-01-2026", "Totaal"]) == m.ATTENDANCE_MATRIX
    assert m.guess_kind(["Naam", "Datum", "Aanwezig", "Taken"]) == m.ATTENDANCE_ROWS
    assert m.guess_mapping(["Naam", "Datum", "Aanwezig", "Taken"], m.ATTENDANCE_ROWS) == {
        0: "name",
        1: "date",
        2: "presence",
        3: "tasks",
    }


@pytest.mark.parametrize(
    "text,day",
    [
        ("2026-03-10", dt.date(2026, 3, 10)),
        ("10-3-2026", dt.date(2026, 3, 10)),
        ("10/03/26", dt.date(2026, 3, 10)),
        ("10.3.2026", dt.date(2026, 3, 10)),
        ("di 10 maart 2026", dt.date(2026, 3, 10)),
        ("10 mrt 2026", dt.date(2026, 3, 10)),
        ("2026-03-10 00:00:00", dt.date(2026, 3, 10)),
        ("Naam", None),
        ("", None),
    ],
)
def test_dates_as_workers_write_them(text, day):
    assert m.parse_date(text) == day


def test_an_impossible_date_is_not_silently_ignored():
    with pytest.raises(m.BadDate):
        m.parse_date("31-02-2026")


def test_marks_stages_and_ways_in():
    assert [m.parse_mark(t) for t in ["x", "V", "✓", "afgemeld", "-", "a", "", "q"]] == [
        "present",
        "present",
        "present",
        "excused",
        "absent",
        "absent",
        "absent",
        None,
    ]
    assert m.parse_stage("Vaste deelnemer") == "structural"
    assert m.parse_stage("wennen") == "settling_in"
    assert m.parse_stage("") == ""
    assert m.parse_stage("superster") is None
    assert m.INVITED_BY_WORD[m.normalise("Binnengelopen")] == "walk_in"
