"""How long the support page's work takes for a big group: 40 participants and a year of observations.

Builds a throw-away organisation inside a transaction that is rolled back, then times the page's
reads (support_page_data: the period's figures, the per-participant table and eight quarters) and
the SVG sociogram. Not a unit test: timings depend on the machine. Usage:
    manage.py support_benchmark [--participants 40] [--per-week 10] [--runs 5]
"""

import datetime as dt
import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.services import organisation_create
from networks.services import network_create
from people.services import participant_register
from support.models import SupportKind, SupportObservation, SupportTie
from support.selectors import support_page_data
from support.sociogram import render_sociogram


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the support page for a large group (nothing is kept)."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=40)
        parser.add_argument("--per-week", type=int, default=10)
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, participants: int, per_week: int, runs: int, **options):
        try:
            with transaction.atomic():
                self._run(participants, per_week, runs)
                raise Rollback
        except Rollback:
            pass

    def _run(self, size: int, per_week: int, runs: int) -> None:
        rng = random.Random(4)  # nosec B311
        today = timezone.localdate()
        start = today - dt.timedelta(days=400)
        org, _admin = organisation_create(
            name="Benchmark",
            slug="benchmark-support",
            admin_username="bench-support-admin",
            admin_email="bench@example.org",
            admin_password=None,
        )
        network = network_create(actor=None, organisation=org, name="Benchmark", start_date=start)
        people = [
            participant_register(actor=None, network=network, name=f"Deelnemer {i}", date=start)
            for i in range(size)
        ]
        observations, receivers = [], []
        for week in range(52):
            for _ in range(per_week):
                giver = rng.choice(people)
                observations.append(
                    SupportObservation(
                        network=network,
                        date=today - dt.timedelta(days=7 * week + rng.randint(0, 6)),
                        giver=giver,
                        kind=rng.choice(SupportKind.values),
                        outside_hours=rng.random() < 0.3,
                        to_group=rng.random() < 0.05,
                    )
                )
                receivers.append(rng.sample([p for p in people if p != giver], k=rng.choice([1, 1, 1, 2, 4])))
        SupportObservation.objects.bulk_create(observations)
        SupportTie.objects.bulk_create(
            SupportTie(observation=o, receiver=r)
            for o, rs in zip(observations, receivers, strict=True)
            for r in rs
        )
        period = (today - dt.timedelta(days=365), today)
        read_times, svg_times = [], []
        for _ in range(runs):
            began = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                data = support_page_data(network=network, start=period[0], end=period[1], kind=None)
            read_times.append(time.perf_counter() - began)
            began = time.perf_counter()
            render_sociogram(data["period"].graph, data["period"].labels, title="t", desc="d")
            svg_times.append(time.perf_counter() - began)
        graph = data["period"].graph
        self.stdout.write(
            f"{size} participants, {len(observations)} observations, {SupportTie.objects.filter(observation__network=network).count()} "
            f"ties rows, graph {graph.number_of_nodes()} nodes / {graph.number_of_edges()} edges, "
            f"{len(queries.captured_queries)} queries\n"
            f"reads + figures + 8 quarters + chart: median {statistics.median(read_times) * 1000:.0f} ms\n"
            f"SVG sociogram: median {statistics.median(svg_times) * 1000:.0f} ms"
        )
