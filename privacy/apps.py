from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.utils.translation import gettext_lazy

        from core import hooks
        from privacy import audit, history
        from privacy.registry import PersonalData, register

        for name in (
            "on_access_denied",
            "on_roles_changed",
            "on_personal_data_viewed",
            "on_export",
            "on_security_event",
            "first_name_consent_ids",
            "on_record_changed",
        ):
            hooks.implement(name, getattr(audit, name))
        hooks.implement("history_snapshot", history.snapshot)
        hooks.implement("history_record_update", history.record_update)
        hooks.implement("history_record_objects", history.record_objects)
        hooks.implement("history_created", history.record_bulk_create)

        user_logged_in.connect(audit.logged_in, dispatch_uid="privacy-login")
        user_logged_out.connect(audit.logged_out, dispatch_uid="privacy-logout")
        user_login_failed.connect(audit.login_failed, dispatch_uid="privacy-login-failed")
        user_locked_out.connect(audit.locked_out, dispatch_uid="privacy-locked-out")

        # The foundation's personal data; other apps register theirs in their own ready().
        register(
            PersonalData(
                "people.Participant",
                title=gettext_lazy("Your details"),
                participant_path="id",
                erase_fields=(
                    "name",
                    "full_name",
                    "phone",
                    "email",
                    "address",
                    "talents",
                    "wishes",
                    "likes_to_do",
                ),
                replacements={"name": "—"},
                permission="participant.view",
            )
        )
        register(
            PersonalData(
                "people.Participation",
                title=gettext_lazy("The support networks you take part in"),
                participant_path="participant_id",
                erase_fields=(),
                permission="participant.view",
                network_path="network_id",
            )
        )
        register(
            PersonalData(
                "people.RouteEvent",
                title=gettext_lazy("Your steps on the route"),
                participant_path="participation__participant_id",
                permission="participant.view",
                network_path="participation__network_id",
            )
        )
        register(
            PersonalData(
                "privacy.Consent",
                title=gettext_lazy("What you agreed to"),
                participant_path="participant_id",
                erase_fields=(),
                permission="consent.view",
            )
        )
        # Points of attention: only the workers of the participant's networks read them.
        register(
            PersonalData(
                "privacy.PointOfAttention",
                title=gettext_lazy("Points of attention for the social workers"),
                participant_path="participant_id",
                delete_on_erasure=True,
                permission="attention.view",
            )
        )
        history.connect()

        # A person's consent on the merge page, and in merging two records the consent and the field
        # history of the removed record, with the audit (people.hooks).
        from people import hooks as people_hooks
        from privacy import selectors, services

        people_hooks.implement("consents", selectors.consents)
        people_hooks.implement("merge_consent", services.merge_consent)
        people_hooks.implement("merge_history", services.merge_history)

        # Stored downloads hold people without a foreign key: erasure removes the files they are in
        # (privacy.erasure calls this in its transaction). The research export is a long download.
        from jobs.services import files_erase_participant
        from privacy import downloads
        from privacy.registry import register_erasure_hook

        register_erasure_hook(files_erase_participant)
        downloads.register_kinds()

        from django.db.models.signals import pre_delete

        from privacy.guards import refuse_deleting_network_with_history

        pre_delete.connect(
            refuse_deleting_network_with_history, sender="networks.Network", dispatch_uid="privacy-net"
        )

        from django.utils.translation import gettext_lazy as _

        from core.registry import NAVIGATION

        NAVIGATION.append(("research.export", "privacy:studies", _("Research")))
        NAVIGATION.append(("audit.view", "privacy:file_log_index", _("File log")))
        NAVIGATION.append(("privacy.subject_access", "privacy:subject_access_index", _("Access requests")))
