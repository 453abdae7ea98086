"""Nothing lost: backup, restore drill, networks with history are archived, not deleted."""

import shutil
import sqlite3
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import ProtectedError

from networks.models import Network
from networks.services import network_archive, network_create
from privacy import backup


def _needs_tools():
    if connection.vendor == "postgresql" and not all(
        shutil.which(t) for t in ("pg_dump", "pg_restore", "psql")
    ):
        pytest.skip("PostgreSQL client tools (pg_dump, pg_restore, psql) are not installed")


@pytest.mark.django_db(transaction=True)
def test_restore_drill_restores_into_an_empty_database_and_verifies(world, tmp_path):
    _needs_tools()
    report = backup.drill(tmp_path)
    assert report.ok, report.lines
    text = "\n".join(report.lines)
    assert "all equal to the backup" in text and "migrations: all" in text
    out = StringIO()
    call_command("restore_drill", stdout=out)
    assert "Restore drill passed." in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_verification_notices_a_missing_row(world, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("tampering is simulated on a SQLite file; the PostgreSQL path is covered by the drill")
    source = backup.backup(tmp_path)
    target = tmp_path / "restored.sqlite3"
    backup.restore(source, str(target))
    con = sqlite3.connect(target)
    con.execute("DELETE FROM people_routeevent WHERE id = (SELECT MAX(id) FROM people_routeevent)")
    con.commit()
    con.close()
    report = backup.verify(source, str(target))
    assert not report.ok
    assert any("people_routeevent" in line for line in report.lines)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_to_overwrite(world, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip(
            "file targets are SQLite; PostgreSQL refuses an existing database itself (CREATE DATABASE)"
        )
    source = backup.backup(tmp_path)
    existing = tmp_path / "existing.sqlite3"
    existing.write_bytes(b"data")
    with pytest.raises(backup.BackupError):
        backup.restore(source, str(existing))
    assert existing.read_bytes() == b"data"


@pytest.mark.django_db(transaction=True)
def test_backup_command_writes_a_file_and_manifest(world, tmp_path):
    _needs_tools()
    out = StringIO()
    call_command("backup", "--dir", str(tmp_path), stdout=out)
    path = Path(out.getvalue().split("backup written: ")[1].strip())
    assert path.exists() and path.stat().st_size > 0
    assert Path(str(path) + ".manifest.json").exists()


def test_a_network_with_participants_cannot_be_deleted_but_can_be_archived(world):
    with pytest.raises(ProtectedError):
        world.network_a.delete()
    assert Network.objects.filter(pk=world.network_a.pk).exists()
    network_archive(actor=world.coordinator, network=world.network_a)
    world.network_a.refresh_from_db()
    assert world.network_a.archived_at is not None


def test_a_network_with_phase_history_cannot_be_deleted(world):
    from networks.services import network_change_phase

    empty = network_create(
        actor=world.coordinator, organisation=world.org, name="Nieuw", start_date=world.network_a.start_date
    )
    network_change_phase(
        actor=world.coordinator, network=empty, phase="buildup", date=world.network_a.start_date
    )
    with pytest.raises(ProtectedError), transaction.atomic():
        empty.delete()
    mistake = network_create(
        actor=world.coordinator, organisation=world.org, name="Vergissing", start_date=empty.start_date
    )
    mistake.delete()  # created by mistake, nothing happened yet: may go
    assert not Network.objects.filter(name="Vergissing").exists()


@pytest.mark.django_db(transaction=True)
def test_backups_are_private_to_the_apps_account(world, tmp_path):
    """Every file is in a backup: 0600 files in a 0700 folder, whatever the umask says."""
    import os
    import stat

    _needs_tools()
    folder = tmp_path / "backups"
    previous = os.umask(0o022)  # a usual umask: world-readable files
    try:
        source = backup.backup(folder)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(source.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup._manifest_path(source).stat().st_mode) == 0o600
    if source.suffix == ".sqlite3":
        target = tmp_path / "restored.sqlite3"
        backup.restore(source, str(target))
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.django_db(transaction=True)
def test_verification_accepts_only_the_apps_own_table_names(world, tmp_path):
    import json

    _needs_tools()
    source = backup.backup(tmp_path)
    manifest_path = backup._manifest_path(source)
    manifest = json.loads(manifest_path.read_text())
    manifest["counts"]['people_participant" ; DROP TABLE people_participant; --'] = 1
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(backup.BackupError, match="not this app's"):
        backup.verify(source, str(tmp_path / "never-opened.sqlite3"))
    from people.models import Participant

    assert Participant.objects.exists()


def test_restore_refuses_a_database_name_that_is_not_a_plain_name(tmp_path):
    source = tmp_path / "vangnet.pgdump"
    source.write_bytes(b"")
    with pytest.raises(backup.BackupError):
        backup.restore(source, 'x"; DROP DATABASE vangnet; --')


def test_the_demo_refuses_production(settings, db):
    from django.core.management.base import CommandError

    from accounts.models import Organisation

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo", "--if-empty")
    assert not Organisation.objects.exists()
