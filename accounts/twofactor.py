"""Two-step verification (TOTP with django-otp, backup codes with otp_static).

Whether a user must give a code is worked out on every request (`needed`): from the user's roles as
they are now (no query: the roles come with the user) or an enrolled device. The answer is never kept
in the session, so a promotion asks for the code at the next request. A change of roles also ends the
user's sessions (accounts.models.User's session hash includes the roles).
Two session keys:
- DEVICE: the user has an enrolled device (looked up once per session, set again on enrolment).
- VERIFIED: the code was given in this session.
"""

from __future__ import annotations

import base64
import secrets
import time
from typing import TYPE_CHECKING
from urllib.parse import quote

import segno
from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import requires_second_factor

if TYPE_CHECKING:
    from accounts.models import User

DEVICE = "_2fa_device"
VERIFIED = "_2fa_verified"
PENDING_SECRET = "_2fa_pending_secret"  # nosec B105 # noqa: S105 - a session key name, not a secret
BACKUP_CODE_COUNT = 10


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(user: User) -> bool:
    return requires_second_factor(user) or has_device(user)


def needed(user: User, session) -> bool:
    """Must this user give a code in this session? The roles are read now, every request."""
    if requires_second_factor(user):
        return True
    if DEVICE not in session:
        session[DEVICE] = has_device(user)
    return bool(session[DEVICE])


def new_secret() -> str:
    """A random TOTP secret as hex (TOTPDevice.key format), 20 bytes as RFC 4226 recommends."""
    return secrets.token_hex(20)


def secret_base32(hex_key: str) -> str:
    return base64.b32encode(bytes.fromhex(hex_key)).decode("ascii").rstrip("=")


def provisioning_uri(*, user: User, hex_key: str) -> str:
    issuer = settings.OTP_TOTP_ISSUER
    label = quote(f"{issuer}:{user.username}")
    return f"otpauth://totp/{label}?secret={secret_base32(hex_key)}&issuer={quote(issuer)}&digits=6&period=30"


def qr_svg(uri: str, *, title: str) -> str:
    """The QR code as inline SVG markup, made here: the secret never leaves the server."""
    return segno.make(uri, error="m").svg_inline(scale=5, title=title, dark="#000", light="#fff")


def token_matches(hex_key: str, token: str) -> bool:
    """Check a code against a secret that is not stored yet (enrolment), allowing one step of drift."""
    token = (token or "").strip().replace(" ", "")
    if not token.isdigit():
        return False
    totp = TOTP(bytes.fromhex(hex_key), step=30, digits=6)
    totp.time = time.time()
    return totp.verify(int(token), tolerance=1)


def _new_backup_codes(device: StaticDevice) -> list[str]:
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def device_enrol(*, user: User, hex_key: str) -> list[str]:
    """Store the confirmed TOTP device (replacing an older one) and fresh backup codes."""
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name="authenticator", key=hex_key, confirmed=True)
    static, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "backup", "confirmed": True})
    from core.hooks import on_security_event

    on_security_event(user=user, what="2fa.enrolled")
    return _new_backup_codes(static)


@transaction.atomic
def backup_codes_renew(*, user: User) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "backup", "confirmed": True})
    from core.hooks import on_security_event

    on_security_event(user=user, what="2fa.backup_codes_renewed")
    return _new_backup_codes(static)


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def token_verify(*, user: User, token: str) -> str | None:
    """Check a code from the app or a backup code. Returns "totp", "backup" or None.

    Backup codes are single use. Only with VANGNET_ENV=development the printed demo backup code
    stays valid, so a reviewer can sign in again and again (see core/demo_accounts.py).
    """
    token = (token or "").strip().replace(" ", "")
    if not token:
        return None
    for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
        if device.verify_token(token):  # throttles repeated failures itself
            return "totp"
    for device in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
        if device.verify_token(token):
            from core.demo_accounts import DEMO_BACKUP_CODE

            if settings.VANGNET_ENV == "development" and token == DEMO_BACKUP_CODE:
                device.token_set.create(token=token)
            return "backup"
    return None
