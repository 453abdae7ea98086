from accounts.models import Role
from accounts.services import location_create, organisation_create, user_invite
from core.demo import DEMO_PASSWORD


def build(ctx) -> None:
    organisation, admin = organisation_create(
        name="Welzijn Amstelveld",
        slug="amstelveld",
        admin_username="beheer",
        admin_email="beheer@amstelveld.example",
        admin_password=DEMO_PASSWORD,
    )
    admin.first_name, admin.last_name = "Bart", "Beheer"
    admin.save(update_fields=["first_name", "last_name"])
    ctx.organisation = organisation
    ctx.users["admin"] = admin
    shared_hash = admin.password  # hashing (Argon2) is slow on purpose: do it once for the demo
    people = [
        ("sanne", "Sanne", "de Vries", [Role.WORKER]),
        ("mohammed", "Mohammed", "El Amrani", [Role.WORKER]),
        ("joke", "Joke", "Bakker", [Role.WORKER]),
        ("ingrid", "Ingrid", "Jansen", [Role.COORDINATOR]),
        ("evi", "Evi", "Meijer", [Role.EVALUATOR]),
        ("ruben", "Ruben", "Visser", [Role.RESEARCHER]),
        ("femke", "Femke", "de Graaf", [Role.PRIVACY_OFFICER]),
    ]
    for username, first, last, roles in people:
        ctx.users[username] = user_invite(
            actor=admin,
            organisation=organisation,
            username=username,
            email=f"{username}@amstelveld.example",
            first_name=first,
            last_name=last,
            roles=roles,
            password_hash=shared_hash,
        )
    ctx.locations["kroon"] = location_create(
        organisation=organisation,
        name="Buurthuis De Kroon",
        address="Kroonstraat 12, Amstelveld",
        offers="Grote keuken, zaal voor 30 mensen, tuin",
    )
    ctx.locations["anker"] = location_create(
        organisation=organisation,
        name="Wijkcentrum Het Anker",
        address="Ankerplein 3, Amstelveld",
        offers="Knutselruimte, computers, koffiecorner",
    )
    ctx.locations["linde"] = location_create(
        organisation=organisation,
        name="Ontmoetingscentrum De Linde",
        address="Lindelaan 40, Amstelveld",
        offers="Opslagruimte, kleine keuken, ruimte voor pakketten",
    )
