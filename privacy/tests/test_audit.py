"""The audit trail: what is recorded, that it cannot be changed, and the file log report."""

import importlib
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from accounts import access
from accounts.services import user_set_roles
from core import hooks
from people.services import participant_update, route_record
from privacy.actor import acting_as
from privacy.audit import audit
from privacy.models import AppendOnlyError, AuditEntry, FieldChange

ROOT = Path(__file__).resolve().parents[2]
triggers = importlib.import_module("privacy.migrations.0002_audit_append_only_triggers")


def test_entries_cannot_be_changed_or_deleted_through_the_orm(world):
    entry = audit(user=world.worker_a, action="view.participant", participant_id=world.anne.pk)
    entry.action = "nothing"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "view.participant"


def test_database_triggers_refuse_update_and_delete_even_in_raw_sql(world):
    entry = audit(user=world.worker_a, action="view.participant", participant_id=world.anne.pk)
    triggers.install(connection)  # inside this test's transaction, rolled back afterwards
    table = AuditEntry._meta.db_table
    for statement in (f"UPDATE {table} SET action = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):  # noqa: S608
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, action="view.participant").exists()


def test_a_normal_migrate_installs_the_triggers(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("checked on SQLite; the PostgreSQL statements are run by the test above")
    db = tmp_path / "fresh.sqlite3"
    env = {**os.environ, "VANGNET_ENV": "development", "DATABASE_URL": f"sqlite:///{db}"}
    env.pop("AUDIT_DB_TRIGGERS", None)
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "privacy", "-v0"], cwd=ROOT, env=env, check=True
    )
    con = sqlite3.connect(db)
    con.execute(
        "INSERT INTO privacy_auditentry (at, actor_username, action, object_type, object_id, detail)"
        " VALUES ('2026-01-01', '', 'x', '', '', '')"
    )
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM privacy_auditentry")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE privacy_auditentry SET action = 'y'")


def test_denied_access_to_another_organisations_participant_is_recorded(world):
    with pytest.raises(Exception):  # noqa: B017 - Http404, raised by the access layer
        access.get_participant(world.worker_a, world.olga.pk)
    entry = AuditEntry.objects.get(action="access.denied")
    assert (entry.actor_id, entry.participant_id, entry.organisation_id) == (
        world.worker_a.pk,
        world.olga.pk,
        world.org.pk,
    )


def test_viewing_and_exporting_write_one_entry_per_participant(world):
    hooks.on_personal_data_viewed(user=world.worker_a, participant_ids=[world.anne.pk], what="participant")
    hooks.on_export(user=world.coordinator, what="sociogram", participant_ids=[world.anne.pk, world.bert.pk])
    rows = set(AuditEntry.objects.values_list("action", "participant_id", "actor_id"))
    assert ("view.participant", world.anne.pk, world.worker_a.pk) in rows
    assert ("export.sociogram", world.anne.pk, world.coordinator.pk) in rows
    assert ("export.sociogram", world.bert.pk, world.coordinator.pk) in rows


def test_role_changes_are_recorded_with_who_did_it(world):
    user_set_roles(actor=world.admin, user=world.norole, roles=["worker"])
    entry = AuditEntry.objects.get(action="roles.changed", object_id=str(world.norole.pk))
    assert entry.actor_id == world.admin.pk and entry.detail == "- -> worker"
    assert entry.organisation_id == world.org.pk


def test_logins_failures_and_lockouts_are_recorded_without_the_typed_text(world):
    url = reverse("accounts:login")
    client = Client()
    client.post(url, {"username": "worker_a", "password": "correct-horse-battery"})
    assert AuditEntry.objects.filter(action="login.success", actor_id=world.worker_a.pk).exists()
    for _ in range(5):
        Client().post(
            url, {"username": "worker_b", "password": "Geheim-wachtwoord-Anne"}, REMOTE_ADDR="10.5.5.5"
        )
    Client().post(url, {"username": "no-such-user", "password": "x"})
    failed = AuditEntry.objects.filter(action="login.failed")
    assert failed.filter(object_id=str(world.worker_b.pk), organisation_id=world.org.pk).count() == 5
    assert AuditEntry.objects.filter(action="login.locked_out", object_id=str(world.worker_b.pk)).exists()
    texts = " ".join(" ".join(map(str, row)) for row in AuditEntry.objects.values_list())
    assert "Geheim" not in texts and "no-such-user" not in texts


