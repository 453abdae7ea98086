from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"

    def ready(self) -> None:
        from core.registry import HOME_SECTIONS, NAVIGATION, NETWORK_TABS
        from evaluation.selectors import home_section

        NAVIGATION.append(("evaluation.view", "evaluation:index", _("Evaluation")))
        NETWORK_TABS.append(("evaluation.round.view", "evaluation:network", _("Evaluation")))
        HOME_SECTIONS.append(home_section)
