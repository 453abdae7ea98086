from django.core.management.base import BaseCommand

from core.demo_accounts import DEMO_ACCOUNTS, DEMO_BACKUP_CODE, DEMO_PASSWORD, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the demo accounts and how to pass two-step verification."

    def handle(self, *args, **options):
        from accounts.models import User
        from accounts.twofactor import needs_second_factor

        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        users = {u.username: u for u in User.objects.filter(username__in=[a[1] for a in DEMO_ACCOUNTS])}
        for role, username, note in DEMO_ACCOUNTS:
            user = users.get(username)
            step = "  [tweestapsverificatie]" if user is not None and needs_second_factor(user) else ""
            self.stdout.write(f"  {role:<28} {username:<12} {note}{step}")
        self.stdout.write(
            "Tweestapsverificatie (accounts met [tweestapsverificatie]):\n"
            f"  - reservecode {DEMO_BACKUP_CODE} (in VANGNET_ENV=development steeds opnieuw bruikbaar), of\n"
            f"  - zet deze sleutel in een authenticator-app: {DEMO_TOTP_SECRET}\n"
            "    of maak een code met: .venv/bin/python manage.py demo_totp"
        )
