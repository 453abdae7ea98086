"""The Dutch follows docs/woordenlijst.md: one word for each concept, one form of address, one kind of
quotation marks, no English terms, numbers written the Dutch way.

The glossary is the single source of the "not this" words: the tests read its tables, so the document and
the check cannot drift apart.
"""

import ast
import re
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from core.i18n import catalogue_paths

ROOT = Path(settings.BASE_DIR)
GLOSSARY = ROOT / "docs" / "woordenlijst.md"
BACKTICKED = re.compile(r"`([^`]+)`")
CURLY_QUOTES = "‘’“”"


def _tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Every markdown table of the text: (header cells, rows of cells)."""
    tables, block = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            block.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif block:
            tables.append((block[0], [row for row in block[2:] if len(row) == len(block[0])]))
            block = []
    return tables


def _column(text: str, header: str) -> list[tuple[list[str], list[str]]]:
    """(row, backticked words in the column `header`) for every table that has that column."""
    found = []
    for head, rows in _tables(text):
        if header in head:
            i = head.index(header)
            found += [(row, BACKTICKED.findall(row[i])) for row in rows]
    return found


def glossary() -> dict:
    text = GLOSSARY.read_text()
    forbidden = sorted({word for _row, words in _column(text, "Niet dit") for word in words})
    allowed_paragraph = next(p for p in text.split("\n\n") if p.startswith("Vaste combinaties"))
    allowed = sorted(set(BACKTICKED.findall(allowed_paragraph)), key=len, reverse=True)
    pairs = []
    for head, rows in _tables(text):
        if "Engels in de msgid" in head and "Niet in de vertaling" in head:
            e, n = head.index("Engels in de msgid"), head.index("Niet in de vertaling")
            pairs += [
                (english, BACKTICKED.findall(row[n]))
                for row in rows
                for english in BACKTICKED.findall(row[e])
            ]
    return {"forbidden": forbidden, "allowed": allowed, "pairs": pairs}


def _word(term: str) -> re.Pattern:
    """`term` as whole words; a term that ends in a hyphen ("degree-") matches as a prefix."""
    start = r"(?<!\w)" if term[:1].isalnum() else ""
    end = r"(?!\w)" if term[-1:].isalnum() else ""
    return re.compile(start + re.escape(term) + end, re.IGNORECASE)


def entries() -> list[tuple[str, polib.POEntry]]:
    found = []
    for path in catalogue_paths():
        if path.parts[-3] != "nl":
            continue
        app = path.relative_to(ROOT).parts[0]
        found += [(app, entry) for entry in polib.pofile(str(path)) if not entry.obsolete]
    return found


def translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def strip_allowed(text: str, allowed: list[str]) -> str:
    """The text without placeholders (%(item)s) and without the fixed phrases the glossary allows."""
    text = PLACEHOLDER.sub(" ", text)
    for phrase in allowed:
        text = _word(phrase).sub(" ", text)
    return text


def not_this(catalogue, terms: dict) -> list[str]:
    """Each '<app>: <term> in <msgstr>' where a msgstr uses a word the glossary rules out."""
    patterns = [(term, _word(term)) for term in terms["forbidden"]]
    pairs = [(_word(english), [(word, _word(word)) for word in words]) for english, words in terms["pairs"]]
    problems = []
    for app, entry in catalogue:
        english = f"{entry.msgid} {entry.msgid_plural}"
        for text in translations(entry):
            plain = strip_allowed(text, terms["allowed"])
            problems += [
                f"{app}: {term!r} in {text!r}" for term, pattern in patterns if pattern.search(plain)
            ]
            for english_pattern, words in pairs:
                if english_pattern.search(english):
                    problems += [
                        f"{app}: {word!r} for {english!r} in {text!r}" for word, p in words if p.search(text)
                    ]
    return problems


def test_the_glossary_lists_what_the_tests_check():
    terms = glossary()
    for expected in (
        "structurele",
        "eerste bezoek",
        "inschrijven",
        "u",
        "dossier",
        "stand",
        "scipy",
        "degree-",
    ):
        assert expected in terms["forbidden"]
    assert ("stage", ["fase"]) in terms["pairs"]
    assert "sociaal netwerk" in terms["allowed"]


def test_no_catalogue_uses_a_word_the_glossary_rules_out():
    assert not_this(entries(), glossary()) == []


def test_the_check_fails_on_a_ruled_out_word():
    """The check can fail: a made-up entry with words from the "not this" column is caught."""
    bad = [
        ("people", polib.POEntry(msgid="Register", msgstr="Inschrijven")),
        ("planning", polib.POEntry(msgid="x", msgstr="15 structurele deelnemers")),
        ("evaluation", polib.POEntry(msgid="x", msgstr="terwijl u het invulde")),
        ("evaluation", polib.POEntry(msgid="x", msgstr="de degree-centralisatie (scipy)")),
        ("practice", polib.POEntry(msgid="Stage", msgstr="Fase")),
        ("networks", polib.POEntry(msgid="x", msgstr="Voor dit netwerk")),
    ]
    problems = not_this(bad, glossary())
    for word in ("inschrijven", "structurele", "'u'", "degree-", "scipy", "'fase' for", "'netwerk'"):
        assert any(word in p for p in problems), (word, problems)
    assert (
        not_this([("support", polib.POEntry(msgid="x", msgstr="een vervangend sociaal netwerk"))], glossary())
        == []
    )


def test_every_entry_is_translated_and_none_is_fuzzy():
    missing = [f"{app}: {e.msgid!r}" for app, e in entries() if e.msgid and not all(translations(e))]
    fuzzy = [f"{app}: {e.msgid!r}" for app, e in entries() if e.msgid and "fuzzy" in e.flags]
    assert missing == [] and fuzzy == []


def test_one_kind_of_quotation_marks():
    """Straight single quotes; straight double quotes only where the English has them (literal input)."""
    problems = []
    for app, entry in entries():
        for text in translations(entry):
            if any(mark in text for mark in CURLY_QUOTES):
                problems.append(f"{app}: curly quotes in {text!r}")
            if text.count('"') > (entry.msgid + entry.msgid_plural).count('"'):
                problems.append(f"{app}: double quotes in {text!r}")
    assert problems == []


BUTTON = re.compile(
    r'(?:<button\b[^>]*>|class="button[^"]*"[^>]*>)\s*\{%\s*(?:translate|trans)\s+"([^"]+)"', re.IGNORECASE
)


def button_labels() -> set[str]:
    """The msgids of every button (and link styled as a button) in the templates."""
    labels = set()
    for path in ROOT.glob("*/templates/**/*.html"):
        labels |= set(BUTTON.findall(path.read_text()))
    return labels


def imperative_buttons(labels: set[str], catalogue, first_words: list[str]) -> list[str]:
    banned = {word.lower() for word in first_words}
    problems = []
    for app, entry in catalogue:
        if entry.msgid in labels:
            for text in translations(entry):
                first = text.split(" ", 1)[0].lower()
                if first in banned:
                    problems.append(f"{app}: button {entry.msgid!r} is {text!r}")
    return problems


def _button_words() -> list[str]:
    return [
        w
        for _row, words in _column(GLOSSARY.read_text(), "Niet als eerste woord van een knop")
        for w in words
    ]


def test_buttons_say_what_they_do_in_the_infinitive():
    labels = button_labels()
    assert {"Save session", "Close the follow-up", "Remove from the board"} <= labels
    assert imperative_buttons(labels, entries(), _button_words()) == []


def test_the_button_check_fails_on_an_imperative():
    bad = [("practice", polib.POEntry(msgid="Close the follow-up", msgstr="Sluit de opvolging af"))]
    assert len(imperative_buttons({"Close the follow-up"}, bad, _button_words())) == 1


# ----- numbers in sentences --------------------------------------------------------------------------

TRANSLATING = {"_", "gettext", "ngettext", "gettext_lazy", "ngettext_lazy", "pgettext", "npgettext"}
APP_SOURCES = [
    path
    for app in settings.INSTALLED_APPS
    if (ROOT / app).is_dir()
    for path in sorted((ROOT / app).rglob("*.py"))
    if "tests" not in path.parts and "migrations" not in path.parts
]


def _hand_formatted(node: ast.AST) -> str | None:
    """Why `node` formats a number by hand, or None: an f-string with a format spec (f"{p:.3f}"),
    .replace(".", ",") or round()/format() of a value (round(4.5, 1) prints "4.5" in any language)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.FormattedValue) and sub.format_spec is not None:
            return "f-string with a format spec"
        if isinstance(sub, ast.Call):
            func = sub.func
            if isinstance(func, ast.Attribute) and func.attr == "replace" and len(sub.args) == 2:
                args = [a.value for a in sub.args if isinstance(a, ast.Constant)]
                if sorted(args) == [",", "."]:
                    return ".replace between '.' and ','"
            if isinstance(func, ast.Name) and func.id in {"round", "format"}:
                return f"{func.id}()"
    return None


