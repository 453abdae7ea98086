"""Quality pages in a real browser: the coordinator's process evaluation and a network's quality page,
without serious accessibility violations and without sideways scrolling on a 390px phone."""

import pytest

from e2e.browser import VIEWPORTS, axe_violations, describe_violations, screenshot, unlabelled_fields

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package").expect


def _quality_tab(page):
    page.goto("/netwerken/")
    page.locator("main").get_by_role("link", name="Soepgroep De Kroon").click()
    page.get_by_role("navigation", name="Pagina's van het vangnetwerk").get_by_role(
        "link", name="Kwaliteit", exact=True
    ).click()
    page.wait_for_load_state()


def _process(page):
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Procesevaluatie").click()
    page.wait_for_load_state()


def _evaluation(page):
    _quality_tab(page)
    page.locator("main a[href*='/kwaliteit/evaluatie/']").first.click()
    page.wait_for_load_state()


def _evaluation_form(page):
    _quality_tab(page)
    page.locator("main").get_by_role("link", name="Een evaluatie van het vangnetwerk vastleggen").click()
    page.wait_for_load_state()


def _reflection_form(page):
    _quality_tab(page)
    page.locator("main").get_by_role("link", name="Reflecteren op de checklist").click()
    page.wait_for_load_state()


PAGES = {
    "quality-network": _quality_tab,
    "quality-process": _process,
    "quality-evaluation": _evaluation,
    "quality-evaluation-form": _evaluation_form,
    "quality-reflection-form": _reflection_form,
}


@pytest.mark.parametrize("name", list(PAGES))
def test_quality_pages_are_accessible_and_fit_a_phone(open_page, axe_script, name):
    page = open_page("desktop", user="ingrid")
    PAGES[name](page)
    expect(page.locator("main h1")).to_be_visible()
    found = {}
    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size["viewport"])
        screenshot(page, name, viewport)
        violations = axe_violations(page)
        if violations:
            found[viewport] = violations
    assert found == {}, describe_violations(found)
    assert unlabelled_fields(page) == []
    page.set_viewport_size(VIEWPORTS["phone"]["viewport"])
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"{name} is {width}px wide on a 390px phone"
