"""WCAG 2.1 AA in a real browser: axe-core finds no serious or critical violation (contrast included)
on every main page, on a phone and on a desktop; every form field has a label; the pages work by
keyboard."""

import pytest

from e2e.browser import (
    VIEWPORTS,
    axe_violations,
    describe_violations,
    screenshot,
    unique_name,
    unlabelled_fields,
)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package").expect


def _network(page, name="Soepgroep De Kroon"):
    page.goto("/netwerken/")
    page.locator("main").get_by_role("link", name=name).click()
    page.wait_for_load_state()


def _participants(page):
    _network(page)
    page.get_by_role("navigation", name="Pagina's van het vangnetwerk").get_by_role(
        "link", name="Deelnemers"
    ).click()
    page.wait_for_load_state()


def _participant(page):
    _participants(page)
    page.locator("main .people-list a").first.click()
    page.wait_for_load_state()


def _register_form(page):
    _participants(page)
    page.locator("main").get_by_role("link", name="Meer gegevens").click()
    page.wait_for_load_state()


def _tab(tab, network="Soepgroep De Kroon"):
    def go(page):
        _network(page, network)
        page.get_by_role("navigation", name="Pagina's van het vangnetwerk").get_by_role(
            "link", name=tab, exact=True
        ).click()
        page.wait_for_load_state()

    return go


def _recorded_session(page):
    _tab("Activiteiten")(page)
    page.locator("main a[href*='/bijeenkomst/']").last.click()  # the oldest recent one: recorded
    page.wait_for_load_state()


def _followup(page):
    _tab("Opvolging")(page)
    page.locator("main .card h3 a").first.click()
    page.wait_for_load_state()


def _participant_privacy(page):
    _participant(page)
    participant_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"/privacy/deelnemer/{participant_id}/")


def _round(page):
    page.goto("/evaluatie/")
    page.locator("main").get_by_role("link", name="Jaarevaluatie 2026").click()
    page.wait_for_load_state()


def _interview(page):
    _round(page)
    page.locator("main a[href*='/gesprekken/']:not([href*='verslag'])").first.click()
    page.wait_for_load_state()


def _interview_report(page):
    _round(page)
    page.locator("main a[href*='/verslag/']").first.click()
    page.wait_for_load_state()


def _round_scores(page):
    _round(page)
    page.locator("main").get_by_role("link", name="Scores van deze ronde").click()
    page.wait_for_load_state()


def _second_step(page):
    from e2e.browser import demo_password, fill_login_form

    page.goto("/account/inloggen/")
    fill_login_form(page, "ingrid", demo_password())


# page -> (demo account or None for anonymous, how to get there)
PAGES = {
    "login": (None, "/account/inloggen/"),
    "home": ("sanne", "/"),
    "network-list": ("sanne", "/netwerken/"),
    "network-detail": ("sanne", _network),
    "network-participants": ("sanne", _participants),
    "participant-list": ("sanne", "/deelnemers/"),
    "participant-detail": ("sanne", _participant),
    "register-form": ("sanne", _register_form),
    "partners": ("sanne", "/deelnemers/partners/"),
    "locations": ("sanne", "/account/locaties/"),
    "home-coordinator": ("ingrid", "/"),
    "users": ("beheer", "/account/gebruikers/"),
    "user-new": ("beheer", "/account/gebruikers/nieuw/"),
    "location-new": ("beheer", "/account/locaties/nieuw/"),
    "organisation": ("beheer", "/account/organisatie/"),
    "second-step": (None, _second_step),
    "activities": ("sanne", _tab("Activiteiten")),
    "session": ("sanne", _recorded_session),
    "followups": ("sanne", _tab("Opvolging")),
    "followup": ("sanne", _followup),
    "dashboard": ("sanne", _tab("Dashboard")),
    "logbook": ("sanne", _tab("Logboek")),
    "house-rules": ("sanne", _tab("Huisregels")),
    "support": ("sanne", _tab("Steun")),
    "participant-privacy": ("sanne", _participant_privacy),
    "evaluation": ("evi", "/evaluatie/"),
    "evaluation-round": ("evi", _round),
    "interview": ("evi", _interview),
    "interview-report": ("evi", _interview_report),
    "round-scores": ("evi", _round_scores),
    "themes": ("evi", "/evaluatie/themas/"),
    "research": ("ruben", "/privacy/onderzoek/"),
    "file-log": ("beheer", "/privacy/toegangslog/"),
}


# Problems found in templates of apps this branch may not edit; reported to their owners. strict: the
# test turns red once they are fixed, so the mark is removed then.
KNOWN_ISSUES: dict[str, str] = {}


