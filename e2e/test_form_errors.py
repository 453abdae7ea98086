"""Errors are where the eye is: every form of the app, sent with a wrong value on a phone (390x844), comes
back with a summary of what is wrong as the first thing in view, focused, each item a link to its field,
and what was typed still in the form.

One case per form: who fills it in, where it is, what wrong value goes in, and what the summary must say.
The wrong values are the ones people make: a date in the future or before the network started, a number
out of range, a required field left empty, an end before its start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from e2e.browser import manage, screenshot
from e2e.test_imports import FIXTURES

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package").expect

SOUP, CRAFTS, TOYS = "Soepgroep De Kroon", "Creaclub Het Anker", "Speelgoedpunt De Linde"
FUTURE = "2099-12-31"
LONG_AGO = "1990-01-01"


@dataclass(frozen=True)
class Case:
    user: str | None
    where: object  # a path, or a function(page, ids) -> path
    fills: dict  # field name -> wrong (or needed) value; the form is the one holding the first field
    says: str  # a piece of the summary
    submit: str = "button[type=submit]"
    keeps: tuple = field(default=())  # fields whose typed value must come back


def _ids(open_page, cache: dict) -> dict:
    """The demo's network ids by name, a participant of the soup group and their route link, read once
    per test process by the coordinator, who sees every network (a worker sees only their own, so the
    cache must not depend on which test happens to fill it first)."""
    if cache:
        return cache
    page = open_page("phone", user="ingrid")
    page.goto("/netwerken/")
    for name in (SOUP, CRAFTS, TOYS):
        href = page.locator("main").get_by_role("link", name=name).first.get_attribute("href")
        cache[name] = int(re.search(r"/netwerken/(\d+)/", href).group(1))
    page.goto(f"/deelnemers/netwerk/{cache[SOUP]}/")
    href = page.locator("main .people-list a").first.get_attribute("href")
    cache["participant"] = int(re.search(r"/deelnemers/(\d+)/", href).group(1))
    return cache


def _link(page, path: str, selector: str) -> str:
    page.goto(path)
    return page.locator(selector).first.get_attribute("href")


def _route_form(page, ids):
    return _link(page, f"/deelnemers/{ids['participant']}/", "main a[href*='/route/']")


def _session(page, ids):
    page.goto(f"/praktijk/netwerk/{ids[SOUP]}/")
    return page.locator("main a[href*='/bijeenkomst/']").last.get_attribute("href")  # a recorded one


def _followup(page, ids):
    return _link(page, f"/praktijk/netwerk/{ids[SOUP]}/opvolging/", "main ul.cards h3 a")


def _user_edit(page, ids):
    return _link(
        page, "/account/gebruikers/", "main a[href^='/account/gebruikers/'][href$='/']:not([href$='nieuw/'])"
    )


def _round(page):
    page.goto("/evaluatie/")
    page.locator("main").get_by_role("link", name="Jaarevaluatie 2026").click()
    page.wait_for_load_state()


def _interview(page, ids):
    _round(page)
    return page.locator("main a[href*='/gesprekken/']:not([href*='verslag'])").first.get_attribute("href")


def _report(page, ids):
    """A report that is still to be read back (its read-back form is on the page)."""
    _round(page)
    links = page.locator("main a[href*='/verslag/']")
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        page.goto(href)
        if page.locator("main [name='read_back-date']").count():
            return href
    raise AssertionError("no report of the demo round waits to be read back")


def _report_to_mark(page, ids):
    """A checked report: passages of it can be marked with themes."""
    _round(page)
    links = page.locator("main a[href*='/verslag/']")
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        page.goto(href)
        if page.locator("main form.highlight-form").count():
            return href
    raise AssertionError("no checked report in the demo round")


def _hours_edit(page, ids):
    return _link(page, f"/planning/netwerk/{ids[CRAFTS]}/uren/", "main a[href*='/uren/'][href$='/wijzigen/']")


def _other_date(page, ids):
    return _link(page, f"/praktijk/netwerk/{ids[SOUP]}/", "main a[href*='/andere-datum/']")


def _privacy_with_attention(page, ids):
    """The privacy page of someone who agreed to points of attention (the form is only there then)."""
    page.goto(f"/deelnemers/netwerk/{ids[SOUP]}/")
    links = page.locator("main .people-list a")
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        path = "/privacy/deelnemer/" + href.rstrip("/").rsplit("/", 1)[-1] + "/"
        page.goto(path)
        if page.locator("main form:has(textarea[name='text'])").count():
            return path
    raise AssertionError("nobody in the soup group agreed to points of attention")


def _theme(page, ids):
    return _link(page, "/evaluatie/codeboek/", "main a[href^='/evaluatie/codeboek/'][href$='/']")


def _precondition(page, ids):
    return _link(page, f"/kwaliteit/netwerk/{ids[CRAFTS]}/", "main a[href*='/randvoorwaarde/']")


def _partner_edit(page, ids):
    href = _link(
        page,
        "/deelnemers/partners/",
        "main a[href^='/deelnemers/partners/'][href$='/']:not([href$='nieuw/'])",
    )
    return href + "bewerken/"


def _idea_activity(page, ids):
    """The form that turns an idea of the group board into an activity (the management tab)."""
    for network in (SOUP, CRAFTS):
        page.goto(f"/groepsbord/netwerk/{ids[network]}/")
        link = page.locator("main a[href*='/idee/'][href$='/activiteit/']")
        if link.count():
            return link.first.get_attribute("href")
    raise AssertionError("no idea on the demo's group boards to turn into an activity")


def _import_columns(page, ids):
    """The column mapping of a spreadsheet just uploaded (a draft: nothing is imported yet)."""
    page.goto(f"/import/netwerk/{ids[CRAFTS]}/")
    upload = page.locator("main form:has(input[type=file][name='file'])")
    upload.locator("input[type=file]").set_input_files(str(FIXTURES / "groep.xlsx"))
    upload.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/kolommen/$"))
    return re.sub(r"^https?://[^/]+", "", page.url)


CASES = {
    # accounts
    "login": Case(
        None,
        "/account/inloggen/",
        {"username": "niemand-bekend", "password": "fout"},
        "niet bekend",
        keeps=("username",),
    ),
    "password-change": Case(
        "mohammed",
        "/account/wachtwoord-wijzigen/",
        {"old_password": "niet-het-wachtwoord", "new_password1": "x", "new_password2": "y"},
        "Nog niet gelukt",
    ),
    "user-invite": Case(
        "beheer",
        "/account/gebruikers/nieuw/",
        {"username": "nieuwe collega", "first_name": "Fatima", "email": "f@amstelveld.example"},
        "Gebruikersnaam",
        keeps=("username", "first_name"),
    ),
    "user-edit": Case("beheer", _user_edit, {"email": "geen-adres"}, "e-mailadres", keeps=("email",)),
    "location-new": Case("beheer", "/account/locaties/nieuw/", {"name": ""}, "Nog niet gelukt"),
    "organisation": Case(
        "beheer",
        "/account/organisatie/",
        {"retention_months": "-4"},
        "Nog niet gelukt",
        keeps=("retention_months",),
    ),
    # networks
    "network-new": Case(
        "ingrid",
        "/netwerken/nieuw/",
        {"name": "Wandelclub", "target_size": "0"},
        "Nog niet gelukt",
        keeps=("name",),
    ),
    "network-edit": Case(
        "ingrid", lambda p, i: f"/netwerken/{i[SOUP]}/bewerken/", {"weekly_hours": "-2"}, "Nog niet gelukt"
    ),
    "network-workers": Case(
        "ingrid", lambda p, i: f"/netwerken/{i[TOYS]}/medewerkers/", {"user": ""}, "Nog niet gelukt"
    ),
    "phase-change": Case(
        "ingrid",
        lambda p, i: f"/netwerken/{i[CRAFTS]}/fase/",
        {"date": FUTURE, "note": "Te vroeg"},
        "in de toekomst",
        keeps=("note",),
    ),
    # people
    "register": Case(
        "sanne",
        lambda p, i: f"/deelnemers/netwerk/{i[CRAFTS]}/nieuw/",
        {"name": "Noor", "date": LONG_AGO},
        "vóór de start van het vangnetwerk",
        keeps=("name",),
    ),
    "participant-edit": Case(
        "sanne",
        lambda p, i: f"/deelnemers/{i['participant']}/bewerken/",
        {"birth_year": "1800"},
        "Nog niet gelukt",
        keeps=("birth_year",),
    ),
    "route-step": Case(
        "sanne", _route_form, {"date": FUTURE, "note": "later"}, "in de toekomst", keeps=("note",)
    ),
    "partner-new": Case("beheer", "/deelnemers/partners/nieuw/", {"name": ""}, "Nog niet gelukt"),
    "partner-edit": Case(
        "beheer", _partner_edit, {"name": "", "contact": "06 12345678"}, "Nog niet gelukt", keeps=("contact",)
    ),
    "partner-contact": Case(
        "sanne",
        lambda p, i: f"/deelnemers/netwerk/{i[SOUP]}/partners/",
        {"date": FUTURE, "summary": "Kennismaking met het buurthuis"},
        "in de toekomst",
        keeps=("summary",),
    ),
    "partner-link": Case(
        "sanne", lambda p, i: f"/deelnemers/netwerk/{i[SOUP]}/partners/", {"partner": ""}, "Nog niet gelukt"
    ),
    # practice
    "activity-new": Case(
        "sanne",
        lambda p, i: f"/praktijk/netwerk/{i[CRAFTS]}/activiteiten/nieuw/",
        {"name": "Wandelen", "active_from": "2027-03-01", "active_until": "2027-02-01"},
        "ligt vóór het begin",
        keeps=("name",),
    ),
    "session": Case(
        "sanne", _session, {"guests": "-5", "note": "Gezellig"}, "Nog niet gelukt", keeps=("note",)
    ),
    "other-date": Case("sanne", _other_date, {"date": LONG_AGO}, "vóór de start van het vangnetwerk"),
    "task-new": Case(
        "sanne", lambda p, i: f"/praktijk/netwerk/{i[SOUP]}/taken/", {"name": ""}, "Nog niet gelukt"
    ),
    "logbook-filter": Case(
        "sanne",
        lambda p, i: f"/praktijk/netwerk/{i[SOUP]}/logboek/",
        {"start": "2026-10-01", "end": "2026-09-01"},
        "ligt vóór het begin",
    ),
    "logbook-entry": Case(
        "sanne",
        lambda p, i: f"/praktijk/netwerk/{i[SOUP]}/logboek/nieuw/",
        {"date": FUTURE, "text": "Gesprek met de wijkagent"},
        "in de toekomst",
        keeps=("text",),
    ),
    "house-rule": Case(
        "sanne",
        lambda p, i: f"/praktijk/netwerk/{i[SOUP]}/huisregels/nieuw/",
        {"text": "We laten elkaar uitpraten", "agreed_on": FUTURE},
        "in de toekomst",
        keeps=("text",),
    ),
    "followup-action": Case(
        "sanne", _followup, {"date": FUTURE, "note": "Gebeld"}, "in de toekomst", keeps=("note",)
    ),
    # board (the worker's management tab)
    "board-settings": Case(
        "sanne",
        lambda p, i: f"/groepsbord/netwerk/{i[SOUP]}/",
        {"idle_days": "0"},
        "Kies tussen 1 en 365 dagen",
        keeps=("idle_days",),
    ),
    "idea-activity": Case(
        "sanne",
        _idea_activity,
        {"name": "Naar de markt", "active_from": "2027-03-01", "active_until": "2027-02-01"},
        "ligt vóór het begin",
        keeps=("name",),
    ),
    # imports
    "import-columns": Case(
        "sanne",
        _import_columns,
        {"activity": "new", "activity_name": "Creaclub"},
        "al een activiteit met deze naam",
        keeps=("activity_name",),
    ),
    # planning
    "hours": Case(
        "sanne",
        lambda p, i: f"/planning/netwerk/{i[CRAFTS]}/uren/",
        {"week": FUTURE, "hours": "99"},
        "Nog niet gelukt: verbeter 2 punten",
        keeps=("hours",),
    ),
    "hours-edit": Case("sanne", _hours_edit, {"week": FUTURE}, "na het einde van deze week"),
    "expense": Case(
        "sanne",
        lambda p, i: f"/planning/netwerk/{i[CRAFTS]}/budget/",
        {"expense-date": FUTURE, "expense-amount": "12,50", "expense-description": "Verf"},
        "in de toekomst",
        keeps=("expense-description",),
    ),
    "income": Case(
        "sanne",
        lambda p, i: f"/planning/netwerk/{i[CRAFTS]}/budget/",
        {"income-date": FUTURE, "income-amount": "0"},
        "Nog niet gelukt",
    ),
    "budget-edit": Case(
        "ingrid",
        lambda p, i: f"/planning/netwerk/{i[CRAFTS]}/budget/wijzigen/",
        {"activities": "-5"},
        "Nog niet gelukt",
    ),
    "forecast": Case(
        "sanne",
        lambda p, i: f"/planning/netwerk/{i[CRAFTS]}/groeiprognose/",
        {"extra": "99"},
        "Nog niet gelukt",
    ),
    # support
    "support-record": Case(
        "sanne",
        lambda p, i: f"/steun/netwerk/{i[SOUP]}/vastleggen/",
        {"date": FUTURE, "note": "Samen gewandeld"},
        "in de toekomst",
        keeps=("note",),
    ),
    "support-period": Case(
        "sanne",
        lambda p, i: f"/steun/netwerk/{i[SOUP]}/",
        {"van": "2026-10-01", "tot": "2026-09-01"},
        "Nog niet gelukt",
    ),
    # evaluation
    "round-new": Case(
        "ingrid",
        "/evaluatie/rondes/nieuw/",
        {"name": "Ronde 2027", "starts_on": "2027-03-01", "ends_on": "2027-02-01"},
        "ligt vóór het begin",
        keeps=("name",),
    ),
    "interview": Case("evi", _interview, {"held_on": FUTURE}, "Nog niet gelukt"),
    "report-read-back": Case("evi", _report, {"read_back-date": FUTURE}, "in de toekomst"),
    "highlight": Case(
        "evi",
        _report_to_mark,
        {"passage": "Dit staat nergens in het verslag"},
        "Nog niet gelukt",
        keeps=("passage",),
    ),
    "theme-new": Case("evi", "/evaluatie/codeboek/", {"name": ""}, "Nog niet gelukt"),
    "theme-edit": Case("evi", _theme, {"name": ""}, "Nog niet gelukt"),
    "template-upload": Case(
        "ingrid", "/evaluatie/vragenlijsten/nieuw/", {"name": "Nieuwe lijst"}, "Nog niet gelukt"
    ),
    # quality
    "reflection": Case(
        "ingrid",
        lambda p, i: f"/kwaliteit/netwerk/{i[CRAFTS]}/reflectie/",
        {"date": FUTURE, "note": "Met de groep besproken"},
        "in de toekomst",
        keeps=("note",),
    ),
    "precondition": Case(
        "ingrid", _precondition, {"checked_on": FUTURE, "note": "Navragen"}, "in de toekomst", keeps=("note",)
    ),
    "network-evaluation": Case(
        "ingrid",
        lambda p, i: f"/kwaliteit/netwerk/{i[CRAFTS]}/evaluatie/",
        {"date": FUTURE},
        "in de toekomst",
    ),
    "process-period": Case(
        "ingrid", "/kwaliteit/procesevaluatie/", {"van": "2026-10-01", "tot": "2025-01-01"}, "Nog niet gelukt"
    ),
    # privacy
    "consent": Case(
        "sanne", lambda p, i: f"/privacy/deelnemer/{i['participant']}/", {"date": FUTURE}, "in de toekomst"
    ),
    "attention": Case("sanne", _privacy_with_attention, {"text": ""}, "Nog niet gelukt"),
    "erase": Case(
        "ingrid",
        lambda p, i: f"/privacy/deelnemer/{i['participant']}/wissen/",
        {"confirm_name": "Iemand"},
        "Nog niet gelukt",
        keeps=("confirm_name",),
    ),
    "study-new": Case("ruben", "/privacy/onderzoek/", {"name": ""}, "Nog niet gelukt"),
    "file-log": Case("beheer", "/privacy/toegangslog/", {"nummer": "abc"}, "heel getal", keeps=("nummer",)),
}

IDS: dict = {}


def _fill(page, form, fills: dict) -> None:
    """Put the values in, whatever the kind of field (folded or not); the page's own script then sends it."""
    for name, value in fills.items():
        target = form.locator(f"[name='{name}']").first
        target.evaluate(
            "(el, v) => { el.value = v; el.dispatchEvent(new Event('change', {bubbles: true})); }", value
        )


