"""A bounded load test against a Vangnet server already running on 127.0.0.1 (see docs/performance.md).

It starts no server itself. Simulated users are threads with their own keep-alive http.client connection: workers open
their session page, save it (25 present, 40 contributions, one task toggled each time) and open
their dashboard; coordinators open the organisation overview. Sign-in: the load users get real
server-side sessions (the same session flags as `accounts.testing.sign_in`: second factor done),
created in the database the server uses, so the 2FA login form is not part of the load.
"""

import http.client
import re
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

ALLOWED_HOST = "127.0.0.1"
_INPUT = re.compile(r'<input type="(?:hidden|radio|checkbox)" name="([^"]+)" value="([^"]*)"')


class RefusedTarget(ValueError):
    pass


def check_target(base_url: str) -> str:
    """Only plain loopback by address: never a name that might resolve elsewhere."""
    parts = urlsplit(base_url)
    if parts.scheme != "http" or parts.hostname != ALLOWED_HOST:
        raise RefusedTarget(f"The load test only targets http://{ALLOWED_HOST}:<port>, not {base_url!r}.")
    return f"http://{ALLOWED_HOST}:{parts.port or 80}"


@dataclass
class Persona:
    kind: str  # "worker" or "coordinator"
    cookie: str
    session_url: str = ""
    dashboard_url: str = ""
    overview_url: str = ""


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: dict = field(default_factory=lambda: defaultdict(list))
    errors: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, name: str, ms: float, ok: bool, error: str = "") -> None:
        with self.lock:
            self.timings[name].append(ms)
            if not ok:
                self.errors[f"{name}: {error}"] += 1


