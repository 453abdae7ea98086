from django.core.management.base import BaseCommand

from imports.services import imports_expire


class Command(BaseCommand):
    help = (
        "Delete import drafts older than IMPORT_DRAFT_HOURS and the undo data of imports past "
        "IMPORT_UNDO_HOURS. The jobs worker does this every minute; run it daily where no worker runs."
    )

    def handle(self, *args, **options):
        done = imports_expire()
        self.stdout.write(f"import drafts deleted: {done['drafts']}, undo data cleared: {done['undo_data']}")
