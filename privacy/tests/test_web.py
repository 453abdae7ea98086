"""Web hardening: CSRF, no state change on GET, headers, escaping, error pages."""

import re
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.testing import sign_in
from accounts.tests.test_auth import production_settings
from core.tests.test_ownership import _cases, _named_patterns
from privacy.models import Study

# Tables a GET may write: the audit trail (looking is recorded), the session (idle timeout, 2FA
# state) and django-axes' bookkeeping.
# Besides audit and session rows a GET may store derived figures that nobody edits: the needs-attention
# signals and the process evaluation's figures a page computed for networks whose kept ones were out of
# date (quality.models.KeptSignals, KeptProcessRow).
GET_MAY_WRITE = ("privacy_auditentry", "django_session", "axes_", "quality_kept", "evaluation_kept")
WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


class MirrorWorld:
    """The world with organisation B's objects swapped for organisation A's, so each app's
    ownership CASES give URLs of objects the personas may reach."""

    SWAP = {
        "olga": "anne",
        "other_network": "network_a",
        "other_partner": "partner",
        "other_org": "org",
        "outsider": "worker_a",
    }

    def __init__(self, world):
        self._world = world

    def __getattr__(self, name):
        return getattr(self._world, self.SWAP.get(name, name))


def url_builders() -> list:
    """(url name, world -> url) for every named URL; objects come from the apps' ownership CASES."""
    cases = _cases()
    builders = []
    for name, pattern in _named_patterns():
        if not pattern.pattern.converters:
            builders.append((name, lambda w, name=name: reverse(name)))
        elif cases.get(name) is not None:
            builders.append((name, lambda w, name=name: reverse(name, kwargs=cases[name](MirrorWorld(w)))))
    return sorted(builders, key=lambda b: b[0])


@contextmanager
def rolled_back():
    """Each URL's objects (some CASES create users with fixed names) live only for that URL."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def writes(queries) -> list[str]:
    found = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and not match.group(2).startswith(GET_MAY_WRITE):
            found.append(query["sql"][:120])
    return found


def test_no_page_changes_anything_on_get(world):
    """Every URL, as every persona: a GET writes nothing but audit and session rows."""
    Study.objects.create(organisation=world.org, name="Studie")
    builders = url_builders()
    assert len(builders) > 20
    problems = []
    clients = {
        persona: sign_in(Client(raise_request_exception=False), user)
        for persona, user in world.personas().items()
    }
    for _name, build in builders:
        with rolled_back():
            url = build(world)
            for persona, client in clients.items():
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(url)
                found = writes(ctx.captured_queries)
                if found:
                    problems.append((persona, url, response.status_code, found))
    assert problems == []


def test_pages_have_no_inline_scripts_or_styles_and_escape_payloads(world):
    """Every text field of organisation A holds an XSS payload; no page shows it unescaped."""
    from django.apps import apps
    from django.db import models

    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    skip = {"accounts.User", "privacy.AuditEntry", "privacy.FieldChange", "privacy.SubmissionToken"}
    for model in apps.get_models():
        if model._meta.app_label in {"auth", "contenttypes", "sessions", "axes", "otp_totp", "otp_static"}:
            continue
        if model._meta.label in skip:
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not isinstance(f, models.SlugField)
            and not f.primary_key
        ]
        for obj in model._default_manager.all():
            values = {}
            for f in fields:
                limit = f.max_length or 500
                values[f.attname] = f"{obj.pk}{payload}"[:limit] if limit >= 20 else getattr(obj, f.attname)
            if values:
                model._default_manager.filter(pk=obj.pk).update(**values)
    Study.objects.create(organisation=world.org, name=payload)
    from privacy import services

    services.consent_set(actor=None, participant=world.anne, scope="points_of_attention", given=True)
    services.attention_add(actor=world.worker_a, participant=world.anne, text=payload)
    shown = 0
    clients = [
        sign_in(Client(raise_request_exception=False), u)
        for u in (world.worker_a, world.coordinator, world.admin, world.researcher)
    ]
    for _name, build in url_builders():
        with rolled_back():
            url = build(world)
            responses = [client.get(url) for client in clients]
        for response in responses:
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            body = response.content.decode()
            for raw in ("<script>alert", "<img src=x"):
                where = body.find(raw)
                assert where < 0, (url, body[max(0, where - 200) : where + 50])
            shown += body.count("&lt;script&gt;alert")
            for tag in re.findall(r"<script\b[^>]*>", body):
                assert "src=" in tag, (url, tag)
            assert not re.search(r"\sstyle=", body), url
    assert shown > 10  # the payloads really were on the pages, escaped


def test_csrf_is_enforced_on_login_and_on_forms(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": "worker_a", "password": "correct-horse-battery"}
    )
    assert response.status_code == 403 and "_auth_user_id" not in client.session
    # With the token from the form it works.
    client.get(reverse("accounts:login"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("accounts:login"),
        {"username": "worker_a", "password": "correct-horse-battery", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_csrf_is_enforced_for_signed_in_writes(world):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world.worker_a)
    url = reverse("privacy:participant", args=[world.anne.pk])
    assert client.post(url, {"date": "2026-11-20", "research": "on"}).status_code == 403
    from privacy.models import Consent

    assert not Consent.objects.exists()
    client.get(url)
    token = client.cookies["csrftoken"].value
    response = client.post(url, {"date": "2026-11-20", "research": "on", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and Consent.objects.filter(given=True).count() == 1


def test_security_headers_on_every_page(world, login):
    client = login(world.worker_a)
    response = client.get(reverse("privacy:participant", args=[world.anne.pk]))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]
    json_response = client.get(reverse("privacy:access_request_json", args=[world.anne.pk]))
    assert "no-store" in json_response["Cache-Control"]


def test_production_turns_on_https_protections():
    values = production_settings(
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "DEBUG",
        "AUDIT_DB_TRIGGERS",
    )
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_SSL_REDIRECT"] and values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] and values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["DEBUG"] is False and values["AUDIT_DB_TRIGGERS"] is True


def test_error_pages_show_an_incident_number_and_no_internals(world, settings):
    settings.ROOT_URLCONF = "privacy.tests.urls_boom"
    client = Client(raise_request_exception=False)
    sign_in(client, world.worker_a)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert re.search(r"<code>[0-9a-f]{12}</code>", body)
    assert "Traceback" not in body and "RuntimeError" not in body and "geheime-details" not in body
    missing = client.get("/bestaat-niet/")
    assert missing.status_code == 404 and re.search(r"<code>[0-9a-f]{12}</code>", missing.content.decode())


@pytest.mark.parametrize("name", ["privacy:participant", "privacy:access_request"])
def test_personal_pages_are_not_cached(world, login, name):
    response = login(world.coordinator).get(reverse(name, args=[world.anne.pk]))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_other_organisations_objects_are_404_and_each_denial_is_audited(world):
    """Every URL with an object id, filled with organisation B's objects (the apps' ownership CASES)."""
    from privacy.models import AuditEntry

    cases = {name: case for name, case in _cases().items() if case is not None}
    client = Client(raise_request_exception=False)
    sign_in(client, world.coordinator)
    unaudited = []
    for name, case in sorted(cases.items()):
        with rolled_back():
            url = reverse(name, kwargs=case(world))
            before = AuditEntry.objects.filter(action="access.denied").count()
            response = client.get(url)
            if response.status_code == 405:
                response = client.post(url)
            assert response.status_code in (403, 404), (name, response.status_code)
            denied = AuditEntry.objects.filter(action="access.denied").count()
            if response.status_code == 404 and denied == before:
                unaudited.append(name)
    assert unaudited == []
