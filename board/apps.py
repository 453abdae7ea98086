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

        # label -> (the section's title in the access request, the path to the row's network)
        rows = {
            "board.TaskSignup": (_("Tasks you signed up for on the group board"), "network_id"),
            "board.Intention": (_("Whether you said on the group board that you would come"), "network_id"),
            "board.IdeaSupport": (_("Ideas you joined on the group board"), "idea__network_id"),
        }
        for label, (title, network_path) in rows.items():
            register(
                PersonalData(
                    label,
                    title=title,
                    participant_path="participant_id",
                    permission="practice.view",
                    network_path=network_path,
                    erase_fields=(),
                    delete_on_erasure=True,
                    track_history=False,
                )
            )
        register(
            PersonalData(
                "board.Idea",
                title=_("Ideas you proposed on the group board"),
                participant_path="proposed_by_id",
                permission="practice.view",
                network_path="network_id",
                erase_fields=("text",),
                delete_on_erasure=True,
                track_history=False,
            )
        )
        register(
            PersonalData(
                "board.BoardLink",
                title=_("Your personal link to the group board"),
                participant_path="participant_id",
                permission="practice.view",
                network_path="board__network_id",
                erase_fields=(),
                delete_on_erasure=True,
                track_history=False,
                hidden_fields=("token_hash",),
            )
        )
