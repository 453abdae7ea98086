"""Helpers for the browser tests: the app server, signing in (with the second step), screenshots, axe.

No fixtures here (they live in e2e/conftest.py); everything is plain functions and small classes so the
flows read as what a social worker does.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

# A social worker's phone during the activity, and a laptop in the office.
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}

LOGIN_PATH = "/account/inloggen/"


def demo_password() -> str:
    from core.demo import DEMO_PASSWORD

    return DEMO_PASSWORD


def demo_totp_secret() -> str | None:
    """The fixed TOTP secret the demo gives accounts that need a second step (None before that exists)."""
    from core import demo_accounts

    return getattr(demo_accounts, "DEMO_TOTP_SECRET", None)


# ----- the second step (TOTP, RFC 6238) ----------------------------------------------------------


def totp_code(secret_base32: str, step: int, digits: int = 6) -> str:
    """The code an authenticator app shows in time step `step` (30-second steps since the epoch)."""
    secret = secret_base32.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


# ----- the server ------------------------------------------------------------------------------------


@dataclass
class Server:
    """Vangnet served by gunicorn on a loopback port, with its own fresh database and the demo."""

    base_url: str
    log_path: Path
    process: subprocess.Popen | None = None
    env: dict = field(default_factory=dict)  # the server's environment, for manage.py against its database
    # username -> the last TOTP time step used: the server refuses a code twice, so a second sign-in
    # within the same 30 seconds waits for the next code, like a person would.
    last_totp_step: dict[str, int] = field(default_factory=dict)
    # username -> TOTP secret learnt while enrolling (for accounts without the demo's fixed secret).
    totp_secrets: dict[str, str] = field(default_factory=dict)
    # username -> cookies of a signed-in session, so flows that are not about signing in start signed in.
    signed_in_states: dict[str, dict] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base_url + path

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def next_totp_step(self, username: str) -> int:
        step = int(time.time() // 30)
        last = self.last_totp_step.get(username)
        if last is not None and step <= last:
            time.sleep((last + 1) * 30 - time.time() + 0.2)
            step = int(time.time() // 30)
        self.last_totp_step[username] = step
        return step


def _die_with_parent() -> None:
    """In the child before exec: end when the pytest worker ends, even if it is killed (Linux)."""
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def free_listening_socket() -> socket.socket:
    """A socket already listening on a free loopback port; gunicorn inherits it, so no port race."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run_manage(args: list[str], env: dict, log) -> None:
    log.write(f"\n$ manage.py {' '.join(args)}\n")
    log.flush()
    result = subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed (exit {result.returncode})")


def manage(server: Server, args: list[str]) -> None:
    """manage.py against the server's own database (arranging data a test needs), logged with it."""
    with server.log_path.open("a") as log:
        run_manage(args, server.env, log)


