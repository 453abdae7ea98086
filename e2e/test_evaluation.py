"""The evaluator on a tablet or laptop: an interview with the post-then-pre questionnaire ("how is it
now", then "how was it a year ago"), the report, and the thematic evaluation report as a download."""

import datetime as dt
import re

import pytest

from e2e.browser import manage, screenshot

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package").expect

# The demo round of the soup group still has interviews to hold; each viewport holds its own.
INTERVIEWEE = {"phone": "Joop", "desktop": "Karim"}


def test_interview_with_the_post_then_pre_questionnaire(open_page, viewport):
    name = INTERVIEWEE[viewport]
    page = open_page(viewport, user="evi")
    main = page.locator("main")
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Evaluatie", exact=True).click()
    main.get_by_role("link", name="Jaarevaluatie 2026").click()
    row = main.locator("tr").filter(has=page.get_by_role("rowheader", name=name, exact=True))
    if row.count() == 0:
        row = main.locator("tr").filter(has_text=name)
    row.get_by_role("button", name="Gesprek beginnen").click()
    expect(main.locator("h1")).to_have_text(f"Gesprek met {name}")

    today = dt.date.today().isoformat()
    main.get_by_label("Datum van het gesprek").fill(today)
    main.get_by_label("Geeft toestemming om de antwoorden te gebruiken voor de evaluatie").check()
    main.locator("fieldset.consent input[type=date]").nth(1).fill(today)

    questions = main.locator("section.question")
    scale_questions = questions.filter(has=page.locator("fieldset.score-group"))
    assert scale_questions.count() >= 3
    for i in range(scale_questions.count()):
        groups = scale_questions.nth(i).locator("fieldset.score-group")
        # Post-then-pre: first how it is now, then the same item as it was a year ago.
        expect(groups.nth(0).locator("legend")).to_have_text(re.compile(r"^Nu\b"))
        expect(groups.nth(1).locator("legend")).to_have_text(re.compile(r"^Een jaar geleden\b"))
        groups.nth(0).locator(".scale label").filter(has_text="7").first.click()
        groups.nth(1).locator(".scale label").filter(has_text="4").first.click()
        expect(groups.nth(0).locator("input[value='7']")).to_be_checked()
    open_questions = main.locator("section.question textarea")
    for i in range(open_questions.count()):
        open_questions.nth(i).fill("Ik kom nu elke week; ik heb er vrienden aan overgehouden.")
    screenshot(page, "interview", viewport)
    main.get_by_role("button", name="Antwoorden opslaan").click()

    expect(main.locator("[role=status]")).to_contain_text("Antwoorden opgeslagen.")
    answered = scale_questions.count() + open_questions.count()
    expect(main).to_contain_text(f"Tot nu toe {answered} vragen beantwoord.")
    expect(
        scale_questions.first.locator("fieldset.score-group").nth(1).locator("input[value='4']")
    ).to_be_checked()

    main.get_by_role("link", name="Verslag", exact=True).first.click()
    expect(main.locator("h1")).to_contain_text(name)
    main.locator("textarea").first.fill(f"{name} vertelt dat de groep een vaste plek in de week is geworden.")
    main.get_by_role("button", name="Verslag opslaan").click()
    expect(main.locator("[role=status]")).to_contain_text("Verslag opgeslagen.")
    expect(main).to_contain_text("de groep een vaste plek in de week")
    screenshot(page, "interview-report", viewport)


def test_download_the_thematic_evaluation_report(open_page, viewport, tmp_path, server):
    docx = pytest.importorskip("docx", reason="reading the report needs python-docx")
    page = open_page(viewport, user="evi")
    page.goto("/evaluatie/")
    page.locator("main").get_by_role("link", name="Thema's").first.click()
    screenshot(page, "evaluation-themes", viewport)
    # The report is made in the background: its page shows the progress until the worker made it.
    page.locator("main").get_by_role("button", name="Thematisch verslag (.docx)").click()
    expect(page.locator("main h1")).to_contain_text("Thematisch verslag")
    manage(server, ["jobs_worker", "--batch", "--interval", "0"])  # the worker runs what is queued
    # The page polls its job and reloads itself when it is done; a reload by the test raced with
    # that one (net::ERR_ABORTED), so the test waits for the link the user would see appear.
    link = page.locator("main").get_by_role("link", name="Downloaden")
    expect(link).to_be_visible(timeout=20_000)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "thematisch-verslag.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    # What the reader of the report sees: the title and the themes with quotes.
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Thematisch verslag van de evaluatiegesprekken" in text
    assert len(text) > 500, text
