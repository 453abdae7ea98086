from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from privacy import backup


class Command(BaseCommand):
    help = (
        "Restore a backup into a NEW database (SQLite file path or PostgreSQL database name) and verify it "
        "against the backup's manifest. Point DATABASE_URL at it afterwards to switch over."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup_file")
        parser.add_argument("target", help="new SQLite file, or name of a new PostgreSQL database")

    def handle(self, *args, backup_file, target, **options):
        source = Path(backup_file)
        try:
            backup.restore(source, target)
            report = backup.verify(source, target)
        except (backup.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        for line in report.lines:
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("The restored database does not match the backup.")
        self.stdout.write(f"restored and verified: {target}")
