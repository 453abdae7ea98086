"""Migration 0002 copies the interview's old consent columns into the privacy consent register;
0003 drops those columns.

The columns exist only in the migration history, so these tests take the database back to just
after 0002 (the historical models there still have them) and forward again afterwards.
"""

import datetime as dt
import importlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from conftest import TODAY
from evaluation.models import Interview
from evaluation.tests.conftest import make_round
from people.services import participant_register
from privacy.models import Consent, ConsentScope, FieldChange

migration = importlib.import_module("evaluation.migrations.0002_interview_consent_to_privacy_register")
COPIED = ("evaluation", "0002_interview_consent_to_privacy_register")
DROPPED = ("evaluation", "0003_interview_drop_consent_columns")
OLD_COLUMNS = {"consent_evaluation", "consent_evaluation_on", "consent_research", "consent_research_on"}

pytestmark = pytest.mark.django_db(transaction=True)  # schema changes: no test transaction around them


def _columns() -> set[str]:
    with connection.cursor() as cursor:
        return {
            c.name for c in connection.introspection.get_table_description(cursor, Interview._meta.db_table)
        }


def _migrate(target):
    call_command("migrate", *target, verbosity=0)  # as a deploy runs it, with the stamps' triggers off
    return MigrationExecutor(connection).loader.project_state([target]).apps


@pytest.fixture
def old_apps():
    """The models as they were after 0002, with the interview's consent columns in the database."""
    apps = _migrate(COPIED)
    yield apps
    call_command("migrate", verbosity=0)  # every app at its latest migration again, for the tests after


def _interview(apps, world, participant, **old_columns):
    """An interview as stored before the register (through the historical model: the columns exist)."""
    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    return apps.get_model("evaluation", "Interview").objects.create(
        round_id=evaluation_round.pk,
        participant_id=participant.pk,
        evaluator_id=world.evaluator.pk,
        held_on=TODAY - dt.timedelta(days=30),
        **old_columns,
    )


def test_the_old_consent_columns_are_gone(world):
    assert not OLD_COLUMNS & {f.name for f in Interview._meta.get_fields()}
    assert not OLD_COLUMNS & _columns()


def test_the_drop_can_be_undone_and_done_again(world, old_apps):
    assert _columns() >= OLD_COLUMNS
    _migrate(DROPPED)
    assert not OLD_COLUMNS & _columns()


def test_interview_consent_is_copied_with_date_and_evaluator(world, old_apps):
    given_on = TODAY - dt.timedelta(days=30)
    _interview(old_apps, world, world.anne, consent_evaluation=True, consent_evaluation_on=given_on)
    migration.copy_to_register(old_apps, None)
    consent = Consent.objects.get(participant=world.anne)
    assert (consent.scope, consent.given, consent.date, consent.recorded_by) == (
        ConsentScope.EVALUATION,
        True,
        given_on,
        world.evaluator,
    )
    change = FieldChange.objects.get(model="privacy.Consent", object_id=str(consent.pk))
    assert change.action == "create" and change.actor_id == world.evaluator.pk
    migration.copy_to_register(old_apps, None)  # running again adds nothing
    assert Consent.objects.count() == 1


def test_a_later_answer_in_the_register_wins_and_an_earlier_no_is_overtaken(world, old_apps):
    kees = participant_register(actor=world.worker_a, network=world.network_a, name="Kees", date=TODAY)
    given_on = TODAY - dt.timedelta(days=30)
    _interview(old_apps, world, world.anne, consent_research=True, consent_research_on=given_on)
    _interview(old_apps, world, kees, consent_research=True, consent_research_on=given_on)
    Consent.objects.create(participant=world.anne, scope=ConsentScope.RESEARCH, given=False, date=TODAY)
    Consent.objects.create(
        participant=kees, scope=ConsentScope.RESEARCH, given=False, date=given_on - dt.timedelta(days=5)
    )
    migration.copy_to_register(old_apps, None)
    assert not Consent.objects.get(participant=world.anne).given  # withdrawn after the interview
    overtaken = Consent.objects.get(participant=kees)
    assert overtaken.given and overtaken.date == given_on and overtaken.recorded_by == world.evaluator
