from django.core.management.base import BaseCommand

from imports.services import drafts_expire


class Command(BaseCommand):
    help = "Delete import drafts (and the cells they hold) older than IMPORT_DRAFT_HOURS. Run daily."

    def handle(self, *args, **options):
        self.stdout.write(f"import drafts deleted: {drafts_expire()}")
