"""The group board in a real browser, as a participant uses it: on a phone, a tablet (portrait and
landscape) and a desktop, with the keyboard only; sign up for a task, "Ik kan deze keer niet",
propose an idea. axe-core finds no serious or critical violation, and the pages reflow at 200% zoom
without sideways scrolling. The links are arranged in the server's database (only hashes are stored,
so the test makes its own tokens)."""

import re
import secrets

import pytest

from e2e.browser import axe_violations, describe_violations, manage, screenshot, unlabelled_fields

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package").expect

NETWORK = "Soepgroep De Kroon"
# name -> (viewport of open_page, size): a tablet is a desktop context at the tablet's size.
SIZES = {
    "phone": ("phone", {"width": 390, "height": 844}),
    "tablet": ("desktop", {"width": 768, "height": 1024}),
    "tablet-landscape": ("desktop", {"width": 1024, "height": 768}),
    "desktop": ("desktop", {"width": 1280, "height": 900}),
}

ARRANGE = """
from board import services
from board.models import BoardLink
from board.selectors import board_people
from board.tokens import hash_token
from networks.models import Network
network = Network.objects.get(name={network!r})
worker = network.assignments.first().user
people = list(board_people(network))
shared, _raw = services.link_renew_shared(actor=worker, network=network)
BoardLink.objects.filter(pk=shared.pk).update(token_hash=hash_token({shared!r}))
person = people[{index}]
personal, _raw = services.link_renew_personal(actor=worker, network=network, participant=network.participations.get(participant_id=person).participant)
BoardLink.objects.filter(pk=personal.pk).update(token_hash=hash_token({personal!r}))
"""


@pytest.fixture
def links(server):
    """A fresh shared link and a personal link (for one of the first people on the board) in the server."""

    def make(index: int) -> tuple[str, str]:
        shared, personal = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        code = ARRANGE.format(network=NETWORK, shared=shared, personal=personal, index=index)
        manage(server, ["shell", "-c", code])
        return shared, personal

    return make


def _tab_to(page, predicate_js: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches (the page is used with the keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate_js}); }}"):
            return
    pytest.fail(f"not reachable with Tab: {predicate_js}")


def _fits(page, width: int) -> None:
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide in a {width}px window"


def _no_violations(page, label: str, size: str) -> None:
    violations = axe_violations(page)
    if violations:
        screenshot(page, f"a11y-board-{label}", size)
    assert violations == [], describe_violations(violations)
    assert unlabelled_fields(page) == []