def hand_formatted_numbers(sources: list[Path], root: Path = ROOT) -> list[str]:
    """Each place where Python puts a hand-formatted value into a translated sentence."""
    problems = []
    for path in sources:
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, ast.Mod)
                and isinstance(node.right, ast.Dict)
            ):
                continue
            left = node.left
            if not (
                isinstance(left, ast.Call) and isinstance(left.func, ast.Name) and left.func.id in TRANSLATING
            ):
                continue
            for key, value in zip(node.right.keys, node.right.values, strict=True):
                why = _hand_formatted(value)
                if why:
                    name = key.value if isinstance(key, ast.Constant) else "?"
                    problems.append(f"{path.relative_to(root)}:{value.lineno} %({name})s: {why}")
    return problems


def test_numbers_in_translated_sentences_go_through_the_dutch_formatter():
    assert hand_formatted_numbers(APP_SOURCES) == []


def test_the_number_check_fails_on_a_hand_formatted_number(tmp_path):
    source = tmp_path / "bad.py"
    source.write_text(
        "from django.utils.translation import gettext as _\n"
        "p = 0.0123\nhours = 4.5\n"
        'a = _("p = %(p)s.") % {"p": f"{p:.3f}".replace(".", ",")}\n'
        'b = _("%(h)s hours") % {"h": round(hours, 1)}\n'
        'c = _("%(h)s hours") % {"h": localised(hours, 1)}\n'
    )
    problems = hand_formatted_numbers([source], root=tmp_path)
    assert len(problems) == 2, problems


