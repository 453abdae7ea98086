"""Fixtures for the browser tests (marked `browser`).

The app runs as it does in production: gunicorn on a free loopback port, in its own process, with
its own fresh database (a temporary SQLite file, or a fresh PostgreSQL database when the suite runs
on PostgreSQL), migrated and filled with the demo organisation once per pytest(-xdist) worker.
Why not pytest-django's live_server: that shares the test database of the worker, so the demo would
have to be rebuilt and flushed for every test, and time in the server thread would follow the
frozen clock of the other tests.

The browser is Debian's chromium, started once per test module. Per module, not per session:
Playwright's sync API marks an asyncio loop as running in the pytest thread until it is stopped,
and Django's ORM refuses to work under a running loop, which would break the database tests that
pytest-xdist runs on the same worker afterwards.

Without the playwright package or /usr/bin/chromium the browser tests skip with the reason; without
node_modules/axe-core (`npm ci`) only the accessibility checks skip.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from e2e.browser import (
    ARTIFACTS,
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    SCREENSHOTS,
    VIEWPORTS,
    signed_in_state,
    start_server,
    stop_server,
)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


@pytest.fixture(scope="session")
def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need the playwright package (pip install -r requirements.lock)")
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    return sync_playwright


def _compile_translations() -> None:
    """Compile stale catalogues (bin/test does this too), atomically: several workers may race."""
    import polib

    for po_path in sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}")
        polib.pofile(str(po_path)).save_as_mofile(str(partial))
        os.replace(partial, mo_path)


def _fresh_postgres_database(worker: str) -> tuple[str, object]:
    """Create an empty PostgreSQL database next to the test database; returns its URL and a dropper."""
    import psycopg
    from django.conf import settings
    from psycopg import sql

    db = settings.DATABASES["default"]
    name = f"{os.environ.get('TEST_DATABASE_NAME', 'test_vangnet')}_e2e_{worker}"[:63]
    params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"] or None}
    if db["PASSWORD"]:
        params["password"] = db["PASSWORD"]

    def run(statement) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    run(drop)
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    return url, lambda: run(drop)


@pytest.fixture(scope="session")
def server(sync_playwright, tmp_path_factory):
    """Vangnet with the demo organisation, served on a free loopback port for this worker."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    _compile_translations()
    drop_database = None
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        database_url, drop_database = _fresh_postgres_database(worker)
    else:
        database_url = f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'vangnet.sqlite3'}"
    log_path = ARTIFACTS / "logs" / f"e2e-server-{worker}.log"
    try:
        app = start_server(database_url=database_url, log_path=log_path)
    except RuntimeError as error:
        if drop_database:
            drop_database()
        pytest.fail(f"could not start Vangnet for the browser tests ({log_path}): {error}")
    yield app
    stop_server(app)
    if drop_database:
        drop_database()


@pytest.fixture(scope="module")
def browser(sync_playwright):
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def open_page(request, server, browser):
    """open_page(viewport, user=None, javascript=True) -> a new page in its own browser context.

    With `user`, the page starts signed in as that demo account (the login flow itself signs in
    through the form). Pages open in Dutch, as on a Dutch social worker's phone.
    """
    contexts = []

    def _open(viewport: str = "desktop", *, user: str | None = None, javascript: bool = True):
        state = signed_in_state(browser, server, user) if user else None
        context = browser.new_context(
            base_url=server.base_url,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            java_script_enabled=javascript,
            storage_state=state,
            **VIEWPORTS[viewport],
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    if getattr(request.node, "e2e_failed", False):
        # What the browser showed when the test failed, for whoever reads the CI log.
        folder = SCREENSHOTS / "failures"
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                try:
                    page.screenshot(path=str(folder / f"{name}-{i}{j}.png"), full_page=True)
                except Exception:  # noqa: S112 - a page that already crashed has nothing to show
                    continue
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_JS.exists():
        pytest.skip("accessibility checks need axe-core from npm: run `npm ci` (bin/test does)")
    return AXE_JS


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    """Every flow runs on a phone (390x844) and on a desktop (1280x900)."""
    return request.param
