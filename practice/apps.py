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
        self._register_personal_data()
        self._register_person_record()
        from practice import research

        research.register()  # the research export's attendance and contribution tables

    @staticmethod
    def _register_person_record() -> None:
        """The participant page's history, the merge page's counts and the merge's steps (people.hooks)."""
        from people import hooks
        from practice import selectors, services

        hooks.implement("participant_history", selectors.participant_history)
        hooks.implement("activity_counts", selectors.activity_counts)
        hooks.implement("logbook_counts", selectors.logbook_counts)
        hooks.implement("shared_sessions", selectors.shared_sessions)
        hooks.implement("merge_route", services.merge_followups)
        hooks.implement("merge_attendance", services.merge_attendance)

    @staticmethod
    def _register_personal_data() -> None:
        """Rows about a participant, for access requests, erasure and retention (privacy app)."""
        from privacy.registry import PersonalData, register

        register(
            PersonalData(
                "practice.Attendance",
                title=_("When you were there"),
                participant_path="participant_id",
                erase_fields=("reason",),
                permission="practice.view",
                network_path="session__network_id",
            )
        )
        register(
            PersonalData(
                "practice.Contribution",
                title=_("What you contributed to a session"),
                participant_path="attendance__participant_id",
                erase_fields=("text",),
                permission="practice.view",
                network_path="attendance__session__network_id",
            )
        )
        register(
            PersonalData(
                "practice.FollowUp",
                title=_("When we got in touch after you were absent"),
                participant_path="participation__participant_id",
                erase_fields=("outcome_note",),
                permission="followup.record",
                network_path="network_id",
            )
        )
        register(
            PersonalData(
                "practice.FollowUpAction",
                title=_("What we did to get in touch"),
                participant_path="followup__participation__participant_id",
                erase_fields=("note",),
                permission="followup.record",
                network_path="followup__network_id",
            )
        )
        # Logbook entries name the participants involved (many-to-many): an access request lists
        # the entries that mention the person, erasure unlinks them (and the mention sweep removes
        # their name from the text). No field history: an entry belongs to no single participant,
        # so erasure could not find and redact old texts in it.
        register(
            PersonalData(
                "practice.LogEntry",
                title=_("Logbook entries that mention you"),
                participant_path="participants",
                track_history=False,
                permission="logbook.view",
                network_path="network_id",
            )
        )
