import datetime as dt
from unittest import mock

from django.urls import reverse

from conftest import TODAY
from evaluation.models import Answer, Interview, QuestionKind, Report
from evaluation.tests.conftest import make_round
from privacy.models import Consent, ConsentScope, FieldChange
from privacy.services import consent_set


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
    data = {
        "version": interview.version,
        "held_on": TODAY.isoformat(),
        "consent_evaluation": "on",
        "consent_evaluation_on": TODAY.isoformat(),
    }
    data.update(overrides)
    return data


def test_all_at_once_saves_scores_declined_and_missing_apart(world, login):
    evaluation_round = _round(world)
    client = login(world.evaluator)
    _start(client, evaluation_round, world.anne)
    interview = Interview.objects.get()
    scale = [q for q in evaluation_round.template.questions.all() if q.kind == QuestionKind.SCALE]
    open_q = [q for q in evaluation_round.template.questions.all() if q.kind == QuestionKind.OPEN][0]
    data = _form_data(
        interview,
        **{
            f"q{scale[0].pk}_now": "8",
            f"q{scale[0].pk}_before": "5",
            f"q{scale[1].pk}_now_declined": "on",
            f"q{scale[1].pk}_before": "3",
            f"q{open_q.pk}_text": "Ik voel me thuis.",
        },
    )
    response = client.post(reverse("evaluation:interview", args=[interview.pk]), data)
    assert response.status_code == 302
    answers = {a.question_id: a for a in Answer.objects.filter(interview=interview)}
    assert (answers[scale[0].pk].now, answers[scale[0].pk].before) == (8, 5)
    assert answers[scale[1].pk].now is None and answers[scale[1].pk].now_declined
    assert answers[scale[2].pk].now is None and not answers[scale[2].pk].now_declined  # missing: not asked
    assert answers[open_q.pk].text == "Ik voel me thuis."
    consents = {c.scope: c for c in Consent.objects.filter(participant=world.anne)}
    assert set(consents) == {ConsentScope.EVALUATION}  # research was not asked: no record
    assert consents[ConsentScope.EVALUATION].given and consents[ConsentScope.EVALUATION].date == TODAY


def test_score_and_declined_together_is_refused_and_nothing_saved(world, login):
    evaluation_round = _round(world)
    client = login(world.evaluator)
    _start(client, evaluation_round, world.anne)
    interview = Interview.objects.get()
    q = evaluation_round.template.questions.first()
    response = client.post(
        reverse("evaluation:interview", args=[interview.pk]),
        _form_data(interview, **{f"q{q.pk}_now": "6", f"q{q.pk}_now_declined": "on"}),
    )
    assert response.status_code == 200
    assert f"q{q.pk}_now" in response.context["form"].errors
    assert not Answer.objects.exists()


def test_consent_needs_a_date(world, login):
    evaluation_round = _round(world)
    client = login(world.evaluator)
    _start(client, evaluation_round, world.anne)
    interview = Interview.objects.get()
    response = client.post(
        reverse("evaluation:interview", args=[interview.pk]), _form_data(interview, consent_research="on")
    )
    assert "consent_research_on" in response.context["form"].errors
    assert not Consent.objects.exists()


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
    response = client.post(
        url + "?stap=1",
        {"version": interview.version, f"q{first.pk}_now": "7", f"q{first.pk}_before": "4", "next": "1"},
    )
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
    stale = client.post(url, _form_data(interview, **{f"q{q.pk}_now": "2"}))  # loaded with the old version
    assert Answer.objects.get(question=q).now == 9
    # The second person's input is still on the page, now with the current version: saving again is
    # their deliberate choice.
    assert stale.status_code == 409
    assert stale.context["form"]["version"].value() == interview.version + 1
    assert stale.context["form"][f"q{q.pk}_now"].value() == "2"
    again = client.post(url, {**stale.context["form"].data.dict(), f"q{q.pk}_now": "2"})
    assert again.status_code == 302 and Answer.objects.get(question=q).now == 2


