import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from privacy import backup


class Command(BaseCommand):
    help = "Backup, restore into an empty database, check migrations and row counts. Run it monthly."

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory(prefix="vangnet-drill-") as directory:
            try:
                report = backup.drill(Path(directory))
            except (backup.BackupError, OSError) as error:
                raise CommandError(str(error)) from error
        for line in report.lines:
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("Restore drill FAILED.")
        self.stdout.write("Restore drill passed.")
