"""The evaluation app's tables in the research export (privacy/research.py), registered in its ready()."""

from django.utils.translation import gettext_lazy as _


def _questionnaire_scores(ctx):
    """Scale answers. The question is named by its questionnaire and code (no internal ids)."""
    from evaluation.models import Answer

    ids = ctx.participant_ids
    rows = [
        (ctx.pseudonym(pid), ctx.network(nid), template, code, ctx.month(held_on), now, before)
        for pid, nid, template, code, held_on, now, before in Answer.objects.filter(
            interview__round__organisation_id=ctx.study.organisation_id, question__kind="scale"
        ).values_list(
            "interview__participant_id",
            "interview__round__network_id",
            "question__template__name",
            "question__code",
            "interview__held_on",
            "now",
            "before",
        )
        if pid in ids
    ]
    rows.sort(key=lambda r: (r[0], r[4], r[2], r[3]))
    return ["participant", "network", "questionnaire", "question", "month", "now", "a_year_ago"], rows


def register() -> None:
    from privacy.research import register_table

    register_table("questionnaire_scores", _("Questionnaire scores"), _questionnaire_scores)
