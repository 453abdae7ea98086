"""Importing an existing group on a desktop: upload a sheet written by LibreOffice, confirm the
guessed columns, read the preview (new people, a match with someone already in the network, rows with
problems), import, and undo."""

from pathlib import Path

import pytest

from e2e.browser import screenshot

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package").expect

FIXTURES = Path(__file__).resolve().parent.parent / "imports" / "tests" / "fixtures"
TABS = "Pagina's van het vangnetwerk"


def _import_tab(page, network: str) -> None:
    page.goto("/")
    page.locator("main a[href^='/netwerken/']", has_text=network).first.click()
    page.get_by_role("navigation", name=TABS).get_by_role("link", name="Importeren", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Importeren uit een spreadsheet")


def test_upload_columns_preview_import_and_undo_on_a_desktop(open_page):
    page = open_page("desktop", user="sanne")
    _import_tab(page, "Creaclub Het Anker")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Voorbeeldblad downloaden")).to_be_visible()

    main.get_by_label("Spreadsheet (.xlsx of .csv)").set_input_files(str(FIXTURES / "groep.xlsx"))
    main.get_by_role("button", name="Uploaden en de kolommen controleren").click()
    expect(main.locator("h1")).to_have_text("Controleer de kolommen")
    expect(main).to_contain_text("Blad Deelnemers (6 rijen)")
    expect(main).to_contain_text("8 kolommen met een datum, van 1 sep 2026 tot 20 okt 2026")
    # The guesses from the Dutch headers, which the user could change here.
    expect(main.get_by_label("Kolom D: Eerste bezoek")).to_have_value("first_visit")
    expect(main.get_by_label("Kolom F: Fase")).to_have_value("stage")
    main.get_by_label("De aanwezigheid hoort bij de activiteit").select_option(label="een nieuwe activiteit")
    main.get_by_label("Naam van de nieuwe activiteit").fill("Soepmiddag uit Excel")
    screenshot(page, "import-columns", "desktop")
    main.get_by_role("button", name="Voorbeeld tonen").click()

    expect(main.locator("h1")).to_have_text("Voorbeeld van de import")
    expect(main).to_contain_text("Er is nog niets opgeslagen.")
    expect(main).to_contain_text("8 bijeenkomsten van Soepmiddag uit Excel, van 1 sep 2026 tot 20 okt 2026")
    new_people = main.locator("table.import-people tbody tr")
    expect(new_people.first).to_contain_text("Ans de Vries")
    screenshot(page, "import-preview", "desktop")

    main.get_by_role("button", name="Importeren", exact=True).click()
    expect(main.locator("[role=status]").first).to_contain_text("De import is klaar.")
    expect(main).to_contain_text("8 bijeenkomsten van Soepmiddag uit Excel")
    main.get_by_role("button", name="Deze import ongedaan maken").click()
    expect(main).to_contain_text("De import is ongedaan gemaakt")
    expect(main).to_contain_text("Ongedaan gemaakt op")


def test_rows_with_problems_are_listed_by_row_number(open_page):
    page = open_page("desktop", user="sanne")
    _import_tab(page, "Creaclub Het Anker")
    main = page.locator("main")
    main.get_by_label("Spreadsheet (.xlsx of .csv)").set_input_files(str(FIXTURES / "problemen.xlsx"))
    main.get_by_role("button", name="Uploaden en de kolommen controleren").click()
    main.get_by_label("De aanwezigheid hoort bij de activiteit").select_option(label="Creaclub")
    main.get_by_role("button", name="Voorbeeld tonen").click()
    problems = main.locator("table.import-problems tbody tr")
    expect(problems.filter(has_text="De naam ontbreekt.")).to_contain_text("3")
    expect(problems.filter(has_text="'31-02-2026' is geen geldige datum")).to_contain_text("4")
    expect(problems.filter(has_text="Onbekende stap op de route 'superster'")).to_contain_text("6")
    expect(problems.filter(has_text="Onbekend teken 'q'")).to_contain_text("Lijst")
    main.get_by_role("button", name="Importeren", exact=True).click()
    expect(main.locator("[role=alert]").first).to_contain_text("rijen hebben problemen")


def test_a_large_import_runs_in_the_background_with_its_progress_page(open_page, server):
    """A year of a 40-person group is above IMPORT_BACKGROUND_ABOVE: the button starts a job, whose page
    shows the progress; when the worker has run it, the page leads to the import and its undo."""
    from e2e.browser import manage

    page = open_page("desktop", user="sanne")
    _import_tab(page, "Soepgroep De Kroon")
    main = page.locator("main")
    main.get_by_label("Spreadsheet (.xlsx of .csv)").set_input_files(
        str(FIXTURES / "jaar-40-deelnemers.xlsx")
    )
    main.get_by_role("button", name="Uploaden en de kolommen controleren").click()
    main.get_by_label("De aanwezigheid hoort bij de activiteit").select_option(label="een nieuwe activiteit")
    main.get_by_label("Naam van de nieuwe activiteit").fill("Koffieochtend uit Excel")
    main.get_by_role("button", name="Voorbeeld tonen").click()
    expect(main).to_contain_text("Dit is een grote import: hij loopt op de achtergrond.")
    main.get_by_role("button", name="Importeren", exact=True).click()

    expect(main.locator("h1")).to_contain_text("Import van jaar-40-deelnemers.xlsx in Soepgroep De Kroon")
    expect(main.locator("progress")).to_be_visible()
    expect(main).to_contain_text("het werk gaat op de achtergrond door")
    screenshot(page, "import-background", "desktop")
    manage(server, ["jobs_worker", "--batch", "--interval", "0"])  # the worker runs what is queued
    # The page polls its job and reloads itself when it is done (a reload by the test raced with it).
    done = main.get_by_role("link", name="Bekijk wat er is geïmporteerd")
    expect(done).to_be_visible(timeout=20_000)
    done.click()
    expect(main).to_contain_text("51 bijeenkomsten van Koffieochtend uit Excel")
    expect(main.get_by_role("button", name="Deze import ongedaan maken")).to_be_visible()
