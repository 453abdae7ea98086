"""Working without a connection: what the server offers a device, and what it leaves out."""

import datetime as dt
import json

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import TODAY
from practice import services
from practice.models import Recurrence
from practice.tests.conftest import record, session_url

PAGES_URL = "/offline/sessies/"
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())  # TODAY is Wednesday 25-11-2026


def weekly(world, network, weekday, name="Soep"):
    return services.activity_create(
        actor=world.worker_a if network == world.network_a else world.worker_b,
        network=network,
        name=name,
        audience="group",
        recurrence=Recurrence.WEEKLY,
        weekday=weekday,
        start_time=dt.time(13, 30),
        duration_minutes=120,
        active_from=TODAY - dt.timedelta(weeks=10),
        active_until=None,
    )


@pytest.fixture
def week(world):
    """network_a meets on Monday, Tuesday and Friday; network_b (not sanne's) on Tuesday."""
    return {
        "monday": weekly(world, world.network_a, 0, "Maandag"),
        "tuesday": weekly(world, world.network_a, 1, "Dinsdag"),
        "friday": weekly(world, world.network_a, 4, "Vrijdag"),
        "other": weekly(world, world.network_b, 1, "Elders"),
    }


def test_a_worker_may_keep_this_weeks_sessions_of_her_own_networks_up_to_today(world, login, week):
    client = login(world.worker_a)
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(PAGES_URL).json()
    assert answer == {
        "week": "2026-W48",
        "pages": sorted(
            [
                session_url(week["monday"], MONDAY),
                session_url(week["tuesday"], MONDAY + dt.timedelta(days=1)),
            ]
        ),
    }
    # the session (2) and the user's roles are read by the login; then networks and activities in one
    assert len(queries) <= 4


def test_the_achterwacht_keeps_the_pages_too_and_another_worker_none_of_them(world, login, week):
    assert len(login(world.backup_a).get(PAGES_URL).json()["pages"]) == 2
    assert login(world.worker_b).get(PAGES_URL).json()["pages"] == [
        session_url(week["other"], MONDAY + dt.timedelta(days=1))
    ]


@pytest.mark.parametrize("persona", ["coordinator", "evaluator", "researcher", "admin", "outsider"])
def test_nobody_else_keeps_session_pages_on_a_device(world, login, week, persona):
    # A coordinator may record anywhere, but keeps no network's pages: she works in none herself.
    assert login(getattr(world, persona)).get(PAGES_URL).json()["pages"] == []


def test_the_list_needs_a_login(client, world):
    response = client.get(PAGES_URL)
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_the_kept_copy_leaves_out_the_change_history_and_what_needs_a_connection(world, login, week):
    activity, day = week["tuesday"], MONDAY + dt.timedelta(days=1)
    record(world.worker_a, activity, day, present=[world.anne], note="Gezellig")
    client = login(world.worker_a)
    online = client.get(session_url(activity, day)).content.decode()
    kept = client.get(session_url(activity, day), HTTP_X_VANGNET_OFFLINE="1").content.decode()
    assert 'class="changes"' in online
    assert 'class="changes"' not in kept
    assert 'class="session-form"' in kept and world.anne.name.split()[0] in kept
    # the page itself stays uncacheable for browsers and proxies; the device keeps it on purpose
    response = client.get(session_url(activity, day), HTTP_X_VANGNET_OFFLINE="1")
    assert "no-store" in response["Cache-Control"]


def test_fetching_the_kept_copy_leaves_a_message_for_the_page_it_was_meant_for(world, login, week):
    """The device fetches its copies in the background, also between a save and the page the save
    redirects to: the copy must not take that page's "... is toegevoegd." (seen in the browser test)."""
    from django.urls import reverse

    activity, day = week["tuesday"], MONDAY + dt.timedelta(days=1)
    client = login(world.worker_a)
    participants = reverse("people:network_participants", args=[world.network_a.pk])
    added = client.post(
        reverse("people:register", args=[world.network_a.pk]), {"name": "Noor", "terug": "netwerk"}
    )
    assert added.status_code == 302
    kept = client.get(session_url(activity, day), HTTP_X_VANGNET_OFFLINE="1").content.decode()
    assert "Noor is toegevoegd." not in kept
    page = client.get(participants, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Noor is toegevoegd." in page
    assert "Noor is toegevoegd." not in client.get(participants).content.decode()  # shown once


def test_the_manifest_makes_vangnet_installable_in_dutch(client):
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="nl")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert (data["name"], data["lang"], data["display"], data["start_url"]) == (
        "Vangnet",
        "nl",
        "standalone",
        "/",
    )
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        assert icon["src"].startswith("/static/")
        assert finders.find(icon["src"].removeprefix("/static/"))


def test_the_service_worker_is_served_from_the_root_and_never_from_a_cache(client):
    response = client.get("/sw.js")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert '"/offline/"' in body and "offline/offline.js" in body
    # it keeps session pages and the shell, nothing else
    assert "vangnet-sessions" in body and "bijeenkomst" in body


def test_the_page_and_the_worker_share_one_definition_of_the_device_database(client, login, world):
    from pathlib import Path

    worker = client.get("/sw.js").content.decode()
    page = login(world.worker_a).get("/").content.decode()
    # The worker imports the shared file from our own static files and keeps it in the shell, so the
    # page script finds it without a connection; the page loads it before the page script.
    assert 'importScripts("/static/offline/idb.js")' in worker
    assert json.dumps("/static/offline/idb.js") in worker.split("const SHELL = ", 1)[1].split(";", 1)[0]
    assert page.index("/static/offline/idb.js") < page.index("/static/offline/offline.js")
    shared = Path(finders.find("offline/idb.js")).read_text()
    script = Path(finders.find("offline/offline.js")).read_text()
    assert "indexedDB.open(" in shared and '"vangnet-offline"' in shared
    for other in (worker, script):
        assert "indexedDB.open(" not in other and '"vangnet-offline"' not in other


def test_the_offline_page_holds_nothing_personal(world, login):
    client = login(world.worker_a)
    page = client.get("/offline/").content.decode()
    assert world.worker_a.first_name not in page
    assert "offline-status" not in page


def test_pages_name_the_person_on_the_device_only_by_an_opaque_key(world, login, client):
    from offline.templatetags.offline_tags import device_key

    anonymous = client.get("/account/inloggen/").content.decode()
    assert 'data-user=""' in anonymous
    page = login(world.worker_a).get("/").content.decode()
    key = device_key(world.worker_a)
    assert f'data-user="{key}"' in page
    assert len(key) == 24 and int(key, 16) != world.worker_a.pk
    assert device_key(world.worker_b) != key


def test_logging_out_clears_what_the_site_stored_on_the_device(world, login):
    client = login(world.worker_a)
    response = client.post("/account/uitloggen/")
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "Clear-Site-Data" not in login(world.worker_a).get("/").headers


def test_the_content_security_policy_allows_only_our_own_worker_and_manifest(world, login):
    policy = login(world.worker_a).get("/")["Content-Security-Policy"]
    assert "worker-src 'self'" in policy and "manifest-src 'self'" in policy
