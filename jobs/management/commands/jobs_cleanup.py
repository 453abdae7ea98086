"""Remove stored downloads past DOWNLOAD_RETENTION_DAYS (the worker does this every minute too)."""

from django.core.management.base import BaseCommand

from jobs import registry, services


class Command(BaseCommand):
    help = "Remove stored downloads past their date and put jobs of stopped workers back in the queue."

    def handle(self, **options):
        recovered = services.jobs_recover()
        removed = services.jobs_cleanup()
        registry.run_housekeeping()
        self.stdout.write(f"{removed} download(s) removed, {recovered} job(s) queued again.")
