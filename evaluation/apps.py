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

        # Which rounds a user reaches, for the access layer (access.scoped_rows).
        from evaluation import access

        access.register()
        from evaluation import research

        research.register()  # the research export's questionnaire scores

        # A person's interviews on the merge page and in merging two records (people.hooks).
        from evaluation import selectors, services
        from people import hooks

        hooks.implement("interview_counts", selectors.interview_counts)
        hooks.implement("merge_problems", services.merge_problems)
        hooks.implement("merge_interviews", services.merge_interviews)

        # The interview scores per network, kept under the network's stamp for the process evaluation.
        from jobs.registry import register_housekeeping

        selectors.watch_score_sources()
        register_housekeeping(selectors.keep_scores_current)

        # Where this app keeps personal data, for access requests, erasure and retention (privacy app).
        from privacy.registry import PersonalData, register

        # Who was interviewed, when: readable where the round is; answers, reports and quotes only by
        # those who may read the report (the evaluation stays independent of the network's workers).
        register(
            PersonalData(
                "evaluation.Interview",
                title=_("Evaluation interviews"),
                participant_path="participant_id",
                erase_fields=(),
                permission="evaluation.round.view",
                round_path="round_id",
            )
        )
        register(
            PersonalData(
                "evaluation.Answer",
                title=_("Your answers in evaluation interviews"),
                participant_path="interview__participant_id",
                erase_fields=("text",),
                permission="evaluation.report.view",
                round_path="interview__round_id",
            )
        )
        register(
            PersonalData(
                "evaluation.Report",
                title=_("Interview reports"),
                participant_path="interview__participant_id",
                erase_fields=("text", "amendment"),
                permission="evaluation.report.view",
                round_path="interview__round_id",
            )
        )
        # Earlier versions and quotes exist only because of the person: gone with them.
        register(
            PersonalData(
                "evaluation.ReportVersion",
                title=_("Earlier versions of interview reports"),
                participant_path="report__interview__participant_id",
                delete_on_erasure=True,
                track_history=False,
                permission="evaluation.report.view",
                round_path="report__interview__round_id",
            )
        )
        register(
            PersonalData(
                "evaluation.Highlight",
                title=_("Passages marked in your interview reports"),
                participant_path="interview__participant_id",
                delete_on_erasure=True,
                track_history=False,
                permission="evaluation.report.view",
                round_path="interview__round_id",
            )
        )
