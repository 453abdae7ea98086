from core.demo import DEMO_PASSWORD

# (role, username, note) — kept in one place so the start script and the README agree.
DEMO_ACCOUNTS = [
    ("sociaal werker", "sanne", "leidt Soepgroep De Kroon en Creaclub Het Anker"),
    ("sociaal werker", "mohammed", "achterwacht Soepgroep, leidt Speelgoedpunt De Linde"),
    ("coördinator", "ingrid", "ziet alle vangnetwerken"),
    ("evaluator", "evi", "voert evaluatiegesprekken"),
    ("onderzoeker", "ruben", "gepseudonimiseerde gegevens"),
    ("organisatiebeheerder", "beheer", "accounts en rollen"),
    ("functionaris gegevensbescherming", "femke", "volledige inzageverzoeken"),
]

# Demo accounts whose role requires two-step verification get a TOTP device with this FIXED secret
# (base32, add it to any authenticator app) and this backup code. Only with VANGNET_ENV=development
# does the backup code stay valid after use (accounts/twofactor.token_verify); elsewhere it works once.
# Never use these outside the demo.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - public demo secret on purpose  # nosec B105
DEMO_BACKUP_CODE = "20261125"  # noqa: S105 - public demo code on purpose

__all__ = ["DEMO_ACCOUNTS", "DEMO_BACKUP_CODE", "DEMO_PASSWORD", "DEMO_TOTP_SECRET"]