def session_cookie(user) -> str:
    """A real server-side session for `user` with the second factor counted as done."""
    from django.conf import settings
    from django.test import Client

    from accounts.testing import sign_in

    client = sign_in(Client(), user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def personas(organisation, *, users: int, coordinators: int) -> list[Persona]:
    from django.urls import reverse

    from networks.models import AssignmentRole, NetworkAssignment
    from perf.benchmark import find_targets
    from practice.models import Session, SessionStatus

    coordinator = find_targets(organisation).coordinator
    result = [
        Persona("coordinator", session_cookie(coordinator), overview_url=reverse("networks:list"))
        for _ in range(coordinators)
    ]
    leads = (
        NetworkAssignment.objects.filter(network__organisation=organisation, role=AssignmentRole.LEAD)
        .select_related("network", "user")
        .order_by("network_id")
    )
    seen_users = set()
    for assignment in leads:
        if len(result) >= users:
            break
        if assignment.user_id in seen_users:  # one simulated user per account and network
            continue
        seen_users.add(assignment.user_id)
        session = (
            Session.objects.filter(network=assignment.network, status=SessionStatus.HELD)
            .order_by("-date", "pk")
            .first()
        )
        if session is None:
            continue
        network = assignment.network
        result.append(
            Persona(
                "worker",
                session_cookie(assignment.user),
                session_url=reverse(
                    "practice:session", args=[network.pk, session.activity_id, session.date.isoformat()]
                ),
                dashboard_url=reverse("practice:dashboard", args=[network.pk]),
            )
        )
    return result


def session_form(html: str, iteration: int) -> dict:
    """The POST a worker sends after looking at the page: up to 25 present, 40 contributions."""
    fields: dict[str, list[str]] = defaultdict(list)
    for name, value in _INPUT.findall(html):
        fields[name].append(value)
    data = {k: fields[k][0] for k in ("csrfmiddlewaretoken", "version", "token") if k in fields}
    people = [name[1:-7] for name in fields if re.fullmatch(r"p\d+_status", name)][:25]
    data["guests"] = "1"
    for i, pid in enumerate(people):
        tasks = fields.get(f"p{pid}_tasks", [])
        data[f"p{pid}_status"] = "present"
        if tasks:
            chosen = [tasks[i % len(tasks)]]
            if i < 15:
                chosen.append(tasks[(i + 1 + (iteration % 2 if i == 0 else 0)) % len(tasks)])
            data[f"p{pid}_tasks"] = chosen
            data[f"p{pid}_other"] = "meegeholpen"  # needed when a chosen task is "other"
    return data


class _Client:
    """A keep-alive HTTP/1.1 client on the standard library, with the cookies the server sets.

    The load client shares the two cores with the server it measures, so it is kept lean: the
    standard library's client costs a fraction of httpx's CPU per request (figures in docs/performance.md).
    """

    def __init__(self, host: str, port: int, timeout: float, cookies: dict[str, str]):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = dict(cookies)
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, url: str, data: dict | None = None, headers: dict | None = None):
        body = urlencode(data, doseq=True) if data is not None else None
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # a keep-alive connection the server closed is opened again once
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, url, body=body, headers=sent)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt == 2:
                    raise
                continue
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            if response.will_close:
                self.close()
            return response.status, text
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _user_loop(base: str, persona: Persona, deadline: float, stats: Stats, timeout: float) -> None:
    from django.conf import settings

    parts = urlsplit(base)
    client = _Client(parts.hostname, parts.port, timeout, {settings.SESSION_COOKIE_NAME: persona.cookie})
    iteration = 0

    def call(name: str, method: str, url: str, expected: int, **kwargs):
        started = time.perf_counter()
        try:
            status, text = client.request(method, url, **kwargs)
        except (OSError, http.client.HTTPException) as exc:
            client.close()
            stats.add(name, (time.perf_counter() - started) * 1000, False, type(exc).__name__)
            return None
        ok = status == expected
        stats.add(name, (time.perf_counter() - started) * 1000, ok, str(status))
        return text if ok else None

    try:
        while time.monotonic() < deadline:
            iteration += 1
            if persona.kind == "coordinator":
                call("organisation overview", "GET", persona.overview_url, 200)
                continue
            page = call("session page GET", "GET", persona.session_url, 200)
            if page is not None and time.monotonic() < deadline:
                data = session_form(page, iteration)
                call(
                    "session save POST",
                    "POST",
                    persona.session_url,
                    302,
                    data=data,
                    headers={"Referer": base + persona.session_url},
                )
            if time.monotonic() < deadline:
                call("network dashboard", "GET", persona.dashboard_url, 200)
    finally:
        client.close()


def run(base_url: str, people: list[Persona], *, duration: float, timeout: float = 30.0) -> dict:
    base = check_target(base_url)
    stats = Stats()
    started = time.monotonic()
    deadline = started + duration
    threads = [
        threading.Thread(target=_user_loop, args=(base, p, deadline, stats, timeout), daemon=True)
        for p in people
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + timeout + 5)  # bounded even if a request hangs
    elapsed = time.monotonic() - started
    return summary(stats, elapsed, users=len(people))


def _pct(values: list[float], q: float) -> float:
    from perf.benchmark import percentile

    return round(percentile(values, q), 1) if values else 0.0


def summary(stats: Stats, elapsed: float, *, users: int) -> dict:
    everything = [ms for values in stats.timings.values() for ms in values]
    per_kind = {
        name: {
            "requests": len(v),
            "p50_ms": _pct(v, 50),
            "p95_ms": _pct(v, 95),
            "p99_ms": _pct(v, 99),
            "mean_ms": round(statistics.fmean(v), 1),
        }
        for name, v in sorted(stats.timings.items())
    }
    return {
        "users": users,
        "seconds": round(elapsed, 1),
        "requests": len(everything),
        "throughput_rps": round(len(everything) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": _pct(everything, 50),
        "p95_ms": _pct(everything, 95),
        "p99_ms": _pct(everything, 99),
        "errors": sum(stats.errors.values()),
        "error_kinds": dict(stats.errors),
        "per_kind": per_kind,
    }
