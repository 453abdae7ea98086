import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conftest import TODAY
from people.models import Stage
from people.services import participant_register, route_record
from support.models import SupportKind, SupportObservation, SupportTie


def test_one_entry_for_several_receivers(group, record):
    obs = record(group["anne"], [group["janneke"], group["kees"], group["fatima"], group["henk"]])
    assert SupportObservation.objects.count() == 1
    assert sorted(obs.ties.values_list("receiver__name", flat=True)) == ["Fatima", "Henk", "Janneke", "Kees"]


def test_support_to_the_group_has_no_tie(group, record):
    obs = record(group["anne"], [], to_group=True, kind=SupportKind.COMPANIONSHIP, outside_hours=True)
    assert obs.to_group and obs.outside_hours
    assert SupportTie.objects.count() == 0


def test_duplicate_receivers_become_one_tie(group, record):
    record(group["anne"], [group["kees"], group["kees"]])
    assert SupportTie.objects.count() == 1


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_self_support_is_refused_and_nothing_saved(group, record):
    with pytest.raises(ValidationError) as excinfo:
        record(group["anne"], [group["anne"], group["kees"]])
    assert "kan zichzelf niet steunen" in _errors(excinfo)["receivers"][0]
    assert SupportObservation.objects.count() == 0 and SupportTie.objects.count() == 0


def test_a_person_of_another_network_is_refused(world, group, record):
    with pytest.raises(ValidationError) as excinfo:
        record(group["anne"], [group["kees"], world.bert])
    assert _errors(excinfo)["receivers"] == ["Bert is geen deelnemer van dit vangnetwerk."]
    assert SupportObservation.objects.count() == 0


def test_a_person_of_another_organisation_is_refused(world, group, record):
    with pytest.raises(ValidationError) as excinfo:
        record(world.olga, [group["kees"]])
    assert _errors(excinfo)["giver"] == ["Olga is geen deelnemer van dit vangnetwerk."]
    assert SupportObservation.objects.count() == 0


def test_a_date_in_the_future_is_refused(group, record):
    with pytest.raises(ValidationError) as excinfo:
        record(group["anne"], [group["kees"]], days_ago=-1)
    assert "toekomst" in _errors(excinfo)["date"][0]
    assert SupportObservation.objects.count() == 0


def test_someone_not_yet_in_the_group_on_the_date_is_refused(world, group, record):
    newcomer = participant_register(
        actor=world.worker_a, network=world.network_a, name="Nel", date=TODAY - dt.timedelta(days=3)
    )
    with pytest.raises(ValidationError) as excinfo:
        record(group["anne"], [newcomer], days_ago=10)
    assert "niet bij de groep" in _errors(excinfo)["receivers"][0]
    record(group["anne"], [newcomer], days_ago=1)  # after her first visit it is fine


def test_someone_who_left_is_refused_after_leaving(world, group, record):
    participation = group["henk"].participations.get()
    route_record(
        actor=world.worker_a,
        participation=participation,
        stage=Stage.DROPPED_OUT,
        date=TODAY - dt.timedelta(days=20),
        dropout_reason="illness",
    )
    with pytest.raises(ValidationError):
        record(group["henk"], [group["anne"]], days_ago=5)
    record(group["henk"], [group["anne"]], days_ago=30)


def test_no_receiver_at_all_is_refused(group, record):
    with pytest.raises(ValidationError) as excinfo:
        record(group["anne"], [])
    assert "receivers" in _errors(excinfo)


def test_a_long_note_and_an_unknown_kind_are_refused(group, record):
    with pytest.raises(ValidationError) as excinfo:
        record(group["anne"], [group["kees"]], kind="money", note="x" * 201)
    assert set(_errors(excinfo)) == {"kind", "note"}
