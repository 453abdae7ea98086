"""Real processes against a real database: the worker (`manage.py jobs_worker`, django-tasks' database
backend) runs a queued export; a worker killed in the middle of a job is replaced by another that picks
the job up again; and on PostgreSQL two app servers and one worker share the database: a job started
through one server is finished by the worker and downloaded through the other.

Each test gets a fresh database next to the test database (a temporary SQLite file, or a fresh
PostgreSQL database when the suite runs on PostgreSQL), migrated by `manage.py migrate`.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import io
import json
import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _fresh_postgres_database(suffix: str) -> tuple[str, object]:
    import psycopg
    from psycopg import sql

    db = settings.DATABASES["default"]
    name = f"{os.environ.get('TEST_DATABASE_NAME', 'test_vangnet')}_{suffix}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"[
        :63
    ]
    params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"] or None}
    if db["PASSWORD"]:
        params["password"] = db["PASSWORD"]

    def run(statement) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    run(drop)
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    auth = urllib.parse.quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    return url, lambda: run(drop), params | {"dbname": name}


class Site:
    """A fresh database, the environment of every process that uses it, and the processes."""

    def __init__(self, tmp_path: Path, suffix: str):
        self.tmp = tmp_path
        self.private = tmp_path / "private"
        self.drop = None
        if POSTGRES:
            self.url, self.drop, self.pg = _fresh_postgres_database(suffix)
        else:
            self.url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "vangnet.settings",
            "VANGNET_ENV": "test",
            "DATABASE_URL": self.url,
            "PRIVATE_MEDIA_ROOT": str(self.private),
            "PYTHONUNBUFFERED": "1",
            "AXES_ENABLED": "0",
        }
        self.log = (tmp_path / "processes.log").open("a")
        self.processes: list[subprocess.Popen] = []
        self.manage("migrate", "--no-input", "-v", "0")

    def manage(self, *args: str, env: dict | None = None) -> str:
        result = subprocess.run(  # noqa: S603 - fixed command line
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        self.log.write(result.stdout + result.stderr)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def arrange(self, **kwargs) -> dict:
        code = f"from jobs.tests.process_world import arrange; arrange(**{kwargs!r})"
        out = self.manage("shell", "-c", code)
        return json.loads(out.split("ARRANGED ", 1)[1].splitlines()[0])

    def start(self, *args: str, extra_env: dict | None = None, **popen) -> subprocess.Popen:
        process = subprocess.Popen(  # noqa: S603 - fixed command line
            [sys.executable, *args],
            cwd=ROOT,
            env={**self.env, **(extra_env or {})},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            **popen,
        )
        self.processes.append(process)
        return process

    def worker(self, extra_env: dict | None = None) -> subprocess.Popen:
        return self.start(
            str(ROOT / "manage.py"),
            "jobs_worker",
            "--interval",
            "0.2",
            "--beat",
            "1",
            "--housekeeping",
            "1",
            extra_env=extra_env,
        )

    def query(self, statement: str, *params):
        if POSTGRES:
            import psycopg

            with psycopg.connect(**self.pg) as conn:
                return conn.execute(statement.replace("?", "%s"), params).fetchone()
        with contextlib.closing(sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=20)) as conn:
            return conn.execute(statement, params).fetchone()

    def job(self, pk: int) -> dict:
        row = self.query("SELECT status, attempts, file_path, worker_id FROM jobs_job WHERE id = ?", pk)
        return dict(zip(["status", "attempts", "file_path", "worker_id"], row, strict=True))

    def wait_for(self, pk: int, status: str, timeout: float = 120) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.job(pk)
            if job["status"] == status:
                return job
            for process in self.processes:
                assert process.poll() is None or process.returncode in (0, -9), self.tail()
            time.sleep(0.3)
        raise AssertionError(f"job {pk} did not become {status}: {self.job(pk)}\n{self.tail()}")

    def tail(self) -> str:
        self.log.flush()
        return "\n".join((self.tmp / "processes.log").read_text(errors="replace").splitlines()[-40:])

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
        self.log.close()
        if self.drop:
            self.drop()


@pytest.fixture
def site(tmp_path, request):
    created = Site(tmp_path, request.node.name[-20:].lower().replace("[", "_").replace("]", ""))
    yield created
    created.close()


def _check_file(site: Site, job: dict) -> None:
    path = site.private / job["file_path"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    book = load_workbook(io.BytesIO(path.read_bytes()))
    assert len(book["participants"]["A"]) == 3  # header and the two people who consented


@pytest.mark.django_db
def test_a_real_worker_process_runs_the_queued_export(site):
    arranged = site.arrange()
    assert site.job(arranged["job"])["status"] == "queued"
    worker = site.worker()
    job = site.wait_for(arranged["job"], "done")
    assert job["attempts"] == 1
    _check_file(site, job)
    assert site.query("SELECT status FROM django_tasks_database_dbtaskresult")[0] == "SUCCESSFUL"
    assert site.query("SELECT count(*) FROM jobs_workerbeat")[0] == 1  # it says it is alive
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=20) == 0
    assert site.query("SELECT count(*) FROM jobs_workerbeat")[0] == 0  # and that it stopped


@pytest.mark.django_db
def test_a_killed_workers_job_is_picked_up_by_another_worker_once(site):
    arranged = site.arrange()
    slow = site.worker(extra_env={"VANGNET_JOBS_TEST_STEP_DELAY": "2"})
    running = site.wait_for(arranged["job"], "running")
    time.sleep(1)
    slow.kill()  # a crash: no clean-up, the job stays "running"
    slow.wait(timeout=10)
    assert site.job(arranged["job"])["status"] == "running"
    site.worker(extra_env={"JOBS_STALE_SECONDS": "10"})
    job = site.wait_for(arranged["job"], "done", timeout=90)
    assert job["attempts"] == 2 and job["worker_id"] != running["worker_id"]
    _check_file(site, job)


class Browser:
    """A person's browser over plain HTTP: cookies kept across both servers (same host)."""

    def __init__(self, session: str):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.session = session

    def request(self, url: str, data: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)  # noqa: S310 - loopback only
        request.add_header(
            "Cookie",
            f"sessionid={self.session}"
            + "".join(f"; {c.name}={c.value}" for c in self.jar if c.name == "csrftoken"),
        )
        return self.opener.open(request, timeout=60)  # noqa: S310 - loopback only


