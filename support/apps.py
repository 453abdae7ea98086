from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from core.registry import NETWORK_TABS

        NETWORK_TABS.append(("support.view", "support:network", _("Support")))
