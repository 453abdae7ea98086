"""Dutch formatting everywhere: every page of the demo, as each role, in Dutch.

The test builds the demo organisation, signs in as each demo account and follows every link the pages
offer (each kind of page twice at most), then reads what the page shows. It fails on what a Dutch reader
stumbles over: a capitalised month ("1 Dec", "29 Okt"), a decimal point ("4.0 uur"), "Q4" for a quarter
(Dutch: "K4"), Django's "---------" as the empty choice, and numeric dates ("01-12-2026") next to written
ones ("1 dec 2026") on one page.
"""

import re
from collections import defaultdict
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.testing import sign_in
from core.demo_accounts import DEMO_ACCOUNTS

MONTHS_SHORT = "jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec"
MONTHS_LONG = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
MONTHS = f"{MONTHS_LONG}|{MONTHS_SHORT}"

# "Jan" is also a name in the demo ("Kees 4, Jan 2"), so January's abbreviation counts only with a year.
CAPITALISED = "|".join(m.capitalize() for m in MONTHS.split("|") if m != "jan")
PATTERNS = {
    "capitalised month": re.compile(
        rf"\b\d{{1,2}} (?:{CAPITALISED})\b|\b\d{{1,2}} Jan \d{{4}}\b"
        rf"|\b(?:{'|'.join(m.capitalize() for m in MONTHS_SHORT.split('|'))}) \d{{4}}\b"
    ),
    "decimal point": re.compile(r"(?<![\w.,/:-])\d+\.\d{1,2}(?![\w.])"),
    "quarter as Q": re.compile(r"\b\d{4} Q[1-4]\b|\bQ[1-4] \d{4}\b"),
}
NUMERIC_DATE = re.compile(r"\b\d{1,2}-\d{1,2}-\d{4}\b")
WRITTEN_DATE = re.compile(rf"\b\d{{1,2}} (?:{MONTHS})\b")
EMPTY_CHOICE = "---------"

# Not pages to read: signing out, files, and the language switch.
SKIP = re.compile(
    r"/uitloggen|/static/|/media/|/download|/export|\.(?:csv|xlsx|docx|zip|png|graphml|qdc|json)\b"
)
PER_SHAPE = 2
MAX_PAGES = 260


def _main_text(html: str) -> str:
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


def page_problems(html: str) -> list[str]:
    """What a Dutch reader would stumble over on this page (the page's <main>, and its empty choices)."""
    text = _main_text(html)
    problems = [f"{name}: {match!r}" for name, pattern in PATTERNS.items() for match in pattern.findall(text)]
    if EMPTY_CHOICE in html:
        problems.append("empty choice '---------'")
    numeric, written = NUMERIC_DATE.findall(text), WRITTEN_DATE.findall(text)
    if numeric and written:
        problems.append(f"two date styles: {numeric[0]!r} and {written[0]!r}")
    return problems


def crawl(client: Client) -> dict[str, list[str]]:
    seen, shapes, found = set(), defaultdict(int), {}
    queue = ["/"]
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        problems = page_problems(html)
        if problems:
            found[path] = sorted(set(problems))
        for link in re.findall(r'href="(/[^"#?]*)"', html):
            shape = re.sub(r"\d+", "N", link)
            if link in seen or SKIP.search(link) or shapes[shape] >= PER_SHAPE:
                continue
            shapes[shape] += 1
            queue.append(link)
    return found


def test_the_scan_recognises_what_it_looks_for():
    page = "<main><p>1 Dec · 4.0 uur · 2026 Q4 · 01-12-2026 · 3 dec</p><select><option>---------</option></select></main>"
    problems = " ".join(page_problems(page))
    for expected in ("capitalised month", "decimal point", "quarter as Q", "two date styles", "empty choice"):
        assert expected in problems
    assert (
        page_problems("<main><p>1 dec 2026 · 4,0 uur · 2026 K4 · minstens 0,25 · 1.250 mensen</p></main>")
        == []
    )


@pytest.mark.django_db
def test_every_page_of_the_demo_is_written_the_dutch_way():
    from accounts.models import User

    call_command("demo", verbosity=0)
    found = {}
    for _role, username, _note in DEMO_ACCOUNTS:
        client = Client(HTTP_ACCEPT_LANGUAGE="nl")
        sign_in(client, User.objects.get(username=username))
        for path, problems in crawl(client).items():
            found[f"{username} {path}"] = problems
    assert found == {}, "\n".join(
        f"{page}: {'; '.join(problems)}" for page, problems in sorted(found.items())
    )
