"""Warm, in-process benchmark of the pages that matter at scale (see docs/performance.md).

Every request goes through the Django test Client, so the full middleware stack runs (sessions,
CSRF, second factor, CSP, audit actor); each persona is signed in with `accounts.testing.sign_in`.
Timing requests run without query capture; the query count comes from one extra captured request.
"""

import datetime as dt
import gc
import json
import os
import platform
import resource
import statistics
import subprocess  # nosec B404 - runs our own manage.py only
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import django
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

# The targets (p95, milliseconds).
TARGETS_MS = {
    "floor": None,
    "session_get": 60,
    "session_post": 100,
    "network_dashboard": 150,
    "support_network": 150,
    "organisation_overview": 300,
    "process_evaluation": 500,
    "evaluation_report_docx": 2000,
    "research_export": 15000,
    "growth_forecast": 200,
    "planning_overview": 500,
    "coordinator_home": None,  # no target in the issue: measured because it computes every network's chance
    "coordinator_home_changed": None,
    "coordinator_home_cold": None,
    "process_evaluation_changed": 500,
    "process_evaluation_cold": None,
    "group_board": 50,
}
# At national scale (`build_large_org --scale 5`, 750 networks; `benchmark --national`): every page a
# person opens at most 100 ms, the process evaluation 300 ms, the research export (a background job, end
# to end) 60 s; documents are made in the background and have no page target.
NATIONAL_TARGETS_MS = {
    **dict.fromkeys(TARGETS_MS, 100),
    "floor": None,
    "group_board": 50,
    "process_evaluation": 300,
    "evaluation_report_docx": None,
    "research_export": 60000,
    "coordinator_home_cold": None,  # the worker keeps the signals current: a person meets this only without it
    "process_evaluation_changed": 300,
    "process_evaluation_cold": None,  # the same: the worker keeps the default period's figures current
}
LABELS = {
    "floor": "minimal logged-in page (framework floor)",
    "session_get": "session page, GET",
    "session_post": "session save, POST",
    "network_dashboard": "network dashboard (3 years)",
    "support_network": "support network page + sociogram (1 year)",
    "organisation_overview": "organisation overview (networks list)",
    "process_evaluation": "process evaluation (all networks, 3 years)",
    "evaluation_report_docx": "thematic evaluation report .docx",
    "research_export": "research export .xlsx (whole organisation)",
    "growth_forecast": "growth forecast (10,000 simulated runs)",
    "planning_overview": "planning overview (all networks, summary and 50 a page)",
    "coordinator_home": "coordinator's home page (needs attention over all networks)",
    "coordinator_home_changed": "coordinator's home page, one network changed since the last request",
    "coordinator_home_cold": "coordinator's home page, no signals kept (no worker, first of the day)",
    "process_evaluation_changed": "process evaluation, one network changed since the last request",
    "process_evaluation_cold": "process evaluation, no figures kept (no worker, first of the day)",
    "group_board": "group board, a participant's page (no login)",
}
EXPORT_MEMORY_LIMIT_MB = 500


@dataclass
class Targets:
    """The objects and personas a benchmark run uses, found in one organisation."""

    organisation: object
    network: object
    activity: object
    session_date: dt.date
    worker: object
    coordinator: object
    evaluator: object
    researcher: object
    study: object
    participant_ids: list[int]
    task_ids: list[int]
    sizes: dict = field(default_factory=dict)


@dataclass
class CaseResult:
    name: str
    label: str
    requests: int = 0
    median_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    queries: int | None = None
    target_p95_ms: float | None = None
    meets_target: bool | None = None
    floor_ratio: float | None = None
    errors: int = 0
    status: str = "measured"  # or "failed" (the export's child process)
    peak_rss_mb: float | None = None
    detail: str = ""


