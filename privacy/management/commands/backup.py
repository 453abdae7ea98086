from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from privacy import backup


class Command(BaseCommand):
    help = "Make a consistent backup of the database (SQLite online backup or pg_dump) with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(Path(settings.BASE_DIR, "var", "backups")))

    def handle(self, *args, dir, **options):
        try:
            path = backup.backup(Path(dir))
        except (backup.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"backup written: {path}")
