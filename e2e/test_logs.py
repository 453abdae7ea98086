"""No personal data in the server's log: a social worker searches for people by name and opens their
files in the browser; afterwards the log of this browser run holds none of the demo's names."""

import re

import pytest

from people.demo import FIRST_NAMES

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package").expect


def test_the_log_of_a_browser_run_holds_no_participant_names(open_page, server):
    page = open_page("desktop", user="sanne")
    for name in ("Anne", "Fatima", "Youssef"):
        page.goto(server.url("/deelnemers/"))
        page.locator("main input[name=q]").fill(name)
        page.locator("main input[name=q]").press("Enter")
        page.wait_for_load_state()
        expect(page.locator("main")).to_contain_text(name)
        link = page.locator("main table a", has_text=name).first
        if link.count():
            link.click()
            page.wait_for_load_state()
    page.goto(server.url("/deelnemers/?q=Marianne&fase=active"))
    log = server.log_path.read_text(errors="replace")
    assert "/deelnemers/" in log  # the run is in this log
    log = re.sub(r"\[[^\]]*\]", "", log)  # timestamps ("[05/Jan/2027:...]" would hold "Jan")
    found = sorted({name for name in FIRST_NAMES if re.search(rf"\b{re.escape(name)}\b", log)})
    assert found == [], f"names in the server log: {found}"
