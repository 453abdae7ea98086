import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from perf import benchmark


class Command(BaseCommand):
    help = "Measure median/p95 server time and SQL queries of the key pages (warm, in-process)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--org", default="groot", help="Short name (slug) of the organisation to measure."
        )
        parser.add_argument("--requests", type=int, default=30, help="Timed requests per page (at least 30).")
        parser.add_argument("--warmup", type=int, default=3)
        parser.add_argument(
            "--only", nargs="*", choices=list(benchmark.TARGETS_MS), help="Measure only these."
        )
        parser.add_argument("--output", help="Write the results as JSON to this file.")
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="Measure the export in this process (no memory figure of its own).",
        )
        parser.add_argument(
            "--national",
            action="store_true",
            help="Check the national-scale targets (build_large_org --scale 5): pages 100 ms, process evaluation 300 ms.",
        )
        parser.add_argument("--child", action="store_true", help=None)  # internal: one case in a subprocess

    def handle(self, *args, org, requests, warmup, only, output, child, in_process, national, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"No organisation '{org}'. Build one with manage.py build_large_org.")
        if child:
            result = benchmark.measure(
                benchmark.find_targets(organisation), only[0], requests=requests, warmup=warmup
            )
            result.peak_rss_mb = benchmark.peak_rss_mb()
            self.stdout.write(json.dumps(result.__dict__))
            return
        if settings.DEBUG:
            self.stderr.write("Warning: DEBUG is on; run with DEBUG=0 for figures worth comparing.")
        report = benchmark.run(
            organisation,
            requests=requests,
            warmup=warmup,
            only=only,
            export_subprocess=not in_process,
            national=national,
            log=lambda message: self.stderr.write(message),
        )
        self.stdout.write(benchmark.table(report))
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                json.dump(report, handle, indent=2, default=str)
            self.stdout.write(f"Written to {output}")