def test_a_consent_changed_elsewhere_while_the_form_was_open_is_not_overwritten(world, login):
    """The participant withdrew research consent on the consent page while the evaluator had the
    interview open with research consent ticked: the interview's save changes nothing."""
    evaluation_round = _round(world)
    client = login(world.evaluator)
    _start(client, evaluation_round, world.anne)
    interview = Interview.objects.get()
    url = reverse("evaluation:interview", args=[interview.pk])
    consent_set(
        actor=world.worker_a,
        participant=world.anne,
        scope=ConsentScope.RESEARCH,
        given=True,
        date=TODAY - dt.timedelta(days=5),
    )
    opened = client.get(url).context["form"]
    seen = {name: opened[name].value() for name in ("consent_evaluation_version", "consent_research_version")}
    consent_set(actor=world.worker_a, participant=world.anne, scope=ConsentScope.RESEARCH, given=False)
    data = _form_data(interview, consent_research="on", consent_research_on=TODAY.isoformat(), **seen)
    response = client.post(url, data)
    assert response.status_code == 409
    assert not Consent.objects.get(participant=world.anne, scope=ConsentScope.RESEARCH).given
    assert not Consent.objects.filter(participant=world.anne, scope=ConsentScope.EVALUATION).exists()
    assert Interview.objects.get().version == interview.version  # nothing of the interview saved either
    assert response.context["form"]["consent_research"].value()  # what was typed is kept


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


# ----- consent lives in the privacy consent register ---------------------------------------


def test_consent_in_the_interview_is_recorded_in_the_register_with_date_and_recorder(world, login):
    evaluation_round = _round(world)
    client = login(world.evaluator)
    _start(client, evaluation_round, world.anne)
    interview = Interview.objects.get()
    given_on = TODAY - dt.timedelta(days=3)
    client.post(
        reverse("evaluation:interview", args=[interview.pk]),
        _form_data(
            interview,
            consent_evaluation_on=given_on.isoformat(),
            consent_research="on",
            consent_research_on=given_on.isoformat(),
        ),
    )
    consents = {c.scope: c for c in Consent.objects.filter(participant=world.anne)}
    for scope in (ConsentScope.EVALUATION, ConsentScope.RESEARCH):
        assert (consents[scope].given, consents[scope].date, consents[scope].recorded_by) == (
            True,
            given_on,
            world.evaluator,
        )
    history = FieldChange.objects.filter(model="privacy.Consent", participant_id=world.anne.pk)
    assert {h.actor_id for h in history} == {world.evaluator.pk} and history.count() == 2
    # the research export reads the same register
    from privacy.research import consenting_ids

    assert world.anne.pk in consenting_ids(world.org.pk)


def test_unticking_in_the_interview_withdraws_in_the_register(world, ev, login):
    client = login(world.evaluator)
    url = reverse("evaluation:interview", args=[ev.interview.pk])
    client.post(
        url,
        {
            "version": ev.interview.version,
            "held_on": TODAY.isoformat(),
            "consent_evaluation": "on",
            "consent_evaluation_on": (TODAY - dt.timedelta(days=10)).isoformat(),
        },
    )
    research = Consent.objects.get(participant=world.anne, scope=ConsentScope.RESEARCH)
    assert not research.given and research.date == TODAY
    assert Consent.objects.get(participant=world.anne, scope=ConsentScope.EVALUATION).given


def test_the_interview_corrects_the_date_of_a_given_consent(world, ev, login):
    client = login(world.evaluator)
    url = reverse("evaluation:interview", args=[ev.interview.pk])
    earlier = TODAY - dt.timedelta(days=20)
    client.post(
        url,
        _form_data(
            ev.interview,
            consent_evaluation_on=earlier.isoformat(),
            consent_research="on",
            consent_research_on=earlier.isoformat(),
        ),
    )
    assert Consent.objects.get(participant=world.anne, scope=ConsentScope.EVALUATION).date == earlier


def test_withdrawal_in_the_privacy_app_shows_in_the_interview_and_report(world, ev, login):
    client = login(world.evaluator)
    form = client.get(reverse("evaluation:interview", args=[ev.interview.pk])).context["form"]
    assert form.initial["consent_evaluation"] and form.initial["consent_research"]
    assert form.initial["consent_evaluation_on"] == TODAY - dt.timedelta(days=10)
    consent_set(actor=world.worker_a, participant=world.anne, scope=ConsentScope.EVALUATION, given=False)
    form = client.get(reverse("evaluation:interview", args=[ev.interview.pk])).context["form"]
    assert not form.initial["consent_evaluation"] and form.initial["consent_evaluation_on"] is None
    assert form.initial["consent_research"]
    report = client.get(reverse("evaluation:report", args=[ev.interview.pk])).content.decode()
    assert "telt niet mee in de analyse" in report
