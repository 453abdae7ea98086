"""The everyday flows of the foundation, on a phone and on a desktop: log in, register someone new with
only a name, open a network and its phase timeline, switch language."""

import pytest

from e2e.browser import (
    complete_second_step,
    demo_password,
    demo_totp_secret,
    fill_login_form,
    screenshot,
    totp_code,
    unique_name,
)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package").expect

# Both accounts have roles that need the second step (a code from an authenticator app); phone and
# desktop use different accounts so neither waits for a fresh code. (greeting, what the account sees)
LOGIN_ACCOUNTS = {
    "phone": ("ingrid", "Hallo Ingrid", "Alle vangnetwerken van de organisatie (3)"),
    "desktop": ("beheer", "Hallo Bart", "Gebruikers en rollen"),
}


def test_log_in_with_the_second_step(open_page, server, viewport):
    username, greeting, first_seen = LOGIN_ACCOUNTS[viewport]
    page = open_page(viewport)
    page.goto(server.url("/"))
    # Not signed in: the home page sends you to the login page, in Dutch.
    expect(page.locator("main h1")).to_have_text("Inloggen")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    fill_login_form(page, username, "not-the-password")
    expect(page.locator("main [role=alert]")).to_contain_text("niet bekend")
    # What was typed in the username stays; the password does not.
    expect(page.locator("main input[name=username]")).to_have_value(username)
    expect(page.locator("main input[name=password]")).to_have_value("")
    screenshot(page, "login-error", viewport)

    fill_login_form(page, username, demo_password())
    expect(page.locator("main h1")).to_have_text("Tweestapsverificatie")
    # Before the code, no page of the app opens.
    page.goto(server.url("/deelnemers/partners/"))
    expect(page.locator("main h1")).to_have_text("Tweestapsverificatie")
    screenshot(page, "login-second-step", viewport)
    assert complete_second_step(page, server, username)
    # After the code the page that was asked for opens.
    expect(page.locator("main h1")).to_have_text("Partners")
    page.goto(server.url("/"))
    expect(page.locator("main h1")).to_have_text(greeting)
    expect(page.locator("main")).to_contain_text(first_seen)
    expect(page.locator("header")).to_contain_text("Uitloggen")
    screenshot(page, "login", viewport)

    page.locator("header").get_by_role("button", name="Uitloggen").click()
    expect(page.locator("main h1")).to_have_text("Inloggen")
    page.goto(server.url("/netwerken/"))
    expect(page.locator("main h1")).to_have_text("Inloggen")


def test_a_social_worker_logs_in_with_a_password(open_page, server):
    """Roles that reach few people's data need no second step (accounts.access.requires_second_factor)."""
    page = open_page("phone")
    page.goto(server.url("/account/inloggen/"))
    fill_login_form(page, "sanne", demo_password())
    expect(page.locator("main h1")).to_have_text("Hallo Sanne")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_contain_text("Vangnetwerken")
    expect(page.locator("main")).to_contain_text("Soepgroep De Kroon")


def test_register_a_new_person_with_only_a_name(open_page, server, viewport):
    name = unique_name("Noor")
    page = open_page(viewport, user="sanne")
    page.goto(server.url("/"))
    # The network's own page (the home page also links to it from other blocks, e.g. evaluations due).
    page.locator("main a[href^='/netwerken/']", has_text="Creaclub Het Anker").first.click()
    page.get_by_role("navigation", name="Pagina's van het vangnetwerk").get_by_role(
        "link", name="Deelnemers"
    ).click()
    expect(page.locator("main h1")).to_have_text("Creaclub Het Anker")
    page.get_by_label("Iemand nieuws (voornaam of roepnaam)").fill(name)
    page.locator("main").get_by_role("button", name="Toevoegen").click()

    expect(page.locator("main [role=status]")).to_contain_text(f"{name} is toegevoegd.")
    expect(page.locator("main").get_by_role("link", name=name)).to_be_visible()
    screenshot(page, "register", viewport)
    page.locator("main").get_by_role("link", name=name).click()
    expect(page.locator("main h1")).to_contain_text(name)
    expect(page.locator("main")).to_contain_text("Creaclub Het Anker")


def test_network_page_phase_timeline_and_language(open_page, server, viewport):
    page = open_page(viewport, user="sanne")
    page.goto(server.url("/"))
    page.locator("header").get_by_role("link", name="Vangnetwerken").click()
    expect(page.locator("main h1")).to_have_text("Vangnetwerken")
    page.locator("main").get_by_role("link", name="Soepgroep De Kroon").click()

    main = page.locator("main")
    expect(main.locator("h1")).to_have_text("Soepgroep De Kroon")
    timeline = main.get_by_role("table", name="Tijdlijn van de fasen: gepland en werkelijk")
    expect(timeline).to_be_visible()
    # Every phase is a row; the soup group is now a permanent provision.
    for phase in ["Verkenning", "Opbouw", "Verdieping", "Evaluatie", "Voorziening"]:
        expect(timeline.get_by_role("rowheader").filter(has_text=phase)).to_have_count(1)
    expect(timeline.locator("tr.current")).to_contain_text("Voorziening")
    expect(main).to_contain_text("Faseovergangen")
    expect(main).to_contain_text("De gemeente financiert de soepgroep als duurzame voorziening.")
    screenshot(page, "network", viewport)

    page.locator("header").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(main.locator("h1")).to_have_text("Soepgroep De Kroon")  # still the same page
    expect(main.get_by_role("table", name="Phase timeline: planned against actual")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main menu")).to_contain_text("Support networks")
    screenshot(page, "network-english", viewport)

    page.locator("header").get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(main.get_by_role("table", name="Tijdlijn van de fasen: gepland en werkelijk")).to_be_visible()


def test_login_by_keyboard_only(open_page, server):
    page = open_page("desktop")
    page.goto(server.url("/account/inloggen/"))
    # The skip link comes first, then the header, then the form; Tab until the username field.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "username":
            break
    else:
        pytest.fail("the username field cannot be reached with Tab")
    page.keyboard.type("evi")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "password"
    page.keyboard.type(demo_password())
    page.keyboard.press("Enter")
    # Evaluators need the second step; the code field has the focus, so typing and Enter is enough.
    expect(page.locator("main h1")).to_have_text("Tweestapsverificatie")
    expect(page.locator("main input[name=token]")).to_be_focused()
    page.keyboard.type(totp_code(demo_totp_secret(), server.next_totp_step("evi")))
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Hallo Evi")
