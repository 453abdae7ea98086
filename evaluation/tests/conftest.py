"""Evaluation fixtures on top of the root personas.

`ev`: a round on network_a with the evaluator assigned, an interview with Anne whose report is
agreed, one theme and one highlight; plus the same in organisation B for ownership tests.
"""

import datetime as dt
from dataclasses import dataclass

import pytest

from conftest import TODAY
from evaluation import services
from evaluation.models import QuestionKind


@dataclass
class Ev:
    template: object
    round: object
    interview: object
    report: object
    theme: object
    highlight: object
    other_round: object
    other_interview: object
    other_theme: object
    other_highlight: object
    other_template: object


def scale_answers(template, now: int, before: int) -> dict:
    return {
        q.pk: {"now": now, "before": before}
        if q.kind == QuestionKind.SCALE
        else {"text": "Ik kook graag soep."}
        for q in template.questions.all()
    }


def held_interview(
    *, evaluation_round, participant, evaluator, now=7, before=4, state="agreed", research=True
):
    """An interview through the services, its report taken to `state` ("draft", "read_back", "agreed", "amended")."""
    held = TODAY - dt.timedelta(days=10)
    interview = services.interview_start(
        actor=evaluator, evaluation_round=evaluation_round, participant=participant, held_on=held
    )
    services.interview_save(
        actor=evaluator,
        interview=interview,
        expected_version=interview.version,
        consent={
            "held_on": held,
            "consent_evaluation": True,
            "consent_evaluation_on": held,
            "consent_research": research,
            "consent_research_on": held if research else None,
        },
        answers=scale_answers(evaluation_round.template, now, before),
    )
    report = interview.report
    services.report_save(
        actor=evaluator,
        report=report,
        expected_version=report.version,
        text="Anne kookt elke week mee. Ze voelt zich welkom in de groep.",
    )
    if state != "draft":
        services.report_read_back(
            actor=evaluator, report=report, expected_version=report.version, date=held + dt.timedelta(days=1)
        )
    if state == "agreed":
        services.report_agree(
            actor=evaluator, report=report, expected_version=report.version, date=held + dt.timedelta(days=2)
        )
    elif state == "amended":
        services.report_amend(
            actor=evaluator,
            report=report,
            expected_version=report.version,
            date=held + dt.timedelta(days=2),
            text=report.text + " Ze doet ook de afwas.",
            what_changed="Afwas toegevoegd.",
        )
    interview.refresh_from_db()
    return interview


def make_round(*, network, evaluator, coordinator=None, name="Evaluatie 2026"):
    template = services.template_ensure_default(organisation=network.organisation)
    return services.round_create(
        actor=coordinator,
        network=network,
        name=name,
        template=template,
        starts_on=TODAY - dt.timedelta(days=30),
        ends_on=None,
        evaluators=[evaluator],
    )


@pytest.fixture
def ev(world) -> Ev:
    from accounts.models import Role
    from accounts.services import user_invite

    evaluation_round = make_round(
        network=world.network_a, evaluator=world.evaluator, coordinator=world.coordinator
    )
    interview = held_interview(
        evaluation_round=evaluation_round, participant=world.anne, evaluator=world.evaluator
    )
    theme = services.theme_create(
        organisation=world.org, name="Ergens bij horen", description="De groep als thuis"
    )
    highlight = services.highlight_create(
        actor=world.evaluator,
        interview=interview,
        passage="Ze voelt zich welkom in de groep.",
        themes=[theme],
    )
    other_evaluator = user_invite(
        actor=None,
        organisation=world.other_org,
        username="west_eval",
        email="e@west.example",
        first_name="West",
        roles=[Role.EVALUATOR],
        password="correct-horse-battery",
    )
    other_round = make_round(network=world.other_network, evaluator=other_evaluator)
    other_interview = held_interview(
        evaluation_round=other_round, participant=world.olga, evaluator=other_evaluator
    )
    other_theme = services.theme_create(organisation=world.other_org, name="Westthema")
    other_highlight = services.highlight_create(
        actor=other_evaluator, interview=other_interview, passage="Ze voelt zich welkom", themes=[other_theme]
    )
    return Ev(
        template=evaluation_round.template,
        round=evaluation_round,
        interview=interview,
        report=interview.report,
        theme=theme,
        highlight=highlight,
        other_round=other_round,
        other_interview=other_interview,
        other_theme=other_theme,
        other_highlight=other_highlight,
        other_template=other_round.template,
    )
