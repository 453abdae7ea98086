"""The load test only ever targets loopback, and builds the same session save a worker sends."""

import pytest
from django.core.management import CommandError, call_command

from perf import loadtest


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8000",
        "http://10.0.0.5:8000",
        "http://example.org",
        "http://127.0.0.1.example.org:80",
        "ftp://127.0.0.1:21",
        "http://[::1]:8000",
    ],
)
def test_any_target_but_127_0_0_1_is_refused(url):
    with pytest.raises(loadtest.RefusedTarget):
        loadtest.check_target(url)
    with pytest.raises(CommandError, match="only targets"):
        call_command("loadtest", url=url, duration=1, warmup=0)


def test_loopback_is_accepted():
    assert loadtest.check_target("http://127.0.0.1:8123/") == "http://127.0.0.1:8123"


def test_session_form_marks_people_present_and_toggles_one_task():
    inputs = [
        '<input type="hidden" name="csrfmiddlewaretoken" value="abc">',
        '<input type="hidden" name="version" value="4" id="id_version">',
        '<input type="hidden" name="token" value="t1" id="id_token">',
    ]
    for pid in range(1, 31):
        inputs.append(f'<input type="radio" name="p{pid}_status" value="present" id="x">')
        inputs += [f'<input type="checkbox" name="p{pid}_tasks" value="{t}" id="y">' for t in (7, 8, 9)]
    html = "\n".join(inputs)
    first, second = loadtest.session_form(html, 0), loadtest.session_form(html, 1)
    assert first["version"] == "4" and first["csrfmiddlewaretoken"] == "abc" and first["token"] == "t1"
    present = [k for k, v in first.items() if k.endswith("_status") and v == "present"]
    assert len(present) == 25
    assert sum(len(v) for k, v in first.items() if k.endswith("_tasks")) == 40
    assert first["p1_tasks"] != second["p1_tasks"] and first["p2_tasks"] == second["p2_tasks"]


def test_summary_reports_percentiles_and_errors():
    stats = loadtest.Stats()
    for ms in range(1, 101):
        stats.add("page", float(ms), ok=ms != 50, error="500")
    result = loadtest.summary(stats, 10.0, users=2)
    assert (result["requests"], result["throughput_rps"], result["errors"]) == (100, 10.0, 1)
    assert (result["p50_ms"], result["p95_ms"], result["p99_ms"]) == (50.0, 95.0, 99.0)
    assert result["error_kinds"] == {"page: 500": 1}


def test_the_client_keeps_the_connection_and_the_cookies_and_posts_a_form():
    """The lean load client against a tiny server on loopback: one connection, cookies kept."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs

    seen = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            seen.append(("GET", self.client_address[1], self.headers.get("Cookie"), None))
            body = b"<p>page</p>"
            self.send_response(200)
            self.send_header("Set-Cookie", "csrftoken=xyz; Path=/; SameSite=Lax")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            seen.append(("POST", self.client_address[1], self.headers.get("Cookie"), form))
            self.send_response(302)
            self.send_header("Location", "/")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = loadtest._Client("127.0.0.1", server.server_port, 5, {"sessionid": "s1"})
        assert client.request("GET", "/a") == (200, "<p>page</p>")
        status, _text = client.request("POST", "/a", data={"p1_tasks": ["7", "8"], "guests": "1"})
        client.close()
    finally:
        server.shutdown()
    assert status == 302
    (_, port_get, cookie_get, _), (_, port_post, cookie_post, form) = seen
    assert cookie_get == "sessionid=s1" and cookie_post == "sessionid=s1; csrftoken=xyz"
    assert port_get == port_post  # the same keep-alive connection
    assert form == {"p1_tasks": ["7", "8"], "guests": ["1"]}
