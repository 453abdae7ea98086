"""Recording a session without a connection, in a real Chromium with the app's service worker.

The connection is cut for real: the browser talks to the app through a small loopback relay that stops
passing anything on when the test says so (and the browser context is set offline too, so the page
knows). Playwright's own offline switch does not reach a service worker's requests, which is exactly
where a weak connection hurts, so the relay is what makes these tests honest.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time

import pytest

from e2e.browser import ROOT, axe_violations, describe_violations, log_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package").expect

WAITING = "Nog niet verstuurd: 1 bijeenkomst"
# Everything waiting in the device's queue (creates the empty store when the site's data was cleared).
QUEUE = """() => new Promise((resolve) => {
    const open = indexedDB.open('vangnet-offline', 1);
    open.onupgradeneeded = () => {
        open.result.createObjectStore('queue', {keyPath: 'id', autoIncrement: true});
        open.result.createObjectStore('meta');
    };
    open.onsuccess = () => {
        const all = open.result.transaction('queue').objectStore('queue').getAll();
        all.onsuccess = () => { open.result.close(); resolve(all.result); };
    };
})"""


class Relay:
    """A loopback TCP relay in front of the app server; `online = False` cuts every connection."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.online = True
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut(self) -> None:
        self.online = False
        for conn in self.connections:
            with contextlib.suppress(OSError):
                conn.close()
        self.connections.clear()

    def restore(self) -> None:
        self.online = True

    def close(self) -> None:
        self.closed = True
        self.cut()
        self.listener.close()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if not self.online:
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10)
            except OSError:
                client.close()
                continue
            self.connections += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.close()


@pytest.fixture
def relay(server):
    relay = Relay(int(server.base_url.rsplit(":", 1)[1]))
    yield relay
    relay.close()


@pytest.fixture
def device(browser, server, relay):
    """A phone with sanne signed in through the relay, in a session of its own: the logout test ends
    it, and the signed-in state the other browser tests share must outlive that."""
    context = browser.new_context(
        base_url=relay.base_url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        service_workers="allow",
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    log_in(page, server, "sanne")
    page.close()
    yield context
    context.close()


def shell(server, code: str) -> str:
    """Run Python in the app server's database (manage.py shell) and return what it printed."""
    result = subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        cwd=ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def kept_pages(page) -> list[str]:
    return page.evaluate(
        "async () => (await (await caches.open('vangnet-sessions')).keys()).map(r => new URL(r.url).pathname)"
    )


def ready_offline(context) -> tuple[object, str]:
    """Open the home page online until the worker controls it and this week's pages are kept."""
    page = context.new_page()
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    deadline = time.monotonic() + 30
    while not kept_pages(page) and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    pages = kept_pages(page)
    assert pages, "sanne's networks have sessions this week up to today"
    return page, pages[-1]


def go_offline(context, relay) -> None:
    relay.cut()
    context.set_offline(True)


def go_online(context, relay) -> None:
    relay.restore()
    context.set_offline(False)


def parts(path: str) -> tuple[str, str, str]:
    """Network id, activity id and date of a session page's path."""
    bits = path.strip("/").split("/")
    return bits[2], bits[4], bits[6]


def saved_version(server, path: str) -> int:
    """The session's version on the server: one more for every save that changed it (0: never saved)."""
    network, activity, day = parts(path)
    return int(
        shell(
            server,
            "from practice.models import Session; "
            f"s = Session.objects.filter(network_id={network}, activity_id={activity}, date='{day}').first(); "
            "print(s.version if s else 0)",
        )
    )


def test_a_session_recorded_without_a_connection_is_sent_once_when_it_returns(device, relay, server):
    page, path = ready_offline(device)
    before = saved_version(server, path)
    page.goto(path)
    person = page.locator("main form.session-form fieldset[data-person]").first
    name = person.locator("legend").inner_text().strip()
    go_offline(device, relay)

    person.locator("label.seg-excused").click()
    page.locator("main form.session-form button[type=submit]").click()
    status = page.locator("#offline-status")
    expect(status).to_contain_text(WAITING)
    expect(person.locator("input[value=excused]")).to_be_checked()
    assert axe_violations(page) == [], describe_violations(axe_violations(page))

    # Closing the page and opening it again, still without a connection: the save still waits.
    page.close()
    page = device.new_page()
    page.goto(path)
    expect(page.locator("#offline-status")).to_contain_text(WAITING)
    expect(
        page.locator("main fieldset[data-person]").filter(has_text=name).first.locator("input[value=excused]")
    ).to_be_checked()
    assert saved_version(server, path) == before
    queued = page.evaluate(QUEUE)[0]
    assert queued["path"] == path and "csrfmiddlewaretoken" in queued["body"]

    go_online(device, relay)
    expect(page.locator("#offline-status")).to_be_hidden()
    expect(page.locator("main")).to_contain_text("Verstuurd")
    assert saved_version(server, path) == before + 1
    page.reload()
    expect(
        page.locator("main fieldset[data-person]").filter(has_text=name).first.locator("input[value=excused]")
    ).to_be_checked()

    # The same save sent a second time (a double tap, a flaky connection) is recognised by its token.
    page.evaluate(
        """(item) => new Promise((resolve) => {
            const open = indexedDB.open('vangnet-offline', 1);
            open.onsuccess = () => {
                const tx = open.result.transaction('queue', 'readwrite');
                tx.objectStore('queue').add(item);
                tx.oncomplete = () => { open.result.close(); resolve(); };
            };
        })""",
        {k: v for k, v in queued.items() if k != "id"},
    )
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("main .message.success").last).to_contain_text("Verstuurd")
    page.wait_for_function(f"({QUEUE})().then((items) => items.length === 0)")
    assert saved_version(server, path) == before + 1