def start_server(*, database_url: str, log_path: Path) -> Server:
    """Migrate a fresh database, build the demo and serve the app; returns once /health/ answers."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vangnet.settings",
        "VANGNET_ENV": "test",  # DEBUG off, fast password hashing, loopback hosts allowed
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
    }
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    run_manage(["migrate", "--no-input", "-v", "0"], env, log)
    run_manage(["demo"], env, log)
    sock = free_listening_socket()
    port = sock.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603 - fixed command line
        [
            sys.executable,
            "-m",
            "gunicorn",
            "vangnet.wsgi",
            "--bind",
            f"fd://{sock.fileno()}",
            "--workers",
            "1",
            "--threads",
            "8",
            "--timeout",
            "120",
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        pass_fds=[sock.fileno()],
        preexec_fn=_die_with_parent,
    )
    sock.close()
    server = Server(base_url=f"http://127.0.0.1:{port}", log_path=log_path, process=process, env=env)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start-up:\n{server.log_tail()}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(server.url("/health/"), timeout=5) as response,  # noqa: S310 - loopback
        ):
            if response.status == 200:
                return server
        if time.monotonic() > deadline:
            stop_server(server)
            raise RuntimeError(f"the server did not answer within 60 s:\n{server.log_tail()}")
        time.sleep(0.2)


def stop_server(server: Server) -> None:
    if server.process is None or server.process.poll() is not None:
        return
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=5)


# ----- signing in -------------------------------------------------------------------------------------


def fill_login_form(page, username: str, password: str) -> None:
    """Type the username and password and press the form's own button (the header's language
    switcher is a form with submit buttons too, so the button is looked up inside <main>)."""
    main = page.locator("main")
    main.locator("input[name=username]").fill(username)
    main.locator("input[name=password]").fill(password)
    main.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_load_state()


def complete_second_step(page, server: Server, username: str) -> bool:
    """If the page asks for a code, give the code an authenticator app would show.

    Handles both pages of the second step: enrolment (the page shows the secret key to type into
    an app) and verification (the demo's fixed secret, or the one learnt while enrolling).
    Returns whether a code was asked for.
    """
    main = page.locator("main")
    token = main.locator("input[name=token]")
    if token.count() == 0:
        return False
    shown_secret = main.locator("code.secret")
    if shown_secret.count():
        server.totp_secrets[username] = shown_secret.inner_text().strip()
    secret = server.totp_secrets.get(username) or demo_totp_secret()
    if not secret:
        raise AssertionError(f"{username} is asked for a code, but the test knows no secret for it")
    token.fill(totp_code(secret, server.next_totp_step(username)))
    main.locator("form:has(input[name=token]) button[type=submit]").click()
    page.wait_for_load_state()
    if main.locator("input[name=token]").count():
        raise AssertionError(f"the code for {username} was refused: {main.inner_text()[:300]}")
    # After enrolling, the backup codes are shown once, with a link onwards.
    if main.locator(".backup-codes").count():
        main.locator("a.button").last.click()
        page.wait_for_load_state()
    return True


def log_in(page, server: Server, username: str, password: str | None = None) -> None:
    page.goto(server.url(LOGIN_PATH))
    fill_login_form(page, username, password or demo_password())
    complete_second_step(page, server, username)
    if page.locator("main input[name=password]").count():
        raise AssertionError(f"{username} could not log in: {page.locator('main').inner_text()[:300]}")


def signed_in_state(browser, server: Server, username: str) -> dict:
    """Cookies of a session signed in as `username` (once per server; later contexts reuse them)."""
    if username not in server.signed_in_states:
        context = browser.new_context(base_url=server.base_url, locale="nl-NL")
        try:
            page = context.new_page()
            log_in(page, server, username)
            server.signed_in_states[username] = context.storage_state()
        finally:
            context.close()
    return server.signed_in_states[username]


# ----- what the person sees ----------------------------------------------------------------------------


def screenshot(page, flow: str, viewport: str) -> Path:
    """Save `<flow>-<viewport>.png` under artifacts/screenshots/ for reviewers."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{flow}-{viewport}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


class Taps:
    """Counts the taps (clicks, or key presses that act like one) a flow needs."""

    def __init__(self, viewport: str):
        self.touch = VIEWPORTS[viewport].get("has_touch", False)
        self.count = 0

    def __call__(self, locator) -> None:
        self.count += 1
        if self.touch:
            locator.tap()
        else:
            locator.click()


# ----- accessibility ----------------------------------------------------------------------------------


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page; return violations of these impacts.

    axe is evaluated through the DevTools protocol, which the app's Content-Security-Policy
    (script-src 'self') does not govern, so the page is checked exactly as the app serves it.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
                resultTypes: ['violations'],
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
        }"""
    )
    return [v for v in result if v["impact"] in impacts]


def describe_violations(violations) -> str:
    return json.dumps(violations, indent=1, ensure_ascii=False)[:6000]


def unlabelled_fields(page) -> list[str]:
    """Visible form fields without an accessible name from a <label>, aria-label or aria-labelledby."""
    return page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => el.type !== 'hidden' && el.type !== 'submit' && el.type !== 'button')
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                          && !el.getAttribute('aria-labelledby'))
            .map(el => el.outerHTML.slice(0, 160))"""
    )


def unique_name(name: str) -> str:
    """A person's name like no one registered (a server may hold earlier runs and other viewports), so
    registering it or a walk-in with it does not bring up the likely-duplicate question."""
    import secrets
    import string

    return f"{name}-" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
