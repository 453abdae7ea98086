import json
import os

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from perf import loadtest


class Command(BaseCommand):
    help = (
        "Load test a Vangnet server that is already running on 127.0.0.1 (it starts nothing itself): "
        "workers save sessions and open dashboards, coordinators open the overview."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="Only http://127.0.0.1:<port> is accepted."
        )
        parser.add_argument("--org", default="groot", help="Organisation whose accounts the load users use.")
        parser.add_argument("--users", type=int, default=20, help="Concurrent simulated users.")
        parser.add_argument("--coordinators", type=int, default=4, help="How many of them are coordinators.")
        parser.add_argument("--duration", type=float, default=60.0, help="Seconds; the test stops by itself.")
        parser.add_argument("--warmup", type=float, default=10.0, help="Seconds of unmeasured load first.")
        parser.add_argument("--output", help="Write the results as JSON to this file.")

    def handle(self, *args, url, org, users, coordinators, duration, warmup, output, **options):
        try:
            loadtest.check_target(url)
        except loadtest.RefusedTarget as exc:
            raise CommandError(str(exc)) from None
        if not (1 <= users <= 200) or not (0 < duration <= 3600) or not (0 <= coordinators <= users):
            raise CommandError("Use 1-200 users, 0 to all of them coordinators, and at most 3600 seconds.")
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"No organisation '{org}'.")
        people = loadtest.personas(organisation, users=users, coordinators=coordinators)
        self.stderr.write(
            f"{len(people)} simulated users, {warmup:.0f} s warm-up, {duration:.0f} s against {url} ..."
        )
        if warmup > 0:  # fresh gunicorn workers import and compile on their first requests
            loadtest.run(url, people, duration=min(warmup, 120))
        result = loadtest.run(url, people, duration=duration)
        self.stdout.write(
            f"{result['requests']} requests in {result['seconds']} s: {result['throughput_rps']} req/s, "
            f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, "
            f"errors {result['errors']}"
        )
        for name, row in result["per_kind"].items():
            self.stdout.write(
                f"  {name:<24} {row['requests']:>6}  p50 {row['p50_ms']:>7}  p95 {row['p95_ms']:>7}  p99 {row['p99_ms']:>7}"
            )
        for kind, count in result["error_kinds"].items():
            self.stdout.write(f"  error {kind}: {count}")
        if output:
            result["load_average"] = os.getloadavg()
            with open(output, "w", encoding="utf-8") as handle:
                json.dump(result, handle, indent=2)
