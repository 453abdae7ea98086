from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Downloads")

    def ready(self) -> None:
        from core.registry import NAVIGATION
        from jobs import kinds  # noqa: F401  (registers the long downloads)

        NAVIGATION.append(("jobs.view", "jobs:list", _("My downloads")))
        # A stored file goes when anyone in it is erased: the privacy app registers
        # jobs.services.files_erase_participant as an erasure hook (privacy/apps.py).
        # No model here refers to a participant by foreign key: stored files record the ids they
        # contain (JobParticipant) only to remove the file at erasure.