def test_a_session_changed_by_someone_else_meanwhile_opens_the_conflict_page(device, relay, server):
    page, path = ready_offline(device)
    page.goto(path)
    go_offline(device, relay)
    first = page.locator("main form.session-form fieldset[data-person]").first
    first.locator("label.seg-present").click()
    page.locator("main form.session-form button[type=submit]").click()
    expect(page.locator("#offline-status")).to_contain_text(WAITING)

    # Meanwhile a colleague saves the same session on the server.
    _network, activity, day = parts(path)
    shell(
        server,
        "import datetime as dt; from accounts.models import User; from practice import services; "
        "from practice.models import Activity, Session; "
        f"a = Activity.objects.get(pk={activity}); d = dt.date.fromisoformat('{day}'); "
        "s = Session.objects.filter(activity=a, date=d).first(); "
        "services.session_record(actor=User.objects.get(username='mohammed'), activity=a, date=d, "
        "expected_version=s.version if s else 0, token='colleague', marks={}, guests=7, note='door Mohammed', walk_ins=[])",
    )
    go_online(device, relay)
    attention = page.locator("#offline-status form.offline-attention")
    expect(attention).to_contain_text("intussen gewijzigd")
    assert axe_violations(page) == [], describe_violations(axe_violations(page))
    attention.get_by_role("button", name="Bijeenkomst openen").click()
    main = page.locator("main")
    expect(main).to_contain_text("Iemand anders heeft deze bijeenkomst opgeslagen")
    # both versions: this worker's choice in the form, the colleague's change below
    expect(main.locator("fieldset[data-person]").first.locator("input[value=present]")).to_be_checked()
    expect(main.locator(".changes")).to_contain_text("Mohammed")


def test_logging_out_removes_everything_kept_on_the_device(device, relay, server):
    page, path = ready_offline(device)
    page.goto(path)
    go_offline(device, relay)
    page.locator("main form.session-form fieldset[data-person]").first.locator("label.seg-present").click()
    page.locator("main form.session-form button[type=submit]").click()
    expect(page.locator("#offline-status")).to_contain_text(WAITING)
    # The connection returns, but before anything could be sent the worker logs out: she is asked.
    page.evaluate("Object.defineProperty(navigator, 'onLine', {get: () => false})")
    go_online(device, relay)

    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.locator("form.logout-form button").click()
    page.wait_for_url("**/account/inloggen/**")
    assert kept_pages(page) == []
    assert questions and "nog een bijeenkomst die niet is verstuurd" in questions[0]
    assert page.evaluate(QUEUE) == []
