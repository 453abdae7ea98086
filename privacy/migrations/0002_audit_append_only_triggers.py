"""Make the audit trail append-only in the database itself: UPDATE and DELETE are refused.

Not installed when settings.AUDIT_DB_TRIGGERS is off (the test settings: tests that flush the
database between runs would be refused too). privacy/tests/test_audit.py installs the same
statements inside a test and checks them, and checks that a normal migrate installs them.
"""

from django.conf import settings
from django.db import migrations

SQLITE = [
    """CREATE TRIGGER privacy_auditentry_no_update BEFORE UPDATE ON privacy_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
    """CREATE TRIGGER privacy_auditentry_no_delete BEFORE DELETE ON privacy_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS privacy_auditentry_no_update;",
    "DROP TRIGGER IF EXISTS privacy_auditentry_no_delete;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION privacy_auditentry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER privacy_auditentry_append_only BEFORE UPDATE OR DELETE ON privacy_auditentry
       FOR EACH ROW EXECUTE FUNCTION privacy_auditentry_append_only();""",
    # TRUNCATE skips row triggers; a statement trigger refuses it too.
    """CREATE TRIGGER privacy_auditentry_no_truncate BEFORE TRUNCATE ON privacy_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION privacy_auditentry_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS privacy_auditentry_no_truncate ON privacy_auditentry;",
    "DROP TRIGGER IF EXISTS privacy_auditentry_append_only ON privacy_auditentry;",
    "DROP FUNCTION IF EXISTS privacy_auditentry_append_only();",
]


def install(connection, *, reverse: bool = False) -> None:
    forward = {"sqlite": SQLITE, "postgresql": POSTGRES}
    backward = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}
    with connection.cursor() as cursor:
        for statement in (backward if reverse else forward).get(connection.vendor, []):
            cursor.execute(statement)


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        if not getattr(settings, "AUDIT_DB_TRIGGERS", True):
            return
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
