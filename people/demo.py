import datetime as dt

from people.models import ContactKind, DropoutReason, InvitedVia, PartnerKind, ReferralTarget, Stage
from people.services import (
    participant_register,
    partner_contact_follow_up_done,
    partner_contact_record,
    partner_create,
    partner_link,
    route_record,
)

FIRST_NAMES = [
    "Anne",
    "Janneke",
    "Kees",
    "Fatima",
    "Henk",
    "Marja",
    "Youssef",
    "Ria",
    "Piet",
    "Ans",
    "Dirk",
    "Gerda",
    "Ahmed",
    "Wil",
    "Corrie",
    "Sandra",
    "Bram",
    "Truus",
    "Nel",
    "Hassan",
    "Els",
    "Jan",
    "Mieke",
    "Sevda",
    "Theo",
    "Joop",
    "Loes",
    "Karim",
    "Ineke",
    "Frans",
    "Yvonne",
    "Rob",
    "Hennie",
    "Tineke",
    "Mustafa",
    "Greet",
    "Wim",
    "Annie",
    "Kevin",
    "Dewi",
    "Lotte",
    "Gijs",
    "Zeynep",
    "Bep",
    "Ton",
    "Marianne",
    "Stefan",
    "Nadia",
    "Cor",
    "Sjaak",
    "Ingrid",
    "Rashid",
    "Toos",
    "Erik",
    "Hanneke",
    "Abdel",
    "Miep",
    "Ruud",
    "Nora",
    "Jolanda",
    "Koos",
    "Leila",
]
TALENTS = [
    "Kan heel goed soep maken",
    "Handig met naald en draad",
    "Weet alles van planten",
    "Goed met computers",
    "Vertelt graag verhalen",
    "Kan goed luisteren",
    "Was vroeger kok",
    "Maakt mooie kaarten",
    "Repareert fietsen",
    "Zingt in een koor",
    "Goed met kinderen",
    "Kan goed organiseren",
]
WISHES = [
    "Meer mensen leren kennen in de buurt",
    "Iets nuttigs doen voor anderen",
    "Leren breien",
    "Samen eten in plaats van alleen",
    "Weer eens naar buiten",
    "Nederlands oefenen",
    "Een vaste plek hebben",
]
LIKES = [
    "Boodschappen doen",
    "Koken",
    "Afwassen",
    "Mensen welkom heten",
    "Tafels dekken",
    "Pakketten inpakken",
]


