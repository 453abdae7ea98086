import datetime as dt

from core.dates import add_months
from networks.models import AssignmentRole, Phase
from networks.services import network_assign, network_change_phase, network_create


def build(ctx) -> None:
    today, users, org = ctx.today, ctx.users, ctx.organisation
    coordinator = users["ingrid"]
    # A mature network: 26 months old, now a permanent provision.
    soup_start = add_months(today, -26)
    soup = network_create(
        actor=coordinator,
        organisation=org,
        name="Soepgroep De Kroon",
        start_date=soup_start,
        location=ctx.locations["kroon"],
        lead=users["sanne"],
        backup=users["mohammed"],
    )
    for phase, months, note in [
        (Phase.BUILDUP, 3, "Eerste soepmiddag met zes mensen; de groep wil elke dinsdag koken."),
        (Phase.DEEPENING, 13, "Stabiele kern van vijftien; deelnemers nemen nieuwkomers zelf mee."),
        (Phase.EVALUATION, 19, "Groepsgesprek over het eerste jaar gepland."),
        (Phase.PROVISION, 21, "De gemeente financiert de soepgroep als duurzame voorziening."),
    ]:
        network_change_phase(
            actor=coordinator, network=soup, phase=phase, date=add_months(soup_start, months), note=note
        )
    # Build-up, 12 months old; the exploration ran a month late.
    crafts_start = add_months(today, -12)
    crafts = network_create(
        actor=coordinator,
        organisation=org,
        name="Creaclub Het Anker",
        start_date=crafts_start,
        location=ctx.locations["anker"],
        lead=users["sanne"],
        backup=users["joke"],
    )
    network_change_phase(
        actor=coordinator,
        network=crafts,
        phase=Phase.BUILDUP,
        date=add_months(crafts_start, 4),
        note="Locatie gevonden in Het Anker; eerste creaclub met vier deelnemers.",
    )
    # Exploration, started seven weeks ago.
    toys = network_create(
        actor=coordinator,
        organisation=org,
        name="Speelgoedpunt De Linde",
        start_date=today - dt.timedelta(weeks=7),
        location=ctx.locations["linde"],
        lead=users["mohammed"],
    )
    network_assign(actor=coordinator, network=toys, user=users["joke"], role=AssignmentRole.BACKUP)
    ctx.networks.update({"soup": soup, "crafts": crafts, "toys": toys})
