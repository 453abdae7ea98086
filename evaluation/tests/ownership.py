"""Organisation B's evaluation objects for core/tests/test_ownership.py (and privacy's web tests,
which call every case in one test, so building them twice must reuse what is there)."""


def _b(world):
    from accounts.models import Role, User
    from accounts.services import user_invite
    from evaluation.models import EvaluationRound, Highlight, Interview, Theme
    from evaluation.services import theme_create
    from evaluation.tests.conftest import held_interview, make_round

    org, network, person = world.other_org, world.other_network, world.olga
    username = f"ownership_eval_{org.pk}"
    evaluator = User.objects.filter(username=username).first() or user_invite(
        actor=None,
        organisation=org,
        username=username,
        email=f"{username}@example.org",
        first_name="Eva",
        roles=[Role.EVALUATOR],
        password="correct-horse-battery",
    )
    evaluation_round = EvaluationRound.objects.filter(
        network=network, name="Ownership"
    ).first() or make_round(network=network, evaluator=evaluator, name="Ownership")
    interview = Interview.objects.filter(
        round=evaluation_round, participant=person
    ).first() or held_interview(evaluation_round=evaluation_round, participant=person, evaluator=evaluator)
    theme = Theme.objects.filter(organisation=org, name="Ownership").first() or theme_create(
        organisation=org, name="Ownership"
    )
    highlight = Highlight.objects.filter(interview=interview).first()
    if highlight is None:
        highlight = Highlight.objects.create(organisation=org, interview=interview, passage="welkom")
        highlight.themes.set([theme])
    return evaluation_round, interview, theme, highlight


CASES = {
    "evaluation:network": lambda w: {"network_pk": w.other_network.pk},
    "evaluation:template": lambda w: {"pk": _b(w)[0].template_id},
    "evaluation:round": lambda w: {"pk": _b(w)[0].pk},
    "evaluation:round_edit": lambda w: {"pk": _b(w)[0].pk},
    "evaluation:round_analysis": lambda w: {"pk": _b(w)[0].pk},
    "evaluation:interview_start": lambda w: {"pk": _b(w)[0].pk, "participant_pk": w.olga.pk},
    "evaluation:interview": lambda w: {"pk": _b(w)[1].pk},
    "evaluation:report": lambda w: {"pk": _b(w)[1].pk},
    "evaluation:report_print": lambda w: {"pk": _b(w)[1].pk},
    "evaluation:highlight_create": lambda w: {"pk": _b(w)[1].pk},
    "evaluation:highlight_delete": lambda w: {"pk": _b(w)[3].pk},
    "evaluation:theme_edit": lambda w: {"pk": _b(w)[2].pk},
}
