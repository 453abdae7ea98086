from django.core.management.base import BaseCommand

from core.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo accounts."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for role, username, note in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<28} {username:<12} {note}")