def build(ctx) -> None:
    org, rng, today = ctx.organisation, ctx.rng, ctx.today
    for key, name, kind in [
        ("poh", "Huisartsenpraktijk Amstelveld (POH-GGZ)", PartnerKind.POH_GGZ),
        ("wijkteam", "Wijkteam Oost", PartnerKind.NEIGHBOURHOOD_TEAM),
        ("maatjes", "Maatjesproject Samen", PartnerKind.BUDDY),
        ("zorg", "GGZ Amstelland", PartnerKind.CARE),
        ("dagbesteding", "Dagbesteding De Werkplaats", PartnerKind.CARE),
        ("gemeente", "Gemeente Amstelveld, team Meedoen", PartnerKind.MUNICIPALITY),
    ]:
        ctx.partners[key] = partner_create(organisation=org, name=name, kind=kind)
    names = iter(FIRST_NAMES)
    plan = {"soup": 30, "crafts": 20, "toys": 9}
    for key, count in plan.items():
        network = ctx.networks[key]
        ctx.participants[key] = []
        actor = network.assignments.get(role="lead").user
        life = (today - network.start_date).days
        for i in range(count):
            name = next(names)
            # Early members came in the first months; later ones spread over the network's life.
            offset = rng.randint(0, max(1, life // 4)) if i < count // 3 else rng.randint(0, max(1, life - 1))
            start = network.start_date + dt.timedelta(days=offset)
            via = rng.choice(
                [
                    InvitedVia.WORKER,
                    InvitedVia.WORKER,
                    InvitedVia.MEMBER,
                    InvitedVia.PARTNER,
                    InvitedVia.WALK_IN,
                ]
            )
            partner = (
                ctx.partners[rng.choice(["poh", "wijkteam", "maatjes", "zorg"])]
                if via == InvitedVia.PARTNER
                else None
            )
            earlier = ctx.participants[key]
            profile = {
                "talents": rng.choice(TALENTS) if rng.random() < 0.7 else "",
                "wishes": rng.choice(WISHES) if rng.random() < 0.6 else "",
                "likes_to_do": rng.choice(LIKES) if rng.random() < 0.5 else "",
                "invited_via": via,
                "invited_by_partner": partner,
                "invited_by_participant": rng.choice(earlier)
                if via == InvitedVia.MEMBER and earlier
                else None,
                "birth_year": rng.randint(1945, 1998) if rng.random() < 0.8 else None,
            }
            invited_first = via != InvitedVia.WALK_IN and rng.random() < 0.6
            person = participant_register(
                actor=actor,
                network=network,
                name=name,
                date=start,
                stage=Stage.INVITED if invited_first else Stage.FIRST_VISIT,
                partner=partner,
                **profile,
            )
            ctx.participants[key].append(person)
            participation = person.participations.get(network=network)
            _walk_route(ctx, actor, participation, start, invited_first)
    _partners_at_work(ctx)


def _partners_at_work(ctx) -> None:
    """Partners linked to the networks and contact moments, most of them in the Speelgoedpunt's exploration.

    Deterministic (no random numbers), so the rest of the demo stays as it was.
    """
    today = ctx.today
    links = {
        "soup": ["wijkteam", "poh", "zorg", "dagbesteding"],
        "crafts": ["wijkteam", "maatjes"],
        "toys": ["wijkteam", "gemeente", "maatjes"],
    }
    for key, partners in links.items():
        for partner in partners:
            partner_link(partner=ctx.partners[partner], network=ctx.networks[key])
    wijkteam = ctx.partners["wijkteam"]
    wijkteam.neighbourhood, wijkteam.contact = "Oost", "Ria Bakker (wijkcoach), 020-555 12 34"
    wijkteam.save(update_fields=["neighbourhood", "contact"])
    toys, soup = ctx.networks["toys"], ctx.networks["soup"]
    lead = {key: ctx.networks[key].assignments.get(role="lead").user for key in ("toys", "soup")}
    day = dt.timedelta(days=1)
    first = partner_contact_record(
        actor=lead["toys"],
        partner=wijkteam,
        network=toys,
        date=today - 45 * day,
        kind=ContactKind.FIRST,
        with_whom="Ria Bakker",
        summary="Het Speelgoedpunt uitgelegd. Het wijkteam kent gezinnen die speelgoed "
        "nodig hebben en bewoners die graag iets willen doen.",
        follow_up="Flyer sturen voor het wijkteamoverleg",
        follow_up_on=today - 38 * day,
    )
    partner_contact_follow_up_done(contact=first, done_on=today - 40 * day)
    partner_contact_record(
        actor=lead["toys"],
        partner=ctx.partners["gemeente"],
        network=toys,
        date=today - 30 * day,
        kind=ContactKind.MEETING,
        with_whom="team Meedoen",
        summary="Ruimte in De Linde en een bijdrage voor de eerste activiteit besproken.",
        follow_up="Huur van de ruimte vastleggen",
        follow_up_on=today + 7 * day,
    )
    partner_contact_record(
        actor=lead["toys"],
        partner=ctx.partners["maatjes"],
        network=toys,
        date=today - 12 * day,
        kind=ContactKind.FIRST,
        with_whom="coördinator maatjesproject",
        summary="Twee maatjes willen met hun maatje naar de eerste speelgoedochtend komen.",
        follow_up="Terugbellen na de eerste speelgoedochtend",
        follow_up_on=today - 2 * day,
    )
    partner_contact_record(
        actor=lead["soup"],
        partner=ctx.partners["dagbesteding"],
        network=soup,
        date=today - 20 * day,
        kind=ContactKind.REFERRAL,
        with_whom="begeleider De Werkplaats",
        summary="Gesproken over iemand die meer structuur zoekt dan de groep biedt; een kennismaking gepland.",
    )


def _walk_route(ctx, actor, participation, start: dt.date, invited_first: bool) -> None:
    rng, today = ctx.rng, ctx.today

    def step(stage, when, **kw) -> bool:
        if when > today or when < participation.stage_since:
            return False
        route_record(actor=actor, participation=participation, stage=stage, date=when, **kw)
        participation.refresh_from_db()
        return True

    day = start
    if invited_first:
        if rng.random() < 0.15:
            return  # invited, not (yet) come
        day += dt.timedelta(days=rng.randint(3, 21))
        if not step(Stage.FIRST_VISIT, day):
            return
    day += dt.timedelta(days=7)
    if not step(Stage.SETTLING_IN, day):
        return
    fate = rng.random()
    if fate < 0.55:
        step(Stage.STRUCTURAL, day + dt.timedelta(days=91))
    elif fate < 0.8:
        left = day + dt.timedelta(days=rng.randint(14, 120))
        reason = rng.choice([r for r in DropoutReason.values if r != DropoutReason.DECEASED])
        if step(Stage.DROPPED_OUT, left, dropout_reason=reason) and rng.random() < 0.4:
            back = left + dt.timedelta(days=rng.randint(30, 150))
            if step(Stage.RETURNED, back, note="Kwam zelf weer binnenlopen."):
                step(Stage.STRUCTURAL, back + dt.timedelta(days=91))
    elif fate < 0.92:
        target = rng.choice(ReferralTarget.values)
        partner = ctx.partners["dagbesteding"] if target == ReferralTarget.DAY_CARE else None
        step(
            Stage.REFERRED,
            day + dt.timedelta(days=rng.randint(30, 200)),
            referral_target=target,
            partner=partner,
        )
    else:
        step(Stage.STRUCTURAL, day + dt.timedelta(days=91))
        step(
            Stage.MOVED_ON, day + dt.timedelta(days=rng.randint(200, 400)), note="Doet nu vrijwilligerswerk."
        )