def test_field_level_history_with_actor_for_create_update_and_versioned_save(world):
    created = FieldChange.objects.get(
        model="people.Participant", object_id=str(world.anne.pk), action="create"
    )
    assert created.changes["name"] == [None, "Anne"] and created.participant_id == world.anne.pk
    with acting_as(world.worker_a):
        participant_update(
            actor=world.worker_a, participant=world.anne, expected_version=1, talents="Soep koken"
        )
    change = FieldChange.objects.filter(model="people.Participant", action="update").get()
    assert change.changes == {"talents": ["", "Soep koken"]}
    assert change.actor_id == world.worker_a.pk and change.organisation_id == world.org.pk
    participation = world.anne.participations.get()
    with acting_as(world.worker_a):
        event = route_record(
            actor=world.worker_a,
            participation=participation,
            stage="settling_in",
            date=participation.stage_since,
            note="Komt graag",
        )
    record = FieldChange.objects.get(model="people.RouteEvent", object_id=str(event.pk))
    assert record.participant_id == world.anne.pk and record.changes["note"] == [None, "Komt graag"]
    stage = FieldChange.objects.filter(model="people.Participation", action="update").last()
    assert stage.changes["stage"] == ["first_visit", "settling_in"]


def test_file_log_shows_who_looked_only_to_the_admin(world, login, django_assert_num_queries):
    hooks.on_personal_data_viewed(user=world.worker_a, participant_ids=[world.anne.pk], what="participant")
    hooks.on_personal_data_viewed(user=world.worker_b, participant_ids=[world.bert.pk], what="participant")
    url = reverse("privacy:file_log", args=[world.anne.pk])
    client = login(world.admin)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["entries"][0].actor_username == "worker_a"
    assert "worker_b" not in response.content.decode()
    for _ in range(20):
        hooks.on_personal_data_viewed(
            user=world.coordinator, participant_ids=[world.anne.pk], what="participant"
        )
    # session, user, participant, entries, audit of this view, session save (savepoint, update, release)
    with django_assert_num_queries(5):
        assert len(client.get(url).context["entries"]) == 22
    # The admin's own look is in the trail too.
    assert AuditEntry.objects.filter(action="view.file_log", actor_id=world.admin.pk).count() == 2


@pytest.mark.parametrize("persona", ["worker_a", "coordinator", "evaluator", "researcher", "norole"])
def test_file_log_is_forbidden_to_other_roles(world, login, persona):
    client = login(getattr(world, persona))
    assert client.get(reverse("privacy:file_log", args=[world.anne.pk])).status_code == 403
    assert client.get(reverse("privacy:file_log_index")).status_code == 403


def test_file_log_of_another_organisation_is_a_404_and_recorded(world, login):
    client = login(world.admin)
    assert client.get(reverse("privacy:file_log", args=[world.olga.pk])).status_code == 404
    assert AuditEntry.objects.filter(action="access.denied", object_id=str(world.olga.pk)).exists()


def test_file_log_index_goes_to_the_number_typed(world, login):
    client = login(world.admin)
    response = client.get(reverse("privacy:file_log_index"), {"nummer": str(world.anne.pk)})
    assert response["Location"] == reverse("privacy:file_log", args=[world.anne.pk])
    bad = client.get(reverse("privacy:file_log_index"), {"nummer": "Anne"})
    assert bad.status_code == 200 and bad.context["invalid"]


def test_application_logs_carry_no_names(world, caplog):
    caplog.set_level(logging.DEBUG)
    access_denied = Client()
    from accounts.testing import sign_in

    sign_in(access_denied, world.worker_a)
    access_denied.get(reverse("privacy:file_log", args=[world.olga.pk]))
    with acting_as(world.worker_a):
        participant_update(
            actor=world.worker_a, participant=world.anne, expected_version=1, wishes="Schilderen"
        )
    user_set_roles(actor=world.admin, user=world.norole, roles=["worker"])
    text = caplog.text
    for secret in ("Anne", "Olga", "Schilderen", "Norole"):
        assert secret not in text
