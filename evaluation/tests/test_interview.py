from unittest import mock

from django.urls import reverse

from conftest import TODAY
from evaluation.models import Answer, Interview, QuestionKind, Report
from evaluation.tests.conftest import make_round


def _round(world):
    return make_round(network=world.network_a, evaluator=world.evaluator)


def _start(client, evaluation_round, participant):
    return client.post(reverse("evaluation:interview_start", args=[evaluation_round.pk, participant.pk]))


def test_starting_an_interview_needs_a_post(world, login):
    evaluation_round = _round(world)
    client = login(world.evaluator)
    assert (
        client.get(
            reverse("evaluation:interview_start", args=[evaluation_round.pk, world.anne.pk])
        ).status_code
        == 405
    )
    assert not Interview.objects.exists()
    response = _start(client, evaluation_round, world.anne)
    interview = Interview.objects.get()
    assert response.url == reverse("evaluation:interview", args=[interview.pk])
    assert Report.objects.get(interview=interview).state == "draft"
    _start(client, evaluation_round, world.anne)
    assert Interview.objects.count() == 1


def test_only_participants_of_the_network(world, login):
    evaluation_round = _round(world)
    response = _start(login(world.evaluator), evaluation_round, world.bert)
    assert response.status_code == 404
    assert not Interview.objects.exists()


def _form_data(interview, **overrides):
    data = {"version": interview.version, "held_on": TODAY.isoformat(), "consent_evaluation": "on",
            "consent_evaluation_on": TODAY.isoformat()}  # fmt: skip
    data.update(overrides)
    return data


def test_all_at_once_saves_scores_declined_and_missing_apart(world, login):
    evaluation_round = _round(world)
    client = login(world.evaluator)
    _start(client, evaluation_round, world.anne)
    interview = Interview.objects.get()
    scale = [q for q in evaluation_round.template.questions.all() if q.kind == QuestionKind.SCALE]
    open_q = [q for q in evaluation_round.template.questions.all() if q.kind == QuestionKind.OPEN][0]
    data = _form_data(interview, **{
        f"q{scale[0].pk}_now": "8", f"q{scale[0].pk}_before": "5",
        f"q{scale[1].pk}_now_declined": "on", f"q{scale[1].pk}_before": "3",
        f"q{open_q.pk}_text": "Ik voel me thuis.",
    })  # fmt: skip
    response = client.post(reverse("evaluation:interview", args=[interview.pk]), data)
    assert response.status_code == 302
    answers = {a.question_id: a for a in Answer.objects.filter(interview=interview)}
    assert (answers[scale[0].pk].now, answers[scale[0].pk].before) == (8, 5)
    assert answers[scale[1].pk].now is None and answers[scale[1].pk].now_declined
    assert answers[scale[2].pk].now is None and not answers[scale[2].pk].now_declined  # missing: not asked
    assert answers[open_q.pk].text == "Ik voel me thuis."
    interview.refresh_from_db()
    assert interview.consent_evaluation and interview.consent_evaluation_on == TODAY
    assert not interview.consent_research and interview.consent_research_on is None


def test_score_and_declined_together_is_refused_and_nothing_saved(world, login):
    evaluation_round = _round(world)
    client = login(world.evaluator)
    _start(client, evaluation_round, world.anne)
    interview = Interview.objects.get()
    q = evaluation_round.template.questions.first()
    response = client.post(reverse("evaluation:interview", args=[interview.pk]), _form_data(
        interview, **{f"q{q.pk}_now": "6", f"q{q.pk}_now_declined": "on"}))  # fmt: skip
    assert response.status_code == 200
    assert f"q{q.pk}_now" in response.context["form"].errors
    assert not Answer.objects.exists()


def test_consent_needs_a_date(world, login):
    evaluation_round = _round(world)
    client = login(world.evaluator)
    _start(client, evaluation_round, world.anne)
    interview = Interview.objects.get()
    response = client.post(reverse("evaluation:interview", args=[interview.pk]),
                           _form_data(interview, consent_research="on"))  # fmt: skip
    assert "consent_research_on" in response.context["form"].errors
    interview.refresh_from_db()
    assert not interview.consent_evaluation


def test_one_question_at_a_time(world, login):
    evaluation_round = _round(world)
    client = login(world.evaluator)
    _start(client, evaluation_round, world.anne)
    interview = Interview.objects.get()
    url = reverse("evaluation:interview", args=[interview.pk])
    response = client.post(url + "?stap=0", {**_form_data(interview), "next": "1"})
    assert response.url == url + "?stap=1"
    first = evaluation_round.template.questions.first()
    page = client.get(url + "?stap=1")
    assert list(page.context["form"].questions) == [first]
    assert "consent_evaluation" not in page.context["form"].fields
    content = page.content.decode()
    assert content.index(f'name="q{first.pk}_now"') < content.index(f'name="q{first.pk}_before"')
    interview.refresh_from_db()
    response = client.post(url + "?stap=1", {"version": interview.version, f"q{first.pk}_now": "7",
                                              f"q{first.pk}_before": "4", "next": "1"})  # fmt: skip
    assert response.url == url + "?stap=2"
    assert Answer.objects.get(question=first).now == 7


def test_stale_form_does_not_overwrite(world, login):
    evaluation_round = _round(world)
    client = login(world.evaluator)
    _start(client, evaluation_round, world.anne)
    interview = Interview.objects.get()
    q = evaluation_round.template.questions.first()
    url = reverse("evaluation:interview", args=[interview.pk])
    client.post(url, _form_data(interview, **{f"q{q.pk}_now": "9"}))
    client.post(url, _form_data(interview, **{f"q{q.pk}_now": "2"}))  # loaded with the old version
    assert Answer.objects.get(question=q).now == 9


def test_opening_an_interview_is_reported_to_the_audit(world, ev, login):
    with mock.patch("core.hooks.on_personal_data_viewed") as viewed:
        login(world.evaluator).get(reverse("evaluation:interview", args=[ev.interview.pk]))
    viewed.assert_called_once_with(user=world.evaluator, participant_ids=[world.anne.pk], what="interview")


def test_coordinator_reads_but_does_not_hold_interviews(world, ev, login):
    client = login(world.coordinator)
    assert client.get(reverse("evaluation:interview", args=[ev.interview.pk])).status_code == 404
    assert (
        client.post(reverse("evaluation:interview_start", args=[ev.round.pk, world.anne.pk])).status_code
        == 404
    )
