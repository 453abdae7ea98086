"""Field history is recorded where the write happens (core.history.HistoryQuerySet), so a service
cannot leave it out: QuerySet.update(), bulk_update(), bulk_create() and delete() of a tracked model."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.utils.translation import gettext_lazy

from core.history import HistoryQuerySet, without_history
from people.models import Participant, Participation
from people.services import participant_update
from privacy.actor import acting_as
from privacy.models import FieldChange
from privacy.registry import PERSONAL_DATA, PersonalData, register

ROOT = Path(__file__).resolve().parents[2]


def _lines(model="people.Participant", **filters):
    return list(FieldChange.objects.filter(model=model, action="update", **filters).order_by("pk"))


def test_a_plain_queryset_update_is_in_the_history_with_old_and_new_values(world):
    with acting_as(world.worker_a):
        count = Participant.objects.filter(pk__in=[world.anne.pk, world.bert.pk]).update(phone="0612345678")
    assert count == 2
    lines = {line.participant_id: line for line in _lines()}
    assert set(lines) == {world.anne.pk, world.bert.pk}
    anne = lines[world.anne.pk]
    assert anne.changes == {"phone": [world.anne.phone, "0612345678"]}
    assert (anne.object_id, anne.actor_id, anne.organisation_id) == (
        str(world.anne.pk),
        world.worker_a.pk,
        world.org.pk,
    )


def test_an_update_that_changes_nothing_writes_no_line(world):
    Participant.objects.filter(pk=world.anne.pk).update(name=world.anne.name)
    assert _lines() == []


def test_an_update_with_an_expression_reads_the_new_values(world):
    Participant.objects.filter(pk=world.anne.pk).update(birth_year=1980)
    Participant.objects.filter(pk=world.anne.pk).update(birth_year=F("birth_year") + 1)
    assert [line.changes for line in _lines()][-1] == {"birth_year": [1980, 1981]}


def test_an_update_through_a_path_to_the_participant(world):
    """Participation names its participant through participant_id; read in the same snapshot query."""
    participation = world.anne.participations.get()
    before = len(_lines("people.Participation"))
    Participation.objects.filter(pk=participation.pk).update(stage_confirmed=True)
    [line] = _lines("people.Participation")[before:]
    assert line.participant_id == world.anne.pk and line.changes == {"stage_confirmed": [False, True]}


def test_bulk_update_is_in_the_history_once_per_changed_row(world):
    anne, bert = Participant.objects.filter(pk__in=[world.anne.pk, world.bert.pk]).order_by("pk")
    anne.talents, bert.talents = "Fietsen maken", bert.talents  # bert unchanged
    with acting_as(world.worker_b):
        Participant.objects.bulk_update([anne, bert], ["talents"])
    [line] = _lines()  # one line: bulk_update's own update() is not recorded a second time
    assert line.participant_id == anne.pk and line.actor_id == world.worker_b.pk
    assert line.changes == {"talents": [world.anne.talents, "Fietsen maken"]}


def test_bulk_create_writes_created_lines(world):
    [person] = Participant.objects.bulk_create([Participant(organisation=world.org, name="Zoë")])
    [line] = FieldChange.objects.filter(model="people.Participant", object_id=str(person.pk), action="create")
    assert line.changes["name"] == [None, "Zoë"] and line.participant_id == person.pk


def test_a_queryset_delete_writes_deleted_lines(world):
    participation = world.anne.participations.get()
    events = list(participation.events.values_list("pk", flat=True))
    assert events
    participation.events.all().delete()
    deleted = FieldChange.objects.filter(model="people.RouteEvent", action="delete")
    assert sorted(int(pk) for pk in deleted.values_list("object_id", flat=True)) == sorted(events)


def test_a_service_save_is_recorded_once(world, django_assert_num_queries):
    """participant_update saves through save_with_version (an update()): one line, and the same number
    of queries as when the service called the history hooks itself: its savepoint, the snapshot, the
    update, the history line, the release."""
    old = world.anne.wishes
    with acting_as(world.worker_a), django_assert_num_queries(5):
        participant_update(actor=world.worker_a, participant=world.anne, expected_version=1, wishes="Koken")
    [line] = _lines()
    assert line.changes == {"wishes": [old, "Koken"]}


def test_without_history_writes_nothing_and_only_erasure_and_the_generator_use_it(world):
    with without_history():
        Participant.objects.filter(pk=world.anne.pk).update(phone="0600000000")
    assert _lines() == []
    users = sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if not {".venv", "node_modules", "tests"} & set(path.relative_to(ROOT).parts)
        and "without_history(" in path.read_text()
        and path.name != "history.py"
    )
    assert users == ["perf/generator.py", "privacy/erasure.py"]


def test_every_tracked_model_writes_through_the_history_queryset():
    tracked = [entry for entry in PERSONAL_DATA.values() if entry.track_history]
    assert len(tracked) >= 10
    for entry in tracked:
        assert isinstance(entry.model._default_manager.get_queryset(), HistoryQuerySet), entry.label


def test_registering_a_tracked_model_without_the_history_manager_stops_the_start_up():
    with pytest.raises(ImproperlyConfigured, match="does not record it"):
        register(
            PersonalData(
                "evaluation.Theme",
                participant_path="report__interview__participant_id",
                permission="evaluation.report.view",
                title=gettext_lazy("Themes"),
            )
        )
    assert "evaluation.Theme" not in PERSONAL_DATA
