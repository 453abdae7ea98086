from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"

    def ready(self) -> None:
        from core.registry import HOME_SECTIONS, NAVIGATION, NETWORK_SECTIONS, NETWORK_TABS
        from quality.selectors import home_section, network_section

        NAVIGATION.append(("quality.process", "quality:process", _("Process evaluation")))
        NETWORK_TABS.append(("quality.view", "quality:network", _("Quality")))
        HOME_SECTIONS.append(home_section)
        NETWORK_SECTIONS.append(network_section)
