"""The privacy part of the demo: two-step verification for the demo accounts that need it,
consent for the demo participants, a few points of attention and a research study."""

import base64

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import requires_second_factor
from core.demo_accounts import DEMO_BACKUP_CODE, DEMO_TOTP_SECRET
from privacy import services
from privacy.actor import acting_as
from privacy.models import Consent, ConsentScope

ATTENTION = [
    "Komt liever als het rustig is; even bellen de dag ervoor helpt.",
    "Zit graag dicht bij de deur.",
    "Vindt het fijn om een taak te hebben bij binnenkomst.",
]


def _two_step(ctx) -> None:
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    for user in ctx.users.values():
        if not requires_second_factor(user):
            continue
        TOTPDevice.objects.create(user=user, name="demo", key=key, confirmed=True)
        static = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
        StaticToken.objects.create(device=static, token=DEMO_BACKUP_CODE)


def _consent(ctx) -> None:
    rng = ctx.rng
    rows = []
    for network_key, people in ctx.participants.items():
        for person in people:
            rows.append(
                Consent(participant=person, scope=ConsentScope.REGISTRATION, given=True, date=ctx.today)
            )
            if rng.random() < 0.7:
                rows.append(
                    Consent(participant=person, scope=ConsentScope.FIRST_NAME, given=True, date=ctx.today)
                )
            if rng.random() < 0.5:
                rows.append(
                    Consent(participant=person, scope=ConsentScope.RESEARCH, given=True, date=ctx.today)
                )
            if network_key == "soup" and rng.random() < 0.6:
                rows.append(
                    Consent(participant=person, scope=ConsentScope.EVALUATION, given=True, date=ctx.today)
                )
    # The evaluation demo's interviews already recorded their consent (through the services): keep it.
    recorded = set(Consent.objects.values_list("participant_id", "scope"))
    rows = [row for row in rows if (row.participant_id, row.scope) not in recorded]
    # bulk: the demo's own consent history is not interesting; real consent goes through services.
    Consent.objects.bulk_create(rows)
    worker = ctx.users.get("sanne")
    soup = ctx.participants.get("soup", [])[:3]
    with acting_as(worker):
        for person, text in zip(soup, ATTENTION, strict=False):
            services.consent_set(
                actor=worker, participant=person, scope=ConsentScope.POINTS_OF_ATTENTION, given=True
            )
            services.attention_add(actor=worker, participant=person, text=text)


def build(ctx) -> None:
    _two_step(ctx)
    _consent(ctx)
    researcher = ctx.users.get("ruben")
    if researcher is not None:
        services.study_create(actor=researcher, name="Eenzaamheid en steun 2026")
