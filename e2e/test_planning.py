"""Planning on a phone and a desktop: a worker records hours and an expense and sees them; the growth
forecast shows its chart and table; the planning pages pass axe and do not scroll sideways at 390 px."""

import datetime as dt
import time

import pytest

from e2e.browser import VIEWPORTS, axe_violations, describe_violations, screenshot, unlabelled_fields

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package").expect

TABS = "Pagina's van het vangnetwerk"
NETWORK = "Creaclub Het Anker"


def _planning(page, section: str | None = None, network: str = NETWORK) -> None:
    page.goto("/netwerken/")
    page.locator("main").get_by_role("link", name=network).click()
    page.get_by_role("navigation", name=TABS).get_by_role("link", name="Planning", exact=True).click()
    if section:
        page.get_by_role("navigation", name="Planning").get_by_role("link", name=section, exact=True).click()
    page.wait_for_load_state()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width}px wide on a 390px phone"


def test_a_worker_records_hours_and_an_expense_and_sees_them(open_page, viewport):
    mark = f"{viewport} {int(time.time() * 1000) % 100000}"
    page = open_page(viewport, user="sanne")
    _planning(page)
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Uren", exact=True)).to_be_visible()
    form = main.locator("form:has(input[name=hours])")
    form.locator("input[name=week]").fill(dt.date.today().isoformat())
    form.locator("input[name=hours]").fill("3.5")
    form.locator("select[name=purpose]").select_option("recruitment")
    form.locator("input[name=note]").fill(f"flyers {mark}")
    form.locator("button[type=submit]").click()
    expect(main.locator("[role=status]")).to_contain_text("Je uren zijn opgeslagen.")
    row = main.locator("table tbody tr").filter(has_text=f"flyers {mark}")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("3,5")
    if viewport == "phone":
        _no_sideways_scroll(page)
    screenshot(page, "planning-hours", viewport)

    page.get_by_role("navigation", name="Planning").get_by_role("link", name="Budget", exact=True).click()
    expense = main.locator("form:has(input[name=form][value=expense])")
    expense.locator("input[name=expense-date]").fill(dt.date.today().isoformat())
    expense.locator("input[name=expense-amount]").fill("12.40")
    expense.locator("select[name=expense-category]").select_option("activities")
    expense.locator("input[name=expense-description]").fill(f"Klei {mark}")
    expense.get_by_role("button", name="Uitgave opslaan").click()
    expect(main.locator("[role=status]")).to_contain_text("Opgeslagen.")
    row = main.locator("table tbody tr").filter(has_text=f"Klei {mark}")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("12,40")
    if viewport == "phone":
        _no_sideways_scroll(page)
    screenshot(page, "planning-budget", viewport)


def test_a_worker_corrects_40_hours_into_4_and_removes_them(open_page, viewport):
    mark = f"typo {viewport} {int(time.time() * 1000) % 100000}"
    page = open_page(viewport, user="sanne")
    _planning(page)
    main = page.locator("main")
    form = main.locator("form:has(input[name=hours])")
    form.locator("input[name=week]").fill(dt.date.today().isoformat())
    form.locator("input[name=hours]").fill("40")
    form.locator("input[name=note]").fill(mark)
    form.locator("button[type=submit]").click()
    row = main.locator("table tbody tr").filter(has_text=mark)
    expect(row).to_contain_text("40")
    row.get_by_role("link", name="wijzigen").click()
    main.locator("input[name=hours]").fill("4")
    main.get_by_role("button", name="Opslaan").click()
    expect(main.locator("[role=status]")).to_contain_text("Wijzigingen opgeslagen.")
    expect(row.locator("td").nth(1)).to_have_text("4")
    row.get_by_role("link", name="verwijderen").click()
    expect(main).to_contain_text(mark)  # the page says what will be removed, and asks
    main.get_by_role("button", name="Definitief verwijderen").click()
    expect(main.locator("[role=status]")).to_contain_text("Verwijderd.")
    expect(main.locator("table tbody tr").filter(has_text=mark)).to_have_count(0)


def test_the_forecast_shows_its_chart_and_table(open_page, viewport):
    page = open_page(viewport, user="sanne")
    _planning(page, "Groeiprognose")
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Uitkomst")).to_be_visible()
    chart = main.locator("svg[role=img]").first
    expect(chart).to_be_visible()
    main.get_by_text("Cijfers als tabel tonen").first.click()
    expect(main.locator("details[open] table").first).to_be_visible()
    expect(main.locator("table").filter(has_text="Kennismakingen per maand")).to_have_count(1)
    if viewport == "phone":
        _no_sideways_scroll(page)
    screenshot(page, "planning-forecast", viewport)


def _edit_hours(page):
    _planning(page)
    page.locator("main a[href*='/wijzigen/']").first.click()
    page.wait_for_load_state()


def _delete_expense(page):
    _planning(page, "Budget")
    page.locator("main a[href*='/uitgaven/'][href*='/verwijderen/']").first.click()
    page.wait_for_load_state()


PAGES = {
    "hours": ("sanne", lambda page: _planning(page)),
    "budget": ("sanne", lambda page: _planning(page, "Budget")),
    "forecast": ("sanne", lambda page: _planning(page, "Groeiprognose")),
    "hours-edit": ("sanne", _edit_hours),
    "expense-delete": ("sanne", _delete_expense),
    "organisation": ("ingrid", lambda page: page.goto("/planning/")),
    "home-coordinator": ("ingrid", lambda page: page.goto("/")),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_planning_pages_are_accessible_and_fit_a_phone(open_page, axe_script, name):
    user, how = PAGES[name]
    page = open_page("desktop", user=user)
    how(page)
    expect(page.locator("main h1")).to_be_visible()
    found = {}
    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size["viewport"])
        violations = axe_violations(page)
        if violations:
            found[viewport] = violations
            screenshot(page, f"a11y-planning-{name}", viewport)
    assert found == {}, describe_violations(found)
    assert unlabelled_fields(page) == []
    page.set_viewport_size(VIEWPORTS["phone"]["viewport"])
    _no_sideways_scroll(page)
