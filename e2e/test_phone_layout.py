"""The phone: a small header, the network's tabs in one row, forms before long tables, empty states in
words, and no page wider than a small phone (360 px) or with a column cut off."""

from __future__ import annotations

import pytest

from e2e.browser import manage, screenshot

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package").expect

SMALL_PHONE = {"width": 360, "height": 740}
TABS = "Pagina's van het vangnetwerk"


def _network_path(page, name: str) -> str:
    page.goto("/netwerken/")
    return page.locator("main").get_by_role("link", name=name).first.get_attribute("href")


def _tab_paths(page, name: str) -> list[str]:
    page.goto(_network_path(page, name))
    links = page.get_by_role("navigation", name=TABS).locator("a")
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


def _too_wide(page) -> list[str]:
    """Elements that stick out past the right edge of the screen (not inside a box that scrolls)."""
    return page.evaluate(
        """() => {
          const edge = document.documentElement.clientWidth + 0.5;
          const inScrollBox = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
              if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true; }
            return false; };
          const out = [];
          for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.width === 0 || box.right <= edge || inScrollBox(el)) continue;
            if (el.parentElement && el.parentElement.getBoundingClientRect().right > edge) continue;
            out.push(`${el.tagName.toLowerCase()}.${el.className}: ${Math.round(box.right)}px`);
          }
          return out; }"""
    )


def _fits(page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= SMALL_PHONE["width"], f"{path} is {width}px wide on a 360px phone: {_too_wide(page)}"


@pytest.mark.parametrize(
    "user,start",
    [
        ("sanne", "Creaclub Het Anker"),
        ("mohammed", "Speelgoedpunt De Linde"),
        ("ingrid", "Soepgroep De Kroon"),
    ],
)
def test_no_main_page_is_wider_than_a_360px_phone(open_page, user, start):
    page = open_page("phone", user=user)
    page.set_viewport_size(SMALL_PHONE)
    paths = ["/", "/netwerken/", "/deelnemers/", "/deelnemers/partners/", *_tab_paths(page, start)]
    if user == "ingrid":
        paths += ["/planning/", "/evaluatie/", "/kwaliteit/procesevaluatie/"]
    for path in paths:
        _fits(page, path)


def test_evaluation_pages_fit_a_360px_phone(open_page):
    page = open_page("phone", user="evi")
    page.set_viewport_size(SMALL_PHONE)
    for path in ("/", "/evaluatie/", "/evaluatie/codeboek/", "/evaluatie/themas/", "/evaluatie/analyse/"):
        _fits(page, path)


def test_the_header_is_small_and_the_tabs_are_one_row(open_page):
    page = open_page("phone", user="sanne")
    page.goto(_network_path(page, "Soepgroep De Kroon"))
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 110, f"the header takes {header['height']}px of an 844px screen"
    tabs = page.get_by_role("navigation", name=TABS)
    first, last = tabs.locator("li").first.bounding_box(), tabs.locator("li").last.bounding_box()
    assert abs(first["y"] - last["y"]) < 2, "the network's tabs are one row (that scrolls sideways)"
    # The page's own heading and content start within the first screen's top third.
    assert page.locator("main h2").first.bounding_box()["y"] < 844 / 3
    screenshot(page, "network-phone-header", "phone")


def test_the_phase_timeline_shows_every_column_on_a_small_phone(open_page):
    page = open_page("phone", user="sanne")
    page.set_viewport_size(SMALL_PHONE)
    page.goto(_network_path(page, "Creaclub Het Anker"))
    table = page.locator("main table.timeline-table")
    # Every cell, the "Signaal" column included, lies within the screen: nothing is cut off or hidden
    # behind a sideways scroll.
    right = table.evaluate(
        "t => Math.max(...[...t.querySelectorAll('th, td')].map(c => c.getBoundingClientRect().right))"
    )
    assert right <= SMALL_PHONE["width"]
    expect(table).to_contain_text("Signaal")
    screenshot(page, "phase-timeline-360", "phone")


def test_the_hours_form_comes_before_its_tables(open_page):
    page = open_page("phone", user="sanne")
    page.goto(_network_path(page, "Creaclub Het Anker"))
    page.get_by_role("navigation", name=TABS).get_by_role("link", name="Planning", exact=True).click()
    page.wait_for_load_state()
    form_top = page.locator("main form:has([name='week'])").bounding_box()["y"]
    first_table = page.locator("main table").first.bounding_box()["y"]
    assert form_top < first_table
    assert form_top < 844, "the hours form is on the first screen"


NEW_NETWORK = """
from django.utils import timezone
from accounts.models import User
from networks.models import Network
from networks.services import network_create
if not Network.objects.filter(name="Breiclub Nieuw").exists():
    ingrid = User.objects.get(username="ingrid")
    network_create(actor=ingrid, organisation=ingrid.organisation, name="Breiclub Nieuw",
                   start_date=timezone.localdate())
"""


def test_a_new_networks_dashboard_says_there_are_no_sessions_yet(server, open_page):
    manage(server, ["shell", "-c", NEW_NETWORK])
    page = open_page("phone", user="ingrid")
    page.goto(_network_path(page, "Breiclub Nieuw"))
    page.get_by_role("navigation", name=TABS).get_by_role("link", name="Dashboard", exact=True).click()
    page.wait_for_load_state()
    main = page.locator("main")
    expect(main).to_contain_text("nog geen bijeenkomsten vastgelegd")
    expect(main.locator("#chart-present")).to_have_count(0)
    expect(main.locator("#chart-share")).to_have_count(0)
    expect(main).not_to_contain_text("0,2")
    screenshot(page, "dashboard-new-network", "phone")
