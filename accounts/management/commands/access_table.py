from django.core.management.base import BaseCommand

from accounts.access import render_access_table


class Command(BaseCommand):
    help = "Print the role x permission table (docs/access.md is this output)."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Write docs/access.md")

    def handle(self, *args, write, **options):
        from pathlib import Path

        from django.conf import settings

        text = render_access_table()
        if write:
            Path(settings.BASE_DIR, "docs", "access.md").write_text(text, encoding="utf-8")
            self.stdout.write("docs/access.md written.")
        else:
            self.stdout.write(text)
