"""Signing in: hashing, password rules, throttling, two-step verification, session lifetime."""

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor

PASSWORD = "correct-horse-battery"  # the personas' password (conftest.build_world)
ROOT = Path(__file__).resolve().parents[2]
PAGE = "/account/tweestaps/"  # an ordinary signed-in page


def production_settings(*names: str) -> dict:
    """Read settings as production start-up computes them (a separate process: settings load once)."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    env = {
        **os.environ,
        "VANGNET_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "vangnet.settings",
        "SECRET_KEY": "p" * 20 + "roduction-key-for-a-settings-test-0123456789",
        "ALLOWED_HOSTS": "vangnet.example",
        "DATABASE_URL": "sqlite:////tmp/vangnet-settings-probe.sqlite3",
    }
    out = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def code_for(key_hex: str) -> str:
    generator = TOTP(bytes.fromhex(key_hex))
    generator.time = time.time()
    return f"{generator.token():06d}"


def enrol_device(user) -> TOTPDevice:
    key = twofactor.new_secret()
    twofactor.device_enrol(user=user, hex_key=key)
    return TOTPDevice.objects.get(user=user)


def password_login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


# ----- hashing and password rules ---------------------------------------------------------------


def test_production_hashes_passwords_with_argon2():
    hashers = production_settings("PASSWORD_HASHERS")["PASSWORD_HASHERS"]
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert not any("MD5" in h for h in hashers)
    encoded = make_password("a long enough password", hasher="argon2")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("a long enough password", encoded)


@pytest.mark.django_db
def test_passwords_need_twelve_characters_and_must_not_be_common():
    with pytest.raises(ValidationError) as short:
        validate_password("Kort-wacht1")  # 11 characters
    assert any(e.code == "password_too_short" for e in short.value.error_list)
    with pytest.raises(ValidationError):
        validate_password("password1234")  # common
    validate_password("fiets-langs-de-Amstel")  # no exception


# ----- login throttling ---------------------------------------------------------------------------


def test_five_failures_lock_that_username_from_that_address_only(world):
    attacker = Client()
    for _ in range(4):
        assert password_login(attacker, "worker_a", "wrong-password-xx", ip="10.9.9.9").status_code == 200
    assert password_login(attacker, "worker_a", "wrong-password-xx", ip="10.9.9.9").status_code == 429
    locked = password_login(attacker, "worker_a", PASSWORD, ip="10.9.9.9")
    assert locked.status_code == 429
    assert "_auth_user_id" not in attacker.session
    # The real user, from their own address, still gets in: nobody can lock out someone else at will.
    own = Client()
    response = password_login(own, "worker_a", PASSWORD, ip="10.1.1.1")
    assert response.status_code == 302
    assert own.session["_auth_user_id"] == str(world.worker_a.pk)
    # Another user from the attacker's address is not locked either.
    assert password_login(Client(), "worker_b", PASSWORD, ip="10.9.9.9").status_code == 302


def test_failed_attempts_are_forgotten_after_a_success(world):
    client = Client()
    for _ in range(4):
        password_login(client, "worker_a", "wrong-password-xx")
    assert password_login(client, "worker_a").status_code == 302
    client.logout()
    for _ in range(4):
        password_login(client, "worker_a", "wrong-password-xx")
    assert password_login(client, "worker_a").status_code == 302


# ----- two-step verification ---------------------------------------------------------------------


def test_coordinator_without_device_must_enrol_before_any_page(world, client):
    response = password_login(client, "coordinator")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:2fa_enrol"))
    home = client.get(PAGE)
    assert home.status_code == 302 and home["Location"].startswith(reverse("accounts:2fa_enrol"))
    assert client.get(reverse("accounts:users")).status_code == 302
    # Showing the enrolment page stores nothing.
    page = client.get(reverse("accounts:2fa_enrol"))
    assert page.status_code == 200
    assert b"<svg" in page.content and b"<title>" in page.content
    assert not TOTPDevice.objects.filter(user=world.coordinator).exists()
    secret = client.session[twofactor.PENDING_SECRET]
    wrong = client.post(
        reverse("accounts:2fa_enrol"), {"token": "000000" if code_for(secret) != "000000" else "1"}
    )
    assert wrong.status_code == 200 and not TOTPDevice.objects.filter(user=world.coordinator).exists()
    done = client.post(reverse("accounts:2fa_enrol"), {"token": code_for(secret), "next": "/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == twofactor.BACKUP_CODE_COUNT
    assert TOTPDevice.objects.get(user=world.coordinator).confirmed
    assert client.get(PAGE).status_code == 200


@pytest.mark.parametrize("persona", ["coordinator", "admin", "evaluator", "researcher"])
def test_roles_with_wide_access_must_verify_after_the_password(world, persona, frozen_time):
    user = getattr(world, persona)
    if persona == "admin":
        user.set_password(PASSWORD)
        user.save()
    device = enrol_device(user)
    client = Client()
    response = password_login(client, user.username)
    assert response["Location"].startswith(reverse("accounts:2fa_verify"))
    assert client.get(PAGE)["Location"].startswith(reverse("accounts:2fa_verify"))
    bad = client.post(reverse("accounts:2fa_verify"), {"token": "12"})
    assert bad.status_code == 200 and bad.context["form"].errors
    frozen_time.shift(dt.timedelta(seconds=2))  # django-otp slows down guessing after a wrong code
    ok = client.post(reverse("accounts:2fa_verify"), {"token": code_for(device.key), "next": "/"})
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert client.get(PAGE).status_code == 200


def test_worker_logs_in_without_second_step_but_may_switch_it_on(world, client):
    assert password_login(client, "worker_a")["Location"] == reverse("home")
    assert client.get(PAGE).status_code == 200
    client.get(reverse("accounts:2fa_enrol"))
    secret = client.session[twofactor.PENDING_SECRET]
    client.post(reverse("accounts:2fa_enrol"), {"token": code_for(secret)})
    assert TOTPDevice.objects.filter(user=world.worker_a, confirmed=True).exists()
    # From now on this worker gives a code too.
    other = Client()
    assert password_login(other, "worker_a")["Location"].startswith(reverse("accounts:2fa_verify"))
    assert other.get(PAGE).status_code == 302


def test_backup_code_works_once(world):
    enrol_device(world.evaluator)
    codes = twofactor.backup_codes_renew(user=world.evaluator)
    first = Client()
    password_login(first, "evaluator")
    assert first.post(reverse("accounts:2fa_verify"), {"token": codes[0]}).status_code == 302
    assert first.get(PAGE).status_code == 200
    again = Client()
    password_login(again, "evaluator")
    assert again.post(reverse("accounts:2fa_verify"), {"token": codes[0]}).status_code == 200
    assert twofactor.backup_codes_left(world.evaluator) == twofactor.BACKUP_CODE_COUNT - 1


def test_demo_backup_code_is_reusable_only_in_development(world, settings):
    from core.demo_accounts import DEMO_BACKUP_CODE

    enrol_device(world.researcher)
    static = StaticDevice.objects.get(user=world.researcher)
    static.token_set.create(token=DEMO_BACKUP_CODE)
    settings.VANGNET_ENV = "development"
    assert twofactor.token_verify(user=world.researcher, token=DEMO_BACKUP_CODE) == "backup"
    assert twofactor.token_verify(user=world.researcher, token=DEMO_BACKUP_CODE) == "backup"
    settings.VANGNET_ENV = "production"
    assert twofactor.token_verify(user=world.researcher, token=DEMO_BACKUP_CODE) == "backup"
    assert twofactor.token_verify(user=world.researcher, token=DEMO_BACKUP_CODE) is None
    assert not StaticToken.objects.filter(token=DEMO_BACKUP_CODE).exists()


def test_demo_accounts_that_need_it_get_the_documented_secret(db):
    from core.demo import build_demo
    from core.demo_accounts import DEMO_TOTP_SECRET

    ctx = build_demo()
    ingrid, sanne = ctx.users["ingrid"], ctx.users["sanne"]
    device = TOTPDevice.objects.get(user=ingrid)
    assert twofactor.secret_base32(device.key) == DEMO_TOTP_SECRET
    assert twofactor.token_verify(user=ingrid, token=code_for(device.key)) == "totp"
    assert not TOTPDevice.objects.filter(user=sanne).exists()


def test_renewing_backup_codes_needs_post_and_replaces_the_old_ones(world, login):
    enrol_device(world.coordinator)
    old = set(StaticToken.objects.filter(device__user=world.coordinator).values_list("token", flat=True))
    client = login(world.coordinator)
    assert client.get(reverse("accounts:2fa_backup_codes")).status_code == 405
    assert client.get(reverse("accounts:2fa")).status_code == 200
    response = client.post(reverse("accounts:2fa_backup_codes"))
    new = set(response.context["codes"])
    assert new and not (new & old)
    assert (
        set(StaticToken.objects.filter(device__user=world.coordinator).values_list("token", flat=True)) == new
    )


def test_replacing_the_device_requires_the_current_one_first(world):
    enrol_device(world.coordinator)
    client = Client()
    password_login(client, "coordinator")
    response = client.get(reverse("accounts:2fa_enrol"))
    assert response["Location"] == reverse("accounts:2fa_verify")


def test_sign_in_helper_gives_a_verified_second_step(world, client):
    from accounts.testing import sign_in

    sign_in(client, world.coordinator)
    assert client.get(PAGE).status_code == 200
    half = sign_in(Client(), world.coordinator, second_factor=False)
    assert half.get(PAGE).status_code == 302


def test_next_to_another_site_is_ignored(world):
    device = enrol_device(world.coordinator)
    client = Client()
    password_login(client, "coordinator")
    response = client.post(
        reverse("accounts:2fa_verify"), {"token": code_for(device.key), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


# ----- sessions ------------------------------------------------------------------------------------


def test_idle_session_ends_after_thirty_minutes(world, frozen_time):
    client = Client()
    password_login(client, "worker_a")
    frozen_time.shift(dt.timedelta(minutes=25))
    assert client.get(PAGE).status_code == 200  # activity renews the idle clock
    frozen_time.shift(dt.timedelta(minutes=25))
    assert client.get(PAGE).status_code == 200
    frozen_time.shift(dt.timedelta(minutes=31))
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_active_session_still_ends_after_its_absolute_lifetime(world, frozen_time, settings):
    client = Client()
    password_login(client, "worker_a")
    for _ in range(int(settings.SESSION_ABSOLUTE_SECONDS / 1200)):
        frozen_time.shift(dt.timedelta(minutes=20))
        assert client.get(PAGE).status_code == 200
    frozen_time.shift(dt.timedelta(minutes=20))
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert client.get(PAGE).status_code == 302


def test_password_change_logs_out_every_other_session(world):
    laptop, phone = Client(), Client()
    password_login(laptop, "worker_a")
    password_login(phone, "worker_a")
    assert phone.get(PAGE).status_code == 200
    new = "een-nieuw-lang-wachtwoord"
    response = laptop.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert laptop.get(PAGE).status_code == 200
    assert phone.get(PAGE).status_code == 302


def test_password_change_refuses_a_short_password_and_keeps_the_old_one(world, login):
    client = login(world.worker_a)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "kort-kort1", "new_password2": "kort-kort1"},
    )
    assert response.status_code == 200 and response.context["form"].errors["new_password2"]
    world.worker_a.refresh_from_db()
    assert world.worker_a.check_password(PASSWORD)


def test_start_script_prints_how_to_pass_the_second_step(db):
    from io import StringIO

    from django.core.management import call_command

    from core.demo import build_demo
    from core.demo_accounts import DEMO_BACKUP_CODE, DEMO_TOTP_SECRET

    build_demo()
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    text = out.getvalue()
    assert DEMO_TOTP_SECRET in text and DEMO_BACKUP_CODE in text
    assert "ingrid" in text and "[tweestapsverificatie]" in text
    code = StringIO()
    call_command("demo_totp", stdout=code)
    assert len(code.getvalue().strip()) == 6 and code.getvalue().strip().isdigit()


def test_pages_within_a_minute_do_not_write_the_session(world, frozen_time):
    """Renewing the idle timeout is one write a minute, not one per page (SQLite: a write lock)."""
    from django.contrib.sessions.models import Session

    client = Client()
    password_login(client, "worker_a")
    client.get(PAGE)
    stored = Session.objects.get().expire_date
    frozen_time.shift(dt.timedelta(seconds=30))
    client.get(PAGE)
    assert Session.objects.get().expire_date == stored
    frozen_time.shift(dt.timedelta(seconds=31))
    client.get(PAGE)
    assert Session.objects.get().expire_date == stored + dt.timedelta(seconds=61)
