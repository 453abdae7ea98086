from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"

    def ready(self) -> None:
        from core.registry import NETWORK_TABS

        NETWORK_TABS.append(("import.run", "imports:start", _("Import")))
        # Drafts and expired undo data go with the jobs worker's housekeeping (docs/deployment.md).
        from imports.services import imports_expire
        from jobs.registry import register_housekeeping

        register_housekeeping(imports_expire)
        from imports import jobs

        jobs.register_kind()
