"""The privacy part of the demo: two-step verification for demo accounts whose role requires it."""

import base64

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import requires_second_factor
from core.demo_accounts import DEMO_BACKUP_CODE, DEMO_TOTP_SECRET


def build(ctx) -> None:
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    for user in ctx.users.values():
        if not requires_second_factor(user):
            continue
        TOTPDevice.objects.create(user=user, name="demo", key=key, confirmed=True)
        static = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
        StaticToken.objects.create(device=static, token=DEMO_BACKUP_CODE)
