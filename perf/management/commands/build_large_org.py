from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from perf.generator import build_large_org


class Command(BaseCommand):
    help = "Generate a large organisation (150 networks, 3 years of history at --scale 1) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Size factor; 1.0 = 150 networks.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--slug", default="groot", help="Short name of the generated organisation.")
        parser.add_argument("--years", type=int, default=3, help="Years of weekly history per network.")
        parser.add_argument(
            "--password", default=None, help="Password for the generated accounts (default: unusable)."
        )

    def handle(self, *args, scale, seed, slug, years, password, **options):
        if scale <= 0 or years < 1:
            raise CommandError("--scale must be positive and --years at least 1.")
        if Organisation.objects.filter(slug=slug).exists():
            raise CommandError(f"An organisation '{slug}' already exists; choose another --slug.")
        result = build_large_org(
            scale=scale,
            seed=seed,
            slug=slug,
            years=years,
            password=password,
            log=lambda message: self.stdout.write(message),
        )
        for name, count in result.counts.items():
            self.stdout.write(f"{name:<24} {count:>9,}")
        self.stdout.write(self.style.SUCCESS(f"Built '{slug}' in {result.seconds:.1f} s."))
