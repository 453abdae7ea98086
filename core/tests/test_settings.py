"""Configuration comes from the environment; a bad value stops start-up with a clear message."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def _start(**env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"VANGNET_ENV", "DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    clean.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='vangnet.settings'; django.setup()",
        ],
        env=clean,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=60,
    )


GOOD_KEY = "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"VANGNET_ENV": "staging"}, "VANGNET_ENV='staging' must be one of"),
        ({"VANGNET_ENV": "production"}, "SECRET_KEY must be set"),
        ({"VANGNET_ENV": "production", "SECRET_KEY": "short"}, "at least 50 random characters"),
        ({"VANGNET_ENV": "production", "SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS must list"),
        (
            {"VANGNET_ENV": "production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "x.nl", "DEBUG": "1"},
            "DEBUG must be off",
        ),
        ({"VANGNET_ENV": "development", "DEBUG": "perhaps"}, "DEBUG='perhaps' is not a boolean"),
        (
            {"VANGNET_ENV": "development", "DATABASE_URL": "mysql://u@h/db"},
            "must point to SQLite or PostgreSQL",
        ),
        (
            {
                "VANGNET_ENV": "development",
                "DATABASE_URL": "postgres://u@127.0.0.1/db",
                "PG_RANDOM_PAGE_COST": "fast",
            },
            "PG_RANDOM_PAGE_COST must be a number",
        ),
        (
            {"VANGNET_ENV": "development", "SESSION_IDLE_MINUTES": "lots"},
            "SESSION_IDLE_MINUTES='lots' is not a whole number",
        ),
    ],
)
def test_bad_configuration_stops_start_up_with_a_clear_message(env, message):
    result = _start(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_good_production_configuration_starts():
    result = _start(VANGNET_ENV="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="vangnet.example")
    assert result.returncode == 0, result.stderr


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]


def test_dutch_is_the_default_language():
    assert settings.LANGUAGE_CODE == "nl"
    assert [code for code, _name in settings.LANGUAGES] == ["nl", "en"]


def test_postgresql_connections_price_index_lookups_for_ssd():
    """The planner setting travels with every connection (docs/performance.md)."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='vangnet.settings'; django.setup(); "
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['options'])"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PG_RANDOM_PAGE_COST"}}
    env.update(VANGNET_ENV="development", DATABASE_URL="postgres://u@127.0.0.1/db")
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=60,
    )
    assert result.stdout.strip() == "-c random_page_cost=1.1", result.stderr
