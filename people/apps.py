from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"

    def ready(self) -> None:
        from core.registry import NETWORK_TABS
        from people import access

        access.register()  # which participants a user reaches (accounts.access.participants_for)

        # The partners a network works with and its contact moments (the exploration phase and later).
        NETWORK_TABS.append(("partner.contact", "people:network_partners", _("Partners")))
