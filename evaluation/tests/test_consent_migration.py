"""Migration 0002 copies the interview's old consent columns into the privacy consent register."""

import datetime as dt
import importlib

from django.apps import apps

from conftest import TODAY
from evaluation.models import Interview
from evaluation.services import interview_start
from evaluation.tests.conftest import make_round
from people.services import participant_register
from privacy.models import Consent, ConsentScope, FieldChange

migration = importlib.import_module("evaluation.migrations.0002_interview_consent_to_privacy_register")


def _interview(world, participant, **old_columns):
    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    interview = interview_start(
        actor=world.evaluator, evaluation_round=evaluation_round, participant=participant,
        held_on=TODAY - dt.timedelta(days=30),
    )  # fmt: skip
    Interview.objects.filter(pk=interview.pk).update(**old_columns)  # as stored before the register
    return interview


def test_interview_consent_is_copied_with_date_and_evaluator(world):
    given_on = TODAY - dt.timedelta(days=30)
    _interview(world, world.anne, consent_evaluation=True, consent_evaluation_on=given_on)
    migration.copy_to_register(apps, None)
    consent = Consent.objects.get(participant=world.anne)
    assert (consent.scope, consent.given, consent.date, consent.recorded_by) == (
        ConsentScope.EVALUATION, True, given_on, world.evaluator)  # fmt: skip
    change = FieldChange.objects.get(model="privacy.Consent", object_id=str(consent.pk))
    assert change.action == "create" and change.actor_id == world.evaluator.pk
    migration.copy_to_register(apps, None)  # running again adds nothing
    assert Consent.objects.count() == 1


def test_a_later_answer_in_the_register_wins_and_an_earlier_no_is_overtaken(world):
    kees = participant_register(actor=world.worker_a, network=world.network_a, name="Kees", date=TODAY)
    given_on = TODAY - dt.timedelta(days=30)
    _interview(world, world.anne, consent_research=True, consent_research_on=given_on)
    _interview(world, kees, consent_research=True, consent_research_on=given_on)
    Consent.objects.create(participant=world.anne, scope=ConsentScope.RESEARCH, given=False, date=TODAY)
    Consent.objects.create(
        participant=kees, scope=ConsentScope.RESEARCH, given=False, date=given_on - dt.timedelta(days=5)
    )
    migration.copy_to_register(apps, None)
    assert not Consent.objects.get(participant=world.anne).given  # withdrawn after the interview
    overtaken = Consent.objects.get(participant=kees)
    assert overtaken.given and overtaken.date == given_on and overtaken.recorded_by == world.evaluator
