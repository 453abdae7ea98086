from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    name = "board"
    verbose_name = _("Group board")

    def ready(self) -> None:
        from board.selectors import session_section
        from core.registry import NETWORK_TABS
        from practice.registry import SESSION_SECTIONS

        NETWORK_TABS.append(("practice.manage", "board:manage", _("Group board")))
        SESSION_SECTIONS.append(session_section)
        self._register_personal_data()

    @staticmethod
    def _register_personal_data() -> None:
        """What the board keeps about a person is deleted with them; the audit trail keeps the ids."""
        from privacy.registry import PersonalData, register

        for label in ("board.TaskSignup", "board.Intention", "board.IdeaSupport"):
            register(
                PersonalData(
                    label,
                    participant_path="participant_id",
                    erase_fields=(),
                    delete_on_erasure=True,
                    track_history=False,
                )
            )
        register(
            PersonalData(
                "board.Idea",
                participant_path="proposed_by_id",
                erase_fields=("text",),
                delete_on_erasure=True,
                track_history=False,
            )
        )
        register(
            PersonalData(
                "board.BoardLink",
                participant_path="participant_id",
                erase_fields=(),
                delete_on_erasure=True,
                track_history=False,
                hidden_fields=("token_hash",),
            )
        )
