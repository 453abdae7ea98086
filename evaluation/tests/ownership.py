"""Organisation B's evaluation objects for core/tests/test_ownership.py."""


def _b(world):
    from accounts.models import Role
    from accounts.services import user_invite
    from evaluation.models import Highlight
    from evaluation.services import theme_create
    from evaluation.tests.conftest import held_interview, make_round

    evaluator = user_invite(
        actor=None, organisation=world.other_org, username="west_eval_o", email="o@west.example",
        first_name="West", roles=[Role.EVALUATOR], password="correct-horse-battery",
    )  # fmt: skip
    evaluation_round = make_round(network=world.other_network, evaluator=evaluator)
    interview = held_interview(evaluation_round=evaluation_round, participant=world.olga, evaluator=evaluator)
    theme = theme_create(organisation=world.other_org, name="Westthema")
    highlight = Highlight.objects.create(organisation=world.other_org, interview=interview, passage="welkom")
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
    "evaluation:highlight_create": lambda w: {"pk": _b(w)[1].pk},
    "evaluation:highlight_delete": lambda w: {"pk": _b(w)[3].pk},
    "evaluation:theme_edit": lambda w: {"pk": _b(w)[2].pk},
}