def _first_thing_in_view(page) -> dict:
    return page.evaluate(
        """() => {
            const summary = document.querySelector('[data-error-summary]');
            if (!summary) return {found: false};
            const box = summary.getBoundingClientRect();
            const top = document.elementFromPoint(window.innerWidth / 2, Math.max(box.top, 0) + 4);
            const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
            return {found: true, top: box.top, bottom: box.bottom, height: window.innerHeight,
                    focused: document.activeElement === summary, firstInView: summary.contains(top), atEnd,
                    text: summary.innerText,
                    links: [...summary.querySelectorAll('a[href^="#"]')].map(a => a.hash.slice(1))};
        }"""
    )


@pytest.mark.parametrize("name", list(CASES))
def test_a_wrong_value_comes_back_with_the_summary_in_view(server, open_page, name):
    case = CASES[name]
    if name == "followup-action":
        from e2e.test_practice import OPEN_A_FOLLOW_UP

        manage(server, ["shell", "-c", OPEN_A_FOLLOW_UP])
    if callable(case.where):
        _ids(open_page, IDS)
    page = open_page("phone", user=case.user)
    path = case.where(page, IDS) if callable(case.where) else case.where
    page.goto(path)
    # A form in a fold is opened first, as a person taps it open.
    page.evaluate("() => document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
    first = next(iter(case.fills))
    form = page.locator(f"main form:has([name='{first}'])").first
    expect(form).to_have_count(1)
    _fill(page, form, case.fills)
    form.locator(case.submit).first.click()
    page.wait_for_load_state()
    seen = _first_thing_in_view(page)
    if not seen.get("found"):
        screenshot(page, f"form-error-{name}", "phone")
    assert seen.get("found"), (
        f"{name}: no error summary on {page.url}: {page.locator('main').inner_text()[:400]}"
    )
    assert case.says in seen["text"], seen["text"]
    assert seen["focused"], f"{name}: the summary does not have the focus"
    # At the top of the screen; on a short page that cannot scroll that far, wholly in view.
    at_top = seen["top"] < 60 or (seen["atEnd"] and seen["bottom"] <= seen["height"])
    assert seen["top"] >= 0 and at_top, f"{name}: the summary is not at the top of the screen: {seen}"
    assert seen["firstInView"], f"{name}: something covers the summary: {seen}"
    # Each link leads to a field on the page; what was typed is still there.
    for anchor in seen["links"]:
        assert page.locator(f"[id='{anchor}']").count() == 1, (
            f"{name}: the summary links to #{anchor}, not on the page"
        )
    for kept in case.keeps:
        assert page.locator(f"main [name='{kept}']").first.input_value() == case.fills[kept]


def test_a_link_in_the_summary_takes_you_into_the_field(open_page):
    ids = _ids(open_page, IDS)
    page = open_page("phone", user="sanne")
    page.goto(f"/planning/netwerk/{ids[CRAFTS]}/uren/")
    form = page.locator("main form:has([name='week'])")
    _fill(page, form, {"week": FUTURE, "hours": "3"})
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    summary.locator("a[href='#id_week']").tap()
    expect(page.locator("#id_week")).to_be_focused()
    expect(page.locator("#id_week")).to_be_in_viewport()
    screenshot(page, "form-error-summary-link", "phone")
