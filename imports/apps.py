from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"

    def ready(self) -> None:
        from core.registry import NETWORK_TABS

        NETWORK_TABS.append(("import.run", "imports:start", _("Import")))