@pytest.mark.parametrize(
    ("value", "decimals", "grouping", "dutch", "english"),
    [
        (Decimal("4.50"), None, False, "4,5", "4.5"),
        (4.25, 1, False, "4,2", "4.2"),
        (0.01234, 3, False, "0,012", "0.012"),
        (10000, None, True, "10.000", "10,000"),
        (Decimal("4.00"), 1, False, "4", "4"),
    ],
)
def test_localised_writes_numbers_in_the_language_of_the_page(value, decimals, grouping, dutch, english):
    from django.utils import translation

    from core.formatting import localised

    with translation.override("nl"):
        assert localised(value, decimals, grouping=grouping) == dutch
    with translation.override("en"):
        assert localised(value, decimals, grouping=grouping) == english


@override_settings(LANGUAGE_CODE="nl")
def test_fractional_hours_read_the_dutch_way_on_the_quality_page(world, login):
    """4.5 agreed hours a week: the preconditions table of the quality page says 4,5, never 4.5."""
    network = world.network_a
    network.weekly_hours = Decimal("4.5")
    network.save(update_fields=["weekly_hours"])
    page = login(world.coordinator).get(reverse("quality:network", args=[network.pk])).content.decode()
    assert "4,5 uur per week vastgelegd" in page
    assert "4.5" not in page


def test_the_default_questionnaire_follows_the_glossary():
    """The questionnaire the evaluator reads aloud is Dutch written in Python: it says 'je', like the app."""
    from evaluation import questionnaires

    texts = [questionnaires.DEFAULT_NAME, questionnaires.DEFAULT_DESCRIPTION]
    texts += [q[key] for q in questionnaires.DEFAULT_QUESTIONS for key in ("text", "low", "high") if key in q]
    catalogue = [("evaluation", polib.POEntry(msgid="", msgstr=text)) for text in texts]
    assert not_this(catalogue, glossary()) == []
