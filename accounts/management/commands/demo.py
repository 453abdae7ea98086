from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from core.demo import build_demo


class Command(BaseCommand):
    help = "Build the demo organisation (fixed seed). Does nothing when it exists, unless --reset."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=20261125)
        parser.add_argument(
            "--if-empty", action="store_true", help="Only build when the database has no organisation."
        )

    def handle(self, *args, seed, if_empty, **options):
        from django.conf import settings

        if settings.PRODUCTION:
            # The demo's accounts share a public password and a public TOTP secret.
            raise CommandError(
                "The demo is never built in production (VANGNET_ENV=production): its accounts share a "
                "public password and two-step secret. Use VANGNET_ENV=development for a demo."
            )
        if Organisation.objects.exists():
            if if_empty:
                self.stdout.write("Demo data already present.")
                return
            raise CommandError(
                "The database already holds organisations; the demo is built only into an empty one."
            )
        ctx = build_demo(seed=seed)
        self.stdout.write(self.style.SUCCESS(f"Demo organisation '{ctx.organisation}' built."))