def _free_socket():
    import socket

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _app_server(site: Site) -> str:
    sock = _free_socket()
    port = sock.getsockname()[1]
    site.start(
        "-m",
        "gunicorn",
        "vangnet.wsgi",
        "--bind",
        f"fd://{sock.fileno()}",
        "--workers",
        "1",
        "--threads",
        "4",
        "--log-level",
        "warning",
        pass_fds=[sock.fileno()],
    )
    sock.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(base + "/health/", timeout=5) as answer:  # noqa: S310
            if answer.status == 200:
                return base
        time.sleep(0.2)
    raise AssertionError(f"app server did not start\n{site.tail()}")


@pytest.mark.skipif(
    not POSTGRES,
    reason="several app servers share one PostgreSQL database (docs/deployment.md); "
    "this suite runs on SQLite: DATABASE_URL is not PostgreSQL",
)
@pytest.mark.django_db
def test_two_app_servers_and_one_worker_share_the_database(site):
    arranged = site.arrange(start_job=False)
    one, two = _app_server(site), _app_server(site)
    site.worker()
    browser = Browser(arranged["session"])
    page = browser.request(f"{one}/privacy/onderzoek/{arranged['study']}/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    started = browser.request(
        f"{one}/privacy/onderzoek/{arranged['study']}/export/xlsx/", {"csrfmiddlewaretoken": token}
    )
    job_id = int(started.geturl().rstrip("/").split("/")[-1])  # redirected to the job's page on server one
    site.wait_for(job_id, "done")
    status = json.loads(browser.request(f"{two}/downloads/{job_id}/stand/").read())
    assert status["status"] == "done" and status["percent"] == 100
    page = browser.request(f"{two}/downloads/{job_id}/").read().decode()
    assert f"/downloads/{job_id}/bestand/" in page
    download = browser.request(f"{two}/downloads/{job_id}/bestand/")
    assert "attachment" in download.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(download.read()))
    assert "participants" in book.sheetnames
    audited = site.query(
        "SELECT count(*) FROM privacy_auditentry WHERE action = 'export.download.research_export'"
    )
    assert audited[0] == 2
