from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"

    def ready(self) -> None:
        from core.registry import HOME_SECTIONS, NAVIGATION, NETWORK_TABS
        from planning.selectors import home_section

        NETWORK_TABS.append(("planning.view", "planning:hours", _("Planning")))
        NAVIGATION.append(("planning.overview", "planning:organisation", _("Planning")))
        HOME_SECTIONS.append(home_section)
        # No model here refers to a participant: nothing to register in privacy.registry.
