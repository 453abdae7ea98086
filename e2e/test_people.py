"""One person, one record, on a phone: a walk-in with a known name is asked about before anything is saved."""

import datetime as dt

import pytest

from e2e.browser import screenshot

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package").expect


def test_a_walk_in_with_a_known_name_is_the_known_person(open_page):
    page = open_page("phone", user="sanne")
    page.goto("/netwerken/")
    page.locator("main").get_by_role("link", name="Soepgroep De Kroon").click()
    page.get_by_role("navigation", name="Pagina's van het vangnetwerk").get_by_role(
        "link", name="Activiteiten"
    ).click()
    card = page.locator("main .card").filter(has=page.get_by_role("heading", name="Soep voor de buurt"))
    card.get_by_role("link", name="Bijeenkomst op een andere datum").click()
    page.locator("main input[name=date]").fill(dt.date.today().isoformat())
    page.locator("main").get_by_role("button", name="Bijeenkomst openen").click()

    page.locator("main input[name=walk_in_1]").fill("anne")  # Anne is in the soup group since its start
    page.locator("main").get_by_role("button", name="Bijeenkomst opslaan").click()
    question = page.locator("main fieldset.walk-in-match")
    expect(question).to_contain_text("Wie is anne?")
    expect(page.locator("main")).to_contain_text("Er staat al iemand met een vergelijkbare naam in de app")
    question.scroll_into_view_if_needed()
    screenshot(page, "walk-in-duplicate", "phone")

    question.locator("label").filter(has_text="Soepgroep De Kroon").filter(has_text="Anne").first.click()
    page.locator("main").get_by_role("button", name="Bijeenkomst opslaan").click()
    expect(page.locator("main [role=status]")).to_contain_text("is opgeslagen")
    anne = page.locator("main fieldset[data-person]").filter(has=page.locator("legend", has_text="Anne"))
    expect(anne.first.locator("input[value=present]")).to_be_checked()
