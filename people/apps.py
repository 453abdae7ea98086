from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"

    def ready(self) -> None:
        from core.registry import NETWORK_TABS

        # The partners a network works with and its contact moments (the exploration phase and later).
        NETWORK_TABS.append(("partner.contact", "people:network_partners", _("Partners")))