@pytest.mark.parametrize("size", list(SIZES))
def test_sign_up_cannot_come_and_an_idea_by_keyboard(open_page, axe_script, links, size):
    viewport, dimensions = SIZES[size]
    index = list(SIZES).index(size)
    shared, _personal = links(index)
    page = open_page(viewport)
    page.set_viewport_size(dimensions)
    page.goto(f"/groep/{shared}/")
    expect(page.locator("main h1")).to_have_text("Ons groepsbord")
    _no_violations(page, "shared", size)
    _fits(page, dimensions["width"])

    # Tap your own name (Tab to it, Enter).
    names = page.locator("main .names a")
    name = names.nth(index).inner_text().strip()
    _tab_to(page, f"el.classList.contains('name-button') && el.textContent.trim() === {name!r}")
    page.keyboard.press("Enter")
    expect(page.locator("main #hello")).to_have_text(re.compile(f"Hallo {re.escape(name)}!"))
    _no_violations(page, "person", size)

    # Next week's soup afternoon: "Ik doe dit" for a task this person does not do yet.
    slot = page.locator("#week-1 article.slot").filter(has_text="Soepmiddag").first
    slot_id = slot.get_attribute("id")
    task = (
        slot.locator("li.task")
        .filter(has=page.get_by_role("button", name=re.compile(r"^Ik doe dit\s*: ")))
        .first
    )
    task_name = task.locator("strong").inner_text().strip()
    button = task.get_by_role("button", name=re.compile(r"^Ik doe dit\s*: "))
    expect(button).to_have_accessible_name(
        re.compile(f"Ik doe dit\\s*: {re.escape(task_name.lower())}", re.I)
    )
    _tab_to(
        page,
        f"el.closest('#{slot_id}') && el.tagName === 'BUTTON' && el.textContent.includes('Ik doe dit') && el.closest('li.task') && el.closest('li.task').querySelector('strong').textContent.trim() === {task_name!r}",
    )
    page.keyboard.press("Enter")
    status = page.locator("main [role=status]")
    expect(status).to_contain_text("Gelukt! Jij doet deze taak.")
    slot = page.locator(f"#{slot_id}")
    task = slot.locator("li.task").filter(has=page.locator("strong", has_text=task_name)).first
    expect(task).to_contain_text(name)
    expect(task.get_by_role("button", name=re.compile(r"^Ik doe het toch niet"))).to_be_visible()

    # "Ik kan deze keer niet" for the same session.
    _tab_to(
        page,
        f"el.closest('#{slot_id}') && el.tagName === 'BUTTON' && el.textContent.includes('Ik kan deze keer niet')",
    )
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Gelukt. We weten dat je deze keer niet kunt.")
    expect(page.locator(f"#{slot_id}")).to_contain_text("Jij zei: ik kan deze keer niet.")

    # Propose an idea: Tab to the field, type, Enter.
    idea = f"Samen naar de markt {size}"
    _tab_to(page, "el.name === 'text'")
    expect(page.get_by_label("Mijn idee")).to_be_focused()
    page.keyboard.type(idea)
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Gelukt! Je idee staat op het bord.")
    item = page.locator("#ideas li.idea").filter(has_text=idea)
    expect(item).to_contain_text(f"Idee van {name}")
    expect(item.get_by_role("button", name=re.compile("Ik doe toch niet mee"))).to_be_visible()
    _no_violations(page, "done", size)
    screenshot(page, "board", size)

    # An empty idea: explained at the field, announced, nothing added.
    page.get_by_label("Mijn idee").fill("")
    page.get_by_label("Mijn idee").press("Enter")
    expect(page.locator("#ideas .field-errors[role=alert]")).to_contain_text(
        "Schrijf je idee in een paar woorden."
    )
    expect(page.get_by_label("Mijn idee")).to_have_attribute("aria-invalid", "true")
    _no_violations(page, "idea-error", size)

    # "Ik ben klaar" goes back to the names for the next person.
    page.get_by_role("link", name="Ik ben klaar").focus()
    page.keyboard.press("Enter")
    expect(page.locator("main #who")).to_be_visible()


def test_a_personal_card_acts_for_its_owner_without_javascript(open_page, links):
    _shared, personal = links(5)
    page = open_page("phone", javascript=False)
    page.goto(f"/groep/{personal}/")
    expect(page.locator("main #hello")).to_contain_text("Hallo")
    assert page.locator("main .names").count() == 0  # no list of other people to act for
    slot = page.locator("#week-1 article.slot").filter(has_text="Soepmiddag").first
    slot.get_by_role("button", name=re.compile("^Ik kom")).click()
    expect(page.locator("main [role=status]")).to_contain_text("Gelukt! We weten dat je komt.")


def test_the_board_reflows_at_200_percent_zoom(open_page, axe_script, links):
    """200% zoom on a desktop (1280x900) is a 640x450 CSS window; WCAG's reflow asks for 320 wide."""
    shared, personal = links(6)
    page = open_page("desktop")
    for width, height in ((640, 450), (320, 568)):
        page.set_viewport_size({"width": width, "height": height})
        for path in (
            f"/groep/{shared}/",
            f"/groep/{personal}/",
            f"/groep/{shared}/poster/",
            "/groep/bestaat-niet-" + "x" * 30 + "/",
        ):
            page.goto(path)
            _fits(page, width)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/groep/{shared}/poster/")
    expect(page.get_by_role("img", name="QR-code van ons groepsbord")).to_be_visible()
    _no_violations(page, "poster", "desktop")
    page.goto("/groep/bestaat-niet-" + "x" * 30 + "/")
    expect(page.locator("main h1")).to_have_text(re.compile("Deze link werkt niet"))
    _no_violations(page, "gone", "desktop")


def test_the_workers_board_tab_passes_axe(open_page, axe_script):
    page = open_page("desktop", user="sanne")
    page.goto("/netwerken/")
    page.locator("main").get_by_role("link", name=NETWORK).click()
    page.get_by_role("navigation", name="Pagina's van het vangnetwerk").get_by_role(
        "link", name="Groepsbord"
    ).click()
    expect(page.locator("main h1")).to_have_text("Groepsbord")
    _no_violations(page, "manage", "desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_violations(page, "manage", "phone")
    page.get_by_role("button", name="Nieuwe gedeelde link maken").click()
    expect(page.locator("main h1")).to_have_text("Nieuwe link")
    _no_violations(page, "link-shown", "phone")
