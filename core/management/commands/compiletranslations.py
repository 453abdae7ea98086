from django.core.management.base import BaseCommand

from core.i18n import compile_catalogues


class Command(BaseCommand):
    help = "Compile every app's .po catalogue to .mo with polib (no GNU gettext needed)."

    def handle(self, *args, **options):
        written = compile_catalogues()
        self.stdout.write(f"{len(written)} catalogues compiled.")
