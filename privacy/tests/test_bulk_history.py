"""Field history of writes that send no save signals: bulk_create, bulk_update, QuerySet.update()."""

import datetime as dt

from conftest import TODAY
from evaluation import services as evaluation_services
from evaluation.models import Answer, QuestionKind
from evaluation.tests.conftest import make_round
from people.services import participant_register
from practice.services import stage_confirm, stage_release
from privacy.actor import acting_as
from privacy.models import FieldChange
from support.models import SupportKind, SupportTie
from support.services import observation_record


def _history(model: str, **filters):
    return list(FieldChange.objects.filter(model=model, **filters).order_by("pk"))


def test_interview_answers_written_in_bulk_are_in_the_field_history(world):
    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    interview = evaluation_services.interview_start(
        actor=world.evaluator, evaluation_round=evaluation_round, participant=world.anne, held_on=TODAY
    )
    scale = next(q for q in evaluation_round.template.questions.all() if q.kind == QuestionKind.SCALE)
    with acting_as(world.evaluator):
        evaluation_services.interview_save(
            actor=world.evaluator,
            interview=interview,
            expected_version=1,
            answers={scale.pk: {"now": 7, "before": 4}},
        )
        evaluation_services.interview_save(
            actor=world.evaluator,
            interview=interview,
            expected_version=2,
            answers={scale.pk: {"now": 9, "before": 4}},
        )
    answer = Answer.objects.get(interview=interview, question=scale)
    created, changed = _history("evaluation.Answer", object_id=str(answer.pk))
    assert (created.action, created.participant_id, created.actor_id) == (
        "create",
        world.anne.pk,
        world.evaluator.pk,
    )
    assert created.changes["now"] == [None, 7] and created.changes["before"] == [None, 4]
    assert (changed.action, changed.changes) == ("update", {"now": [7, 9]})  # only what changed


def test_support_ties_written_in_bulk_are_in_the_field_history(world):
    kees = participant_register(
        actor=world.worker_a, network=world.network_a, name="Kees", date=TODAY - dt.timedelta(days=190)
    )
    with acting_as(world.worker_a):
        observation_record(
            actor=world.worker_a,
            network=world.network_a,
            date=TODAY - dt.timedelta(days=1),
            giver=world.anne,
            receivers=[kees],
            kind=SupportKind.PRACTICAL,
        )
    tie = SupportTie.objects.get()
    [line] = _history("support.SupportTie")
    assert (line.action, line.object_id, line.participant_id, line.actor_id) == (
        "create",
        str(tie.pk),
        kees.pk,
        world.worker_a.pk,
    )
    assert line.changes["receiver_id"] == [None, kees.pk]


def test_releasing_a_confirmed_stage_is_in_the_field_history(world):
    participation = world.anne.participations.get()
    stage_confirm(actor=world.worker_a, participation=participation, stage="structural")
    participation.refresh_from_db()
    assert participation.stage_confirmed
    with acting_as(world.worker_a):
        stage_release(actor=world.worker_a, participation=participation)
    lines = [
        c
        for c in _history("people.Participation", participant_id=world.anne.pk)
        if "stage_confirmed" in c.changes
    ]
    assert lines[-1].changes["stage_confirmed"] == [True, False] and lines[-1].actor_id == world.worker_a.pk
