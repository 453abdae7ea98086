from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Downloads")

    def ready(self) -> None:
        from core.registry import NAVIGATION
        from jobs import kinds  # noqa: F401  (registers the long downloads)
        from privacy.registry import register_erasure_hook

        NAVIGATION.append(("jobs.view", "jobs:list", _("My downloads")))
        # A stored file goes when anyone in it is erased (privacy.erasure calls this in its transaction).
        from jobs.services import files_erase_participant

        register_erasure_hook(files_erase_participant)
        # No model here refers to a participant by foreign key: stored files record the ids they
        # contain (JobParticipant) only to remove the file at erasure.
