from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "practice"

    def ready(self) -> None:
        from core.registry import HOME_SECTIONS, NETWORK_TABS
        from practice.selectors import home_section

        NETWORK_TABS.extend(
            [
                ("practice.view", "practice:network", _("Activities")),
                ("logbook.view", "practice:logbook", _("Logbook")),
                ("practice.view", "practice:rules", _("House rules")),
                ("followup.record", "practice:followups", _("Follow-up")),
                ("dashboard.view", "practice:dashboard", _("Dashboard")),
            ]
        )
        HOME_SECTIONS.append(home_section)
