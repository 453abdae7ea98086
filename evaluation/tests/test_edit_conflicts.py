"""Nothing is lost when two people edit the same thing (evaluation's edit pages, core.editing.save_form).

The interview's own conflict (its form comes back with the input and the current versions) is in
test_interview.py; the round's in test_rounds.py. Here the comparison page of the others: what this
person typed next to what was saved, with the Dutch message, and nothing overwritten.
"""

from django.urls import reverse

from conftest import TODAY
from evaluation import services
from evaluation.models import EvaluationRound, Report, Theme
from evaluation.tests.conftest import held_interview, make_round

COMPARISON = "Iemand anders was je net voor"
MINE = "Jouw versie (niet opgeslagen)"


def _comparison(response, *shown: str) -> None:
    assert response.status_code == 409
    page = response.content.decode()
    assert COMPARISON in page and MINE in page
    for text in shown:
        assert text in page


def test_theme_edit(world, login):
    theme = services.theme_create(organisation=world.org, name="Steun")
    services.theme_update(
        theme=theme, expected_version=theme.version, name="Praktische steun", description="", parent=None
    )
    response = login(world.evaluator).post(
        reverse("evaluation:theme_edit", args=[theme.pk]),
        {"name": "Mijn steun", "description": "", "version": 1},
    )
    _comparison(response, "Mijn steun", "Praktische steun")
    assert Theme.objects.get().name == "Praktische steun"


def test_report_text(world, login):
    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    interview = held_interview(
        evaluation_round=evaluation_round, participant=world.anne, evaluator=world.evaluator, state="draft"
    )
    report = Report.objects.get(interview=interview)
    opened_with = report.version
    services.report_save(
        actor=world.evaluator, report=report, expected_version=opened_with, text="Hun tekst."
    )
    response = login(world.evaluator).post(
        reverse("evaluation:report", args=[interview.pk]),
        {"action": "save", "version": opened_with, "text": "Mijn tekst."},
    )
    _comparison(response, "Mijn tekst.", "Hun tekst.")
    assert Report.objects.get().text == "Hun tekst."


def test_round_edit(world, login):
    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    url = reverse("evaluation:round_edit", args=[evaluation_round.pk])
    data = {"name": "Nieuw", "starts_on": TODAY.isoformat(), "evaluators": [world.evaluator.pk], "version": 1}
    client = login(world.coordinator)
    assert client.post(url, data).status_code == 302
    _comparison(client.post(url, {**data, "name": "Mijn naam"}), "Mijn naam", "Nieuw")
    assert EvaluationRound.objects.get().name == "Nieuw"
