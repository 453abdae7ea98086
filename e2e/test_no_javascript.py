"""With JavaScript switched off every form still submits: the app's scripts only enhance."""

import pytest

from e2e.browser import log_in, screenshot, unique_name

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package").expect


def test_log_in_language_and_log_out_without_javascript(open_page, server):
    page = open_page("phone", javascript=False)
    # The researcher has the second step (once it exists): that form must work without scripts too.
    log_in(page, server, "ruben")
    expect(page.locator("main h1")).to_have_text("Hallo Ruben")
    page.locator("header").get_by_role("button", name="English").click()
    expect(page.locator("main h1")).to_have_text("Hello Ruben")
    page.locator("header").get_by_role("button", name="Nederlands").click()
    expect(page.locator("main h1")).to_have_text("Hallo Ruben")
    page.locator("header").get_by_role("button", name="Uitloggen").click()
    expect(page.locator("main h1")).to_have_text("Inloggen")


def test_register_and_edit_without_javascript(open_page):
    page = open_page("phone", user="mohammed", javascript=False)
    page.goto("/netwerken/")
    page.locator("main").get_by_role("link", name="Speelgoedpunt De Linde").click()
    page.get_by_role("navigation", name="Pagina's van het vangnetwerk").get_by_role(
        "link", name="Deelnemers"
    ).click()

    quick = unique_name("Ilse")
    page.get_by_label("Iemand nieuws (voornaam of roepnaam)").fill(quick)
    page.locator("main").get_by_role("button", name="Toevoegen").click()
    expect(page.locator("main [role=status]")).to_contain_text(f"{quick} is toegevoegd.")

    # The longer form, with an error first: nothing typed is lost.
    page.locator("main").get_by_role("link", name="Meer gegevens").click()
    expect(page.locator("main h1")).to_have_text("Iemand toevoegen")
    page.locator("main textarea[name=talents]").fill("Kan goed taarten bakken")
    page.locator("main form.stacked button[type=submit]").click()
    expect(page.locator("main .field.has-error")).to_contain_text("naam")
    expect(page.locator("main textarea[name=talents]")).to_have_value("Kan goed taarten bakken")
    screenshot(page, "nojs-register-error", "phone")
    detailed = unique_name("Hamid")
    page.locator("main input[name=name]").fill(detailed)
    page.locator("main form.stacked button[type=submit]").click()
    expect(page.locator("main [role=status]")).to_contain_text(f"{detailed} is toegevoegd.")
    expect(page.locator("main h1")).to_contain_text(detailed)
    expect(page.locator("main")).to_contain_text("Kan goed taarten bakken")

    page.locator("main").get_by_role("link", name="Bewerken").click()
    page.locator("main textarea[name=wishes]").fill("Wil graag leren fietsen repareren")
    page.locator("main form.stacked button[type=submit]").click()
    expect(page.locator("main [role=status]")).to_contain_text("Wijzigingen opgeslagen.")
    expect(page.locator("main")).to_contain_text("Wil graag leren fietsen repareren")
    screenshot(page, "nojs-participant", "phone")


def test_record_a_session_without_javascript(open_page):
    """Without the session script the contributions are folded away; one tap on 'what did X do?' opens them."""
    import datetime as dt

    walk_in = unique_name("Sem")
    page = open_page("phone", user="sanne", javascript=False)
    page.goto("/netwerken/")
    page.locator("main").get_by_role("link", name="Soepgroep De Kroon").click()
    page.get_by_role("navigation", name="Pagina's van het vangnetwerk").get_by_role(
        "link", name="Activiteiten"
    ).click()
    card = page.locator("main .card").filter(has=page.get_by_role("heading", name="Soep voor de buurt"))
    card.get_by_role("link", name="Bijeenkomst op een andere datum").click()
    page.locator("main input[name=date]").fill(dt.date.today().isoformat())
    page.locator("main").get_by_role("button", name="Bijeenkomst openen").click()

    people = page.locator("main form.session-form > fieldset[data-person]")
    for i in range(2):
        person = people.nth(i)
        person.locator("label.seg-present").click()
        person.locator("details.tasks summary").click()
        person.locator(".task-choices label").first.click()
    page.locator("main input[name=walk_in_1]").fill(walk_in)
    page.locator("main").get_by_role("button", name="Bijeenkomst opslaan").click()
    expect(page.locator("main [role=status]")).to_contain_text("is opgeslagen")
    expect(page.locator("main")).to_contain_text("3 mensen aanwezig")
    expect(page.locator("main fieldset[data-person]").filter(has_text=walk_in)).to_have_count(1)
    screenshot(page, "nojs-session", "phone")