def find_targets(organisation) -> Targets:
    """Pick the busiest network (most participations) and the personas that may open each page."""
    from django.db.models import Count

    from accounts.models import Role, User
    from networks.models import AssignmentRole
    from people.models import ACTIVE_STAGES
    from practice.models import Session, SessionStatus, Task
    from privacy.models import Study

    network = (
        organisation.networks.filter(archived_at__isnull=True, assignments__role=AssignmentRole.LEAD)
        .annotate(n=Count("participations", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    session = (
        Session.objects.filter(network=network, status=SessionStatus.HELD, activity__recurrence="weekly")
        .order_by("-date", "pk")
        .select_related("activity")
        .first()
    )
    worker = network.assignments.get(role=AssignmentRole.LEAD).user

    def persona(role: str):
        return User.objects.filter(
            organisation=organisation, role_cache__contains=role, is_active=True
        ).order_by("pk")[0]

    researcher = persona(Role.RESEARCHER)
    study = Study.objects.filter(organisation=organisation).order_by("pk").first()
    if study is None:
        from privacy.services import study_create

        study = study_create(actor=researcher, name="Benchmark")
    participant_ids = list(
        network.participations.filter(stage__in=ACTIVE_STAGES)
        .order_by("participant_id")
        .values_list("participant_id", flat=True)[:25]
    )
    task_ids = list(
        Task.objects.filter(network=network, archived=False, needs_text=False).values_list("pk", flat=True)
    )
    return Targets(
        organisation=organisation,
        network=network,
        activity=session.activity,
        session_date=session.date,
        worker=worker,
        coordinator=persona(Role.COORDINATOR),
        evaluator=persona(Role.EVALUATOR),
        researcher=researcher,
        study=study,
        participant_ids=participant_ids,
        task_ids=task_ids,
        sizes=organisation_sizes(organisation),
    )


def organisation_sizes(organisation) -> dict:
    from evaluation.models import Interview
    from people.models import Participant
    from practice.models import Attendance, Contribution, LogEntry, Session
    from support.models import SupportObservation

    org = organisation.pk
    return {
        "networks": organisation.networks.count(),
        "participants": Participant.objects.filter(organisation_id=org).count(),
        "sessions": Session.objects.filter(network__organisation_id=org).count(),
        "attendances": Attendance.objects.filter(session__network__organisation_id=org).count(),
        "contributions": Contribution.objects.filter(
            attendance__session__network__organisation_id=org
        ).count(),
        "support_observations": SupportObservation.objects.filter(network__organisation_id=org).count(),
        "logbook_entries": LogEntry.objects.filter(network__organisation_id=org).count(),
        "interviews": Interview.objects.filter(round__organisation_id=org).count(),
    }


def session_post_data(targets: Targets, iteration: int) -> dict:
    """25 people present with 40 contributions; the first person's second task alternates, so every
    save really writes (one contribution removed, one added) and the version is read fresh."""
    from practice.models import Session

    session = Session.objects.get(activity=targets.activity, date=targets.session_date)
    tasks = targets.task_ids
    data = {"version": session.version, "token": uuid.uuid4().hex, "guests": 2, "note": ""}
    for i, pid in enumerate(targets.participant_ids):
        data[f"p{pid}_status"] = "present"
        chosen = [tasks[i % len(tasks)]]
        if i < 15:  # 15 x 2 + 10 x 1 = 40 contributions
            chosen.append(tasks[(i + 1 + (iteration % 2 if i == 0 else 0)) % len(tasks)])
        data[f"p{pid}_tasks"] = [str(t) for t in chosen]
    return data


def cases(targets: Targets) -> dict[str, tuple[object, str, str, Callable[[int], dict] | None, int]]:
    """name -> (user, method, url, data builder for POST, expected status)."""
    from board.benchmark import board_url as group_board_url
    from evaluation.models import KeptInterviewScores
    from quality.models import KeptProcessRow, KeptSignals

    t = targets
    today = timezone.localdate()
    session_url = reverse("practice:session", args=[t.network.pk, t.activity.pk, t.session_date.isoformat()])
    year_ago = (today - dt.timedelta(days=365)).isoformat()
    return {
        "floor": (t.worker, "get", reverse("perf:floor"), None, 200),
        "session_get": (t.worker, "get", session_url, None, 200),
        "session_post": (t.worker, "post", session_url, lambda i: session_post_data(t, i), 302),
        "network_dashboard": (t.worker, "get", reverse("practice:dashboard", args=[t.network.pk]), None, 200),
        "support_network": (
            t.worker,
            "get",
            reverse("support:network", args=[t.network.pk]) + f"?van={year_ago}&tot={today}",
            None,
            200,
        ),
        "organisation_overview": (t.coordinator, "get", reverse("networks:list"), None, 200),
        "growth_forecast": (t.worker, "get", reverse("planning:forecast", args=[t.network.pk]), None, 200),
        "process_evaluation": (t.coordinator, "get", reverse("quality:process"), None, 200),
        "planning_overview": (t.coordinator, "get", reverse("planning:organisation"), None, 200),
        "coordinator_home": (t.coordinator, "get", reverse("home"), None, 200),
        # Before each request (untimed): one network's data changes, or no signal is kept at all.
        "coordinator_home_changed": (t.coordinator, "get", reverse("home"), _one_network_changes(t), 200),
        "coordinator_home_cold": (
            t.coordinator,
            "get",
            reverse("home"),
            _nothing_kept(t, KeptSignals),
            200,
        ),
        "process_evaluation_changed": (
            t.coordinator,
            "get",
            reverse("quality:process"),
            _one_network_changes(t),
            200,
        ),
        "process_evaluation_cold": (
            t.coordinator,
            "get",
            reverse("quality:process"),
            _nothing_kept(t, KeptProcessRow, KeptInterviewScores),
            200,
        ),
        # A participant's page through the shared link; the worker's session there counts for nothing.
        "group_board": (t.worker, "get", group_board_url(t.network, t.worker), None, 200),
        "evaluation_report_docx": (t.evaluator, "get", reverse("evaluation:thematic_report"), None, 200),
        # Started with a POST, made by the worker (here: in this process, as the worker does), then
        # downloaded: the time from the click to the file, without the worker's polling interval.
        "research_export": (
            t.researcher,
            "job",
            reverse("privacy:study_export", args=[t.study.pk, "xlsx"]),
            None,
            200,
        ),
    }


def _one_network_changes(targets: Targets) -> Callable[[int], None]:
    """Before request i: a change in the i-th network of the organisation (its stamp is renewed, as by any
    save there), so the page recomputes that network's signals (quality.attention.current_signals)."""
    from django.db.models import F

    from networks.models import Network

    ids = list(
        Network.objects.filter(organisation=targets.organisation).order_by("pk").values_list("pk", flat=True)
    )

    def change(i: int) -> None:
        Network.objects.filter(pk=ids[i * 37 % len(ids)]).update(name=F("name"))

    return change


def _nothing_kept(targets: Targets, *models) -> Callable[[int], None]:
    """Before each request: the organisation's kept signals, or process figures and interview scores, are
    gone."""

    def forget(i: int) -> None:
        for model in models:
            model.objects.filter(network__organisation=targets.organisation).delete()

    return forget


def _request(client: Client, method: str, url: str, data: dict | None):
    if method == "job":
        return _background_download(client, url)
    return client.post(url, data) if method == "post" else client.get(url)


def _background_download(client: Client, url: str):
    """A background download end to end: start it, run the job, download the file, remove it."""
    from jobs.models import Job
    from jobs.services import job_delete, job_execute

    started = client.post(url)
    if started.status_code != 302:
        return started
    job = Job.objects.get(pk=int(started["Location"].rstrip("/").split("/")[-1]))
    job_execute(job_id=job.pk, worker_id="benchmark")
    response = client.get(reverse("jobs:download", args=[job.pk]))
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
        # Not response.close(): that sends request_finished, which closes the database connection
        # (the file is closed when the response goes).
    job_delete(user=job.user, job=job)
    return response


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation: p95 of 30 values is the 29th)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def measure(targets: Targets, name: str, *, requests: int, warmup: int) -> CaseResult:
    from accounts.testing import sign_in

    user, method, url, data_for, expected = cases(targets)[name]
    client = Client()
    sign_in(client, user)
    result = CaseResult(name=name, label=LABELS[name], target_p95_ms=TARGETS_MS[name])
    iteration = 0
    for _ in range(warmup):
        _request(client, method, url, data_for(iteration) if data_for else None)
        iteration += 1
    # As vangnet/wsgi.py does in a server process: what start-up and the warm-up loaded is not
    # walked again by every full garbage collection.
    gc.collect()
    gc.freeze()
    timings = []
    for _ in range(requests):
        data = data_for(iteration) if data_for else None
        iteration += 1
        started = time.perf_counter()
        response = _request(client, method, url, data)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != expected:
            result.errors += 1
            result.detail = f"status {response.status_code}"
    data = data_for(iteration) if data_for else None
    with CaptureQueriesContext(connection) as captured:
        _request(client, method, url, data)
    result.requests = len(timings)
    result.median_ms = round(statistics.median(timings), 1)
    result.p95_ms = round(percentile(timings, 95), 1)
    result.max_ms = round(max(timings), 1)
    result.queries = len(captured.captured_queries)
    if result.target_p95_ms is not None:
        result.meets_target = result.p95_ms <= result.target_p95_ms and not result.errors
    return result


def query_count(targets: Targets, name: str) -> int:
    """The number of SQL queries of one warm request (used by the tests: same for any size)."""
    from accounts.testing import sign_in

    user, method, url, data_for, _expected = cases(targets)[name]
    client = Client()
    sign_in(client, user)
    _request(client, method, url, data_for(0) if data_for else None)  # warm: caches, first save
    data = data_for(1) if data_for else None
    with CaptureQueriesContext(connection) as captured:
        response = _request(client, method, url, data)
    if response.status_code >= 400:  # a broken page has no meaningful count
        raise RuntimeError(f"{name} answered {response.status_code}")
    return len(captured.captured_queries)


def measure_in_subprocess(slug: str, name: str, *, requests: int, warmup: int) -> CaseResult:
    """Run one case in a fresh Python process, so its peak memory (ru_maxrss) is its own."""
    command = [
        sys.executable,
        "manage.py",
        "benchmark",
        "--org",
        slug,
        "--only",
        name,
        "--requests",
        str(requests),
        "--warmup",
        str(warmup),
        "--child",
    ]
    completed = subprocess.run(  # noqa: S603 - our own manage.py with our own arguments  # nosec B603
        command, capture_output=True, text=True, check=False, cwd=settings.BASE_DIR, env=os.environ.copy()
    )
    if completed.returncode != 0:
        return CaseResult(name=name, label=LABELS[name], status="failed", detail=completed.stderr[-500:])
    line = [x for x in completed.stdout.splitlines() if x.startswith("{")][-1]
    return CaseResult(**json.loads(line))


def peak_rss_mb() -> float:
    # Linux reports kilobytes.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run(
    organisation,
    *,
    requests: int = 30,
    warmup: int = 3,
    only: list[str] | None = None,
    export_subprocess: bool = True,
    log=None,
    national: bool = False,
) -> dict:
    log = log or (lambda message: None)
    targets = find_targets(organisation)
    names = [n for n in TARGETS_MS if not only or n in only]
    results: list[CaseResult] = []
    for name in names:
        log(f"measuring {name} ...")
        if name == "research_export" and export_subprocess:
            result = measure_in_subprocess(organisation.slug, name, requests=requests, warmup=warmup)
        else:
            result = measure(targets, name, requests=requests, warmup=warmup)
            if name == "research_export":
                result.peak_rss_mb = peak_rss_mb()
        if national:
            result.target_p95_ms = NATIONAL_TARGETS_MS[name]
            result.meets_target = (
                None
                if result.target_p95_ms is None
                else result.p95_ms <= result.target_p95_ms and not result.errors
            )
        if result.peak_rss_mb is not None:
            result.meets_target = bool(result.meets_target) and result.peak_rss_mb < EXPORT_MEMORY_LIMIT_MB
        results.append(result)
    floor = next((r.median_ms for r in results if r.name == "floor" and r.median_ms), None)
    for r in results:
        if floor and r.median_ms is not None:
            r.floor_ratio = round(r.median_ms / floor, 1)
    report_meta = {
        **meta(targets, requests=requests, warmup=warmup),
        "targets": "national" if national else "scale 1",
    }
    return {"meta": report_meta, "results": [asdict(r) for r in results]}


def meta(targets: Targets, *, requests: int, warmup: int) -> dict:
    return {
        "when": timezone.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "database_version": _db_version(),
        "debug": settings.DEBUG,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "load_average": os.getloadavg()},
        "python": platform.python_version(),
        "django": django.get_version(),
        "organisation": targets.organisation.slug,
        "sizes": targets.sizes,
        "network": {"id": targets.network.pk, "participations": targets.network.participations.count()},
        "requests": requests,
        "warmup": warmup,
    }


