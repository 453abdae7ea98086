"""Backups, restores and the verification drill.

SQLite: the online backup API (a consistent copy while the app runs). PostgreSQL: pg_dump in
custom format, pg_restore into a new, empty database. Next to every backup a manifest (JSON)
holds the row count per table and the applied migrations, so a restore can be verified.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess  # nosec B404 - pg_dump/pg_restore/psql with fixed arguments, no shell
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone


class BackupError(Exception):
    pass


@dataclass
class Report:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append("FAIL " + line)

    def note(self, line: str) -> None:
        self.lines.append(line)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def current_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # nosec B608 # noqa: S608 - Django table names
            counts[table] = cursor.fetchone()[0]
    return counts


def code_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".manifest.json")


def _write_manifest(backup: Path) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        applied = sorted([list(row) for row in cursor.fetchall()])
    manifest = {
        "created_at": timezone.now().isoformat(),
        "vendor": connection.vendor,
        "counts": current_counts(),
        "migrations": applied,
    }
    _manifest_path(backup).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def _pg_env() -> tuple[dict, list[str]]:
    settings_dict = connection.settings_dict
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", settings_dict["USER"]]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools.")
    return path


_PRIVATE_FILE, _PRIVATE_DIR = 0o600, 0o700
_DATABASE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def _private_directory(directory: Path) -> None:
    """The backup folder: only the app's own account may list or read it (0700)."""
    directory.mkdir(mode=_PRIVATE_DIR, parents=True, exist_ok=True)
    directory.chmod(_PRIVATE_DIR)


def _private(path: Path) -> None:
    if path.exists():
        path.chmod(_PRIVATE_FILE)


def app_tables() -> set[str]:
    """The tables of this app's models (and Django's own): the only names a restore will touch."""
    return set(connection.introspection.django_table_names(only_existing=False, include_views=False)) | {
        "django_migrations"
    }


def backup(directory: Path) -> Path:
    """Write a consistent backup (and its manifest) into `directory`; returns the file.

    The backup holds every file: written 0600 (only the app's account reads it) into a 0700 folder,
    under a umask that keeps even the moment before the chmod private.
    """
    _private_directory(directory)
    previous_umask = os.umask(0o077)
    try:
        target = _write_backup(directory)
        _write_manifest(target)
    finally:
        os.umask(previous_umask)
    _private(target)
    _private(_manifest_path(target))
    return target


def _write_backup(directory: Path) -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = directory / f"vangnet-{stamp}.sqlite3"
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    elif connection.vendor == "postgresql":
        target = directory / f"vangnet-{stamp}.pgdump"
        env, args = _pg_env()
        subprocess.run(  # nosec B603 # noqa: S603 - fixed programs, argument list, no shell
            [
                _tool("pg_dump"),
                *args,
                "-Fc",
                "--no-owner",
                "-f",
                str(target),
                connection.settings_dict["NAME"],
            ],
            env=env,
            check=True,
            capture_output=True,
        )
    else:
        raise BackupError(f"No backup method for {connection.vendor}.")
    return target


def restore(source: Path, target: str) -> None:
    """Restore `source` into `target`: a new SQLite file path, or the name of a new PostgreSQL database.

    Refuses to overwrite: a restore goes into an empty place, and you switch over after verifying.
    """
    if source.suffix == ".sqlite3":
        destination_path = Path(target)
        if destination_path.exists() and destination_path.stat().st_size > 0:
            raise BackupError(f"{target} exists; restore into a new, empty file.")
        previous_umask = os.umask(0o077)
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        destination = sqlite3.connect(destination_path)
        try:
            origin.backup(destination)
        finally:
            origin.close()
            destination.close()
            os.umask(previous_umask)
        _private(destination_path)
    elif source.suffix == ".pgdump":
        if not _DATABASE_NAME.match(target):
            raise BackupError("The new database's name may hold only letters, digits and _.")
        env, args = _pg_env()
        subprocess.run(  # nosec B603 # noqa: S603 - fixed programs, argument list, no shell
            [
                _tool("psql"),
                *args,
                "-d",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                f'CREATE DATABASE "{target}"',
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(  # nosec B603 # noqa: S603 - fixed programs, argument list, no shell
            [_tool("pg_restore"), *args, "--no-owner", "-d", target, str(source)],
            env=env,
            check=True,
            capture_output=True,
        )
    else:
        raise BackupError("Unknown backup type (expected .sqlite3 or .pgdump).")


def _target_rows(source: Path, target: str, sql_counts: list[str]) -> tuple[list, list]:
    if source.suffix == ".sqlite3":
        con = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            migrations = con.execute("SELECT app, name FROM django_migrations").fetchall()
            counts = [con.execute(sql).fetchone()[0] for sql in sql_counts]
        finally:
            con.close()
        return migrations, counts
    import psycopg

    settings_dict = connection.settings_dict
    with psycopg.connect(
        dbname=target,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
    ) as con:
        migrations = con.execute("SELECT app, name FROM django_migrations").fetchall()
        counts = [con.execute(sql).fetchone()[0] for sql in sql_counts]
    return migrations, counts


def verify(source: Path, target: str) -> Report:
    """Compare the restored database with the backup's manifest and with the code's migrations."""
    report = Report()
    manifest = json.loads(_manifest_path(source).read_text(encoding="utf-8"))
    tables = sorted(manifest["counts"])
    # The names come from a file: only this app's own tables go into a query (quoted as well).
    unknown = [t for t in tables if not isinstance(t, str) or t not in app_tables()]
    if unknown:
        raise BackupError(f"The manifest names tables that are not this app's: {unknown[:5]!r}")
    sql = [f"SELECT COUNT(*) FROM {connection.ops.quote_name(t)}" for t in tables]  # nosec B608 # noqa: S608
    migrations, counts = _target_rows(source, target, sql)
    applied = {tuple(m) for m in migrations}
    missing = sorted(code_migrations() - applied)
    if missing:
        report.fail(f"migrations not applied in the restored database: {missing}")
    else:
        report.note(f"migrations: all {len(code_migrations())} of the code are applied")
    if {tuple(m) for m in manifest["migrations"]} != applied:
        report.fail("the restored database's migrations differ from the backup's")
    differing = [
        (t, manifest["counts"][t], n)
        for t, n in zip(tables, counts, strict=True)
        if manifest["counts"][t] != n
    ]
    for table, expected, found in differing:
        report.fail(f"{table}: {found} rows, backup had {expected}")
    if not differing:
        report.note(f"row counts: {len(tables)} tables, {sum(counts)} rows, all equal to the backup")
    return report


def drill(directory: Path) -> Report:
    """Backup, restore into an empty database, verify; cleans up what it restored."""
    source = backup(directory)
    report = Report()
    report.note(f"backup: {source.name} ({source.stat().st_size} bytes)")
    if source.suffix == ".sqlite3":
        target = str(directory / f"restore-drill-{dt.datetime.now().strftime('%H%M%S%f')}.sqlite3")  # noqa: DTZ005
    else:
        target = f"{connection.settings_dict['NAME']}_drill_{os.getpid()}"
    restore(source, target)
    try:
        result = verify(source, target)
    finally:
        _drop(source, target)
    report.ok = result.ok
    report.lines += result.lines
    return report


def _drop(source: Path, target: str) -> None:
    if source.suffix == ".sqlite3":
        Path(target).unlink(missing_ok=True)
        return
    env, args = _pg_env()
    subprocess.run(  # nosec B603 # noqa: S603 - fixed programs, argument list, no shell
        [_tool("psql"), *args, "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{target}"'],
        env=env,
        check=False,
        capture_output=True,
    )
