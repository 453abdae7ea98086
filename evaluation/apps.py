from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"

    def ready(self) -> None:
        from core.registry import NAVIGATION, NETWORK_TABS

        NAVIGATION.append(("evaluation.view", "evaluation:index", _("Evaluation")))
        NETWORK_TABS.append(("evaluation.round.view", "evaluation:network", _("Evaluation")))
