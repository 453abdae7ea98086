import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conftest import TODAY
from core.concurrency import ConflictError
from quality import catalogue
from quality.models import ChecklistReflection, NetworkEvaluation, Precondition
from quality.services import evaluation_create, evaluation_update, precondition_set, reflection_record
from quality.tests.helpers import evaluation_data


def test_a_reflection_needs_every_item_and_saves_nothing_otherwise(world):
    answers = dict.fromkeys(catalogue.CHECKLIST_KEYS[1:], ("yes", ""))
    with pytest.raises(ValidationError) as error:
        reflection_record(actor=world.worker_a, network=world.network_a, date=TODAY, answers=answers)
    assert f"{catalogue.CHECKLIST_KEYS[0]}_answer" in error.value.message_dict
    assert not ChecklistReflection.objects.exists()


def test_a_reflection_before_the_start_is_refused(world):
    answers = dict.fromkeys(catalogue.CHECKLIST_KEYS, ("yes", ""))
    with pytest.raises(ValidationError):
        reflection_record(
            actor=world.worker_a,
            network=world.network_a,
            date=world.network_a.start_date - dt.timedelta(days=1),
            answers=answers,
        )


def test_a_precondition_conflict_changes_nothing(world):
    first = precondition_set(
        actor=world.worker_a, network=world.network_a, key="room", status="met", expected_version=0
    )
    with pytest.raises(ConflictError):
        precondition_set(
            actor=world.backup_a, network=world.network_a, key="room", status="not_met", expected_version=0
        )
    assert Precondition.objects.get(pk=first.pk).status == "met"


def test_an_evaluation_update_with_a_stale_version_conflicts(world):
    evaluation = evaluation_create(actor=world.worker_a, network=world.network_a, **evaluation_data())
    evaluation_update(actor=world.worker_a, evaluation=evaluation, expected_version=1, sustain="Vaste ruimte")
    stale = NetworkEvaluation.objects.get(pk=evaluation.pk)
    stale.version = 1
    with pytest.raises(ConflictError):
        evaluation_update(actor=world.backup_a, evaluation=stale, expected_version=1, sustain="Anders")
    assert NetworkEvaluation.objects.get(pk=evaluation.pk).sustain == "Vaste ruimte"


def test_a_final_evaluation_does_not_go_back_to_draft(world):
    evaluation = evaluation_create(
        actor=world.worker_a, network=world.network_a, **evaluation_data(status="final")
    )
    with pytest.raises(ValidationError):
        evaluation_update(actor=world.worker_a, evaluation=evaluation, expected_version=1, status="draft")


def test_an_evaluation_validates_goals_and_factors(world):
    data = evaluation_data(failure_factors=["made_up"])
    data["goals"] = {"a": {"result": "achieved"}}
    with pytest.raises(ValidationError) as error:
        evaluation_create(actor=world.worker_a, network=world.network_a, **data)
    assert "goal_b" in error.value.message_dict and "failure_factors" in error.value.message_dict
    assert not NetworkEvaluation.objects.exists()


def test_every_checklist_group_of_the_source_has_items():
    groups = {group for group, _key, _text in catalogue.CHECKLIST}
    assert groups == {"target_group", "activity", "social_worker", "result"}
    assert len(set(catalogue.CHECKLIST_KEYS)) == len(catalogue.CHECKLIST_KEYS)