def _page_params():
    for name in PAGES:
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_ISSUES[name])] if name in KNOWN_ISSUES else []
        yield pytest.param(name, marks=marks)


@pytest.mark.parametrize("name", list(_page_params()))
def test_no_serious_accessibility_violations(open_page, axe_script, name):
    """Checked on a desktop, then on a phone-sized window: tables that fit a desktop scroll on a phone."""
    user, how = PAGES[name]
    page = open_page("desktop", user=user)
    if callable(how):
        how(page)
    else:
        page.goto(how)
    expect(page.locator("main h1")).to_be_visible()
    assert page.locator("main h1").count() == 1, "one main heading per page"
    found = {}
    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size["viewport"])
        violations = axe_violations(page)
        if violations:
            found[viewport] = violations
            screenshot(page, f"a11y-{name}", viewport)
    assert found == {}, describe_violations(found)
    assert unlabelled_fields(page) == []


def test_an_invalid_form_stays_accessible(open_page, axe_script, viewport):
    """Errors appear at the field, are announced, keep what was typed and pass axe too."""
    page = open_page(viewport, user="beheer")
    page.goto("/account/gebruikers/nieuw/")
    page.locator("main input[name=username]").fill("nieuwe collega")  # a space: not a valid username
    page.locator("main input[name=first_name]").fill("Fatima")
    page.locator("main input[name=email]").fill("fatima@amstelveld.example")
    page.locator("main form.stacked button[type=submit]").click()
    expect(page.locator("main .field.has-error [role=alert]").first).to_be_visible()
    # The field says it is wrong and why, for a screen reader too.
    username = page.locator("main input[name=username]")
    expect(username).to_have_attribute("aria-invalid", "true")
    expect(username).to_have_accessible_description(
        page.locator("main .field.has-error .errorlist").first.inner_text()
    )
    expect(username).to_have_value("nieuwe collega")
    expect(page.locator("main input[name=first_name]")).to_have_value("Fatima")
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    screenshot(page, "form-errors", viewport)


def test_skip_link_and_visible_focus(open_page):
    page = open_page("desktop", user="sanne")
    page.goto("/netwerken/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # hidden until it has focus, then shown
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # Every link and button in the page shows where the focus is.
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            break  # past the last link: focus leaves for the browser's own toolbar
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
        )
        assert outline[0] != "none" and outline[1] != "0px", page.evaluate("document.activeElement.outerHTML")


def test_register_by_keyboard(open_page):
    """From the network's participant page: Tab to the name, type it, Enter; nothing needs a mouse."""
    name = unique_name("Kees")
    page = open_page("desktop", user="sanne")
    _participants(page)
    page.locator("main h1").focus()
    for _ in range(40):  # past the network's tabs
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "id_quick_name":
            break
    else:
        pytest.fail("the name field cannot be reached with Tab")
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    expect(page.locator("main [role=status]")).to_contain_text(f"{name} is toegevoegd.")
    expect(page.locator("main").get_by_role("link", name=name)).to_be_visible()


def test_the_phone_layout_does_not_scroll_sideways(open_page):
    page = open_page("phone", user="sanne")
    for path in ["/", "/netwerken/", "/deelnemers/", "/deelnemers/partners/"]:
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px phone"
    _network(page)
    # The phase timeline may scroll inside its own box, never the whole page.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def _too_wide(page) -> list[str]:
    """The outermost elements that stick out past the right edge (not inside a scroll box)."""
    return page.evaluate(
        """() => {
          const edge = document.documentElement.clientWidth + 0.5;
          const clipped = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
              if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; }
            return false; };
          const out = [];
          for (const el of document.querySelectorAll('body *')) {
            if (el.getBoundingClientRect().right <= edge || clipped(el)) continue;
            if (el.parentElement && el.parentElement.getBoundingClientRect().right > edge) continue;
            out.push(`${el.tagName.toLowerCase()}.${el.className}: ${Math.round(el.getBoundingClientRect().right)}px`);
          }
          return out; }"""
    )


def test_the_support_pages_do_not_scroll_sideways_on_a_phone(open_page):
    page = open_page("phone", user="sanne")
    _tab("Steun")(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the support page is {width}px wide on a 390px phone: {_too_wide(page)}"
    # The period's figures (three columns) fit the phone itself, without scrolling in their box.
    box = page.locator("main .support-grid .table-scroll")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth"), box.evaluate(
        "b => [b.scrollWidth, b.clientWidth]"
    )
    # One person's support page, from the network's support page.
    page.locator("main a[href*='/deelnemer/']").first.click()
    page.wait_for_load_state()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width}px wide on a 390px phone: {_too_wide(page)}"
