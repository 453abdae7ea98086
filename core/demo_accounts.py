from core.demo import DEMO_PASSWORD

# (role, username, note) — kept in one place so the start script and the README agree.
DEMO_ACCOUNTS = [
    ("sociaal werker", "sanne", "leidt Soepgroep De Kroon en Creaclub Het Anker"),
    ("sociaal werker", "mohammed", "achterwacht Soepgroep, leidt Speelgoedpunt De Linde"),
    ("coördinator", "ingrid", "ziet alle vangnetwerken"),
    ("evaluator", "evi", "voert evaluatiegesprekken"),
    ("onderzoeker", "ruben", "gepseudonimiseerde gegevens"),
    ("organisatiebeheerder", "beheer", "accounts en rollen"),
]

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD"]
