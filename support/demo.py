"""Support observations for the demo networks, through the real service.

The picture the intervention predicts: during exploration and build-up a few one-way ties inside
the group's hours (mostly practical and companionship); from the deepening phase on more support,
more of it returned, more emotional support and contacts outside the opening hours. Only people
who were in the group on the day (by their route events) give or receive.
"""

import datetime as dt

from networks.models import Phase
from people.models import ACTIVE_STAGES
from support.models import SupportKind
from support.selectors import network_members, stage_on
from support.services import observation_record

NOTES = {
    SupportKind.PRACTICAL: [
        "Boodschappen gedaan",
        "Naar het ziekenhuis gebracht",
        "Samen de fiets gerepareerd",
        "Geholpen met een brief van de gemeente",
        "Soep langsgebracht",
    ],
    SupportKind.EMOTIONAL: [
        "Luisterend oor na slecht nieuws",
        "Gebeld toen ze ziek was",
        "Even bijgepraat na een moeilijke week",
    ],
    SupportKind.COMPANIONSHIP: ["Samen koffie gedronken", "Samen naar de markt", "Samen gewandeld"],
}

# network key -> (observations per week before deepening, after deepening)
RATES = {"soup": (0.6, 3.0), "crafts": (0.25, 0.25), "toys": (0.3, 0.3)}


def build(ctx) -> None:
    for key, (early_rate, deep_rate) in RATES.items():
        network = ctx.networks.get(key)
        if network is not None:
            _build_network(ctx, network, early_rate, deep_rate)


def _build_network(ctx, network, early_rate: float, deep_rate: float) -> None:
    rng, today = ctx.rng, ctx.today
    actor = network.assignments.get(role="lead").user
    members = network_members(network)
    deepening = network.phase_changes.filter(phase=Phase.DEEPENING).values_list("date", flat=True).first()
    # Everyone has a few people they get on with; support mostly flows between them.
    buddies = {
        m.participant.pk: rng.sample(
            [o.participant for o in members if o is not m], k=min(3, len(members) - 1)
        )
        for m in members
    }
    given: list[tuple] = []  # (giver, receiver) so far, to return help later
    day = network.start_date + dt.timedelta(days=14)
    while day < today:
        active = [m.participant for m in members if stage_on(m.events, day) in ACTIVE_STAGES]
        deep = deepening is not None and day >= deepening
        months_deep = (day - deepening).days / 30 if deep else 0
        rate = deep_rate if deep else early_rate
        count = int(rate) + (rng.random() < rate - int(rate))
        if len(active) >= 3:
            for _ in range(count):
                _one(ctx, network, actor, day, active, buddies, given, deep, months_deep)
        day += dt.timedelta(days=7)


def _one(ctx, network, actor, day, active, buddies, given, deep: bool, months_deep: float) -> None:
    rng = ctx.rng
    ids = {p.pk for p in active}
    returnable = [(g, r) for g, r in given[-40:] if g.pk in ids and r.pk in ids]
    # Returned help grows through the deepening phase.
    if deep and returnable and rng.random() < min(0.65, 0.25 + 0.05 * months_deep):
        helper, receiver = rng.choice(returnable)
        giver, receivers = receiver, [helper]
    else:
        giver = rng.choice(active)
        near = [b for b in buddies[giver.pk] if b.pk in ids] or [p for p in active if p.pk != giver.pk]
        receivers = [rng.choice(near)]
    if deep:
        kind = rng.choice(
            [
                SupportKind.EMOTIONAL,
                SupportKind.EMOTIONAL,
                SupportKind.PRACTICAL,
                SupportKind.COMPANIONSHIP,
                SupportKind.COMPANIONSHIP,
            ]
        )
    else:
        kind = rng.choice([SupportKind.PRACTICAL, SupportKind.PRACTICAL, SupportKind.COMPANIONSHIP])
    to_group = False
    if kind == SupportKind.PRACTICAL and rng.random() < 0.15:
        # Cooked for several people at once, or for the whole group.
        others = [p for p in active if p.pk != giver.pk]
        receivers = rng.sample(others, k=min(len(others), rng.randint(3, 4)))
        if rng.random() < 0.4:
            receivers, to_group = [], True
    outside = rng.random() < (min(0.5, 0.2 + 0.03 * months_deep) if deep else 0.03)
    observation_record(
        actor=actor,
        network=network,
        date=day,
        giver=giver,
        receivers=receivers,
        to_group=to_group,
        kind=kind,
        outside_hours=outside,
        note=rng.choice(NOTES[kind]) if rng.random() < 0.4 else "",
    )
    given.extend((giver, r) for r in receivers)