def _db_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        return str(cursor.fetchone()[0])


def table(report: dict) -> str:
    head = f"{'operation':<44} {'n':>3} {'median':>8} {'p95':>8} {'target':>7} {'ok':>3} {'queries':>7} {'x floor':>7}"
    lines = [head, "-" * len(head)]

    def ms(value):
        return "" if value is None else f"{value:.1f}"

    for r in report["results"]:
        if r["status"] != "measured":
            lines.append(f"{r['label']:<44} {'':>3} {r['status']:>17} {ms(r['target_p95_ms']):>7}")
            continue
        ok = "" if r["meets_target"] is None else ("yes" if r["meets_target"] else "NO")
        lines.append(
            f"{r['label'][:44]:<44} {r['requests']:>3} {ms(r['median_ms']):>8} {ms(r['p95_ms']):>8} "
            f"{ms(r['target_p95_ms']):>7} {ok:>3} {r['queries']:>7} {ms(r['floor_ratio']):>7}"
        )
        if r.get("peak_rss_mb") is not None:
            lines.append(f"{'  peak memory of the export process (MB)':<44} {r['peak_rss_mb']:>21.1f}")
        if r["errors"]:
            lines.append(f"  {r['errors']} unexpected responses ({r['detail']})")
    m = report["meta"]
    lines.append("")
    lines.append(
        f"database {m['database']} {m['database_version']}, {m['machine']['cpus']} CPUs, load average "
        f"{', '.join(f'{x:.1f}' for x in m['machine']['load_average'])}, DEBUG={m['debug']}; times in ms"
    )
    return "\n".join(lines)
