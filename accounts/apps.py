from django.apps import AppConfig
from django.core import checks


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        checks.register(proxy_trust_check, checks.Tags.security, deploy=True)


def proxy_trust_check(app_configs=None, **kwargs):
    """Behind a TLS proxy (TRUST_X_FORWARDED_PROTO) every request comes from the proxy's address:
    without TRUSTED_PROXIES one person's wrong passwords would lock everyone out (bin/serve runs
    `check --deploy --fail-level WARNING`, so it does not start like that)."""
    from django.conf import settings

    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.TRUSTED_PROXIES:
        return [
            checks.Warning(
                "TRUST_X_FORWARDED_PROTO is set (behind a proxy) but TRUSTED_PROXIES is empty: every "
                "client would have the proxy's address and login throttling would lock out everyone.",
                hint="Set TRUSTED_PROXIES to the proxy's address, e.g. 127.0.0.1 (docs/security.md).",
                id="vangnet.W001",
            )
        ]
    return []
