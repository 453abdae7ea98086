from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"

    def ready(self) -> None:
        from core.registry import NAVIGATION, NETWORK_TABS

        NETWORK_TABS.append(("planning.view", "planning:hours", _("Planning")))
        NAVIGATION.append(("planning.overview", "planning:organisation", _("Planning")))
        # The growth forecast's prompt (15 unlikely by the end of the build-up) is a signal of the
        # needs-attention view (quality.attention), not a block of its own.
        # No model here refers to a participant: nothing to register in privacy.registry.
