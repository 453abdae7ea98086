from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"

    def ready(self) -> None:
        from core.registry import NETWORK_TABS
        from networks import participants
        from people import access, selectors

        access.register()  # which participants a user reaches (accounts.access.participants_for)
        # The participant counts on the networks' cards and page.
        participants.implement("participant_counts", selectors.participant_counts)
        participants.implement("participants_by_stage", selectors.participants_by_stage)

        # The partners a network works with and its contact moments (the exploration phase and later).
        NETWORK_TABS.append(("partner.contact", "people:network_partners", _("Partners")))
