"""Pseudonymised research export."""

import csv
import io
import re

import networkx as nx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from people.services import participant_register, participant_update
from privacy import research, services
from privacy.models import AuditEntry, Study, SubmissionToken


@pytest.fixture
def consenting(world):
    participant_update(
        actor=world.worker_a, participant=world.anne, expected_version=1, birth_year=1958,
        full_name="Anne de Wit", phone="0611111111", talents="=HYPERLINK(\"http://evil\")",
    )  # fmt: skip
    world.bert.invited_by_participant = world.anne
    world.bert.save()
    for person in (world.anne, world.bert):
        services.consent_set(actor=world.coordinator, participant=person, scope="research", given=True)
    participant_register(actor=world.worker_a, network=world.network_a, name="Carla")  # no consent
    return world


def _study(world, name="Eenzaamheid 2026"):
    return services.study_create(actor=world.researcher, name=name)


def test_pseudonyms_are_stable_within_and_different_between_studies(consenting):
    w = consenting
    one, two = _study(w), _study(w, "Tweede studie")
    a1, a1_again = research.context_for(one), research.context_for(Study.objects.get(pk=one.pk))
    a2 = research.context_for(two)
    assert a1.pseudonym(w.anne.pk) == a1_again.pseudonym(w.anne.pk)
    assert a1.pseudonym(w.anne.pk) != a2.pseudonym(w.anne.pk)
    assert a1.pseudonym(w.anne.pk) != a1.pseudonym(w.bert.pk)
    assert re.fullmatch(r"P-[0-9a-f]{16}", a1.pseudonym(w.anne.pk))


def test_only_consenting_participants_are_exported_without_identity(consenting):
    w = consenting
    ctx = research.context_for(_study(w))
    assert ctx.participant_ids == {w.anne.pk, w.bert.pk}
    data = research.tables(ctx)
    headers, rows = data["participants"][1], data["participants"][2]
    assert headers == ["participant", "age_band", "invited_via", "invited_by"]
    anne = next(r for r in rows if r[0] == ctx.pseudonym(w.anne.pk))
    assert anne[1] == "65-74"
    bert = next(r for r in rows if r[0] == ctx.pseudonym(w.bert.pk))
    assert bert[3] == ctx.pseudonym(w.anne.pk)
    everything = str(data)
    for secret in ("Anne", "Bert", "Carla", "de Wit", "0611111111", "HYPERLINK", "1958", "Soepgroep"):
        assert secret not in everything
    route = data["route_events"][2]
    assert all(re.fullmatch(r"\d{4}-\d{2}", row[3]) for row in route)
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", str(v)) for row in route for v in row)


def test_xlsx_neutralises_formula_cells(consenting):
    w = consenting
    ctx = research.context_for(_study(w))
    data = {"evil": ("Evil", ["a", "b"], [["=1+1", "@SUM(A1)"], ["-2", "fine"]])}
    book = load_workbook(io.BytesIO(research.to_xlsx(data)))
    cells = [c for row in book["evil"].iter_rows(min_row=2) for c in row]
    assert all(c.data_type == "s" for c in cells)
    assert [c.value for c in cells] == ["'=1+1", "'@SUM(A1)", "'-2", "fine"]
    assert research.to_csv(["a"], [["=cmd|' /C calc'!A0"]]).splitlines()[1].startswith("'=")
    assert ctx  # the context is irrelevant to neutralising, but building it must work with the fixture


def test_researcher_downloads_xlsx_csv_and_graphml_and_each_is_audited(consenting, login):
    w = consenting
    study = _study(w)
    client = login(w.researcher)
    ctx = research.context_for(study)
    xlsx = client.get(reverse("privacy:study_export", args=[study.pk, "xlsx"]))
    assert xlsx.status_code == 200 and "attachment" in xlsx["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    assert {"participants", "participations", "route_events", "networks"} <= set(book.sheetnames)
    csv_response = client.get(reverse("privacy:study_export", args=[study.pk, "route_events"]))
    reader = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert reader[0][:2] == ["participant", "network"] and len(reader) > 1
    graphml = client.get(reverse("privacy:study_export", args=[study.pk, "graphml"]))
    graph = nx.read_graphml(io.BytesIO(graphml.content))
    assert set(graph.nodes) == {ctx.pseudonym(w.anne.pk), ctx.pseudonym(w.bert.pk)}
    assert graph.has_edge(ctx.pseudonym(w.anne.pk), ctx.pseudonym(w.bert.pk))
    assert b"Anne" not in graphml.content
    assert client.get(reverse("privacy:study_export", args=[study.pk, "nonsense"])).status_code == 404
    exports = AuditEntry.objects.filter(actor_id=w.researcher.pk, action__startswith="export.research.")
    assert set(exports.values_list("action", flat=True)) == {
        "export.research.xlsx", "export.research.route_events", "export.research.graphml",
    }  # fmt: skip
    assert set(exports.values_list("participant_id", flat=True)) == {w.anne.pk, w.bert.pk}


@pytest.mark.parametrize("persona", ["worker_a", "coordinator", "evaluator", "admin", "norole"])
def test_only_researchers_export(world, login, persona):
    study = _study(world)
    client = login(getattr(world, persona))
    assert client.get(reverse("privacy:studies")).status_code == 403
    assert client.get(reverse("privacy:study_export", args=[study.pk, "xlsx"])).status_code == 403


def test_another_organisations_study_is_404(world, login):
    from privacy.models import Study

    theirs = Study.objects.create(organisation=world.other_org, name="West")
    client = login(world.researcher)
    assert client.get(reverse("privacy:study", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("privacy:study_export", args=[theirs.pk, "xlsx"])).status_code == 404


def test_double_submit_creates_one_study(world, login):
    client = login(world.researcher)
    page = client.get(reverse("privacy:studies"))
    token = page.context["form"]["once"].value()
    first = client.post(reverse("privacy:studies"), {"name": "Dubbel", "once": token})
    second = client.post(reverse("privacy:studies"), {"name": "Dubbel", "once": token})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Study.objects.filter(name="Dubbel").count() == 1
    assert SubmissionToken.objects.count() == 1
    # A fresh form is a fresh intention: a second study with another name is created.
    other = client.get(reverse("privacy:studies")).context["form"]["once"].value()
    assert other != token
    client.post(reverse("privacy:studies"), {"name": "Nog een", "once": other})
    assert Study.objects.count() == 2


def test_study_with_an_existing_name_is_refused_and_the_token_stays_usable(world, login):
    client = login(world.researcher)
    _study(world, "Bestaat")
    response = client.post(reverse("privacy:studies"), {"name": "bestaat", "once": "x" * 20})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    assert not SubmissionToken.objects.exists()
    assert client.post(reverse("privacy:studies"), {"name": "Andere", "once": "x" * 20}).status_code == 302


def test_study_page_query_count_is_fixed(consenting, login, django_assert_max_num_queries):
    study = _study(consenting)
    client = login(consenting.researcher)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("privacy:study", args=[study.pk])).status_code == 200


def test_monthly_attendance_and_contributions_when_practice_is_installed(consenting):
    import datetime as dt

    from practice.models import Activity, Attendance, Contribution, Session, Task

    w = consenting
    activity = Activity.objects.create(
        network=w.network_a, name="Soep", start_time=dt.time(12), active_from=dt.date(2026, 10, 1)
    )
    task = Task.objects.create(network=w.network_a, name="Koken")
    for day in (dt.date(2026, 10, 6), dt.date(2026, 10, 13), dt.date(2026, 11, 3)):
        session = Session.objects.create(activity=activity, network=w.network_a, date=day, status="held")
        attendance = Attendance.objects.create(session=session, participant=w.anne, status="present")
        Contribution.objects.create(attendance=attendance, task=task, text="Pompoensoep voor iedereen")
    ctx = research.context_for(_study(w))
    data = research.tables(ctx)
    anne = ctx.pseudonym(w.anne.pk)
    assert [anne, ctx.network(w.network_a.pk), "2026-10", 2, 0] in data["attendance_monthly"][2]
    assert [anne, ctx.network(w.network_a.pk), "2026-11", 1] in data["contributions_monthly"][2]
    assert "Pompoensoep" not in str(data) and "Koken" not in str(data)


def test_support_ties_between_consenting_participants_when_support_is_installed(consenting):
    import datetime as dt

    from people.services import participation_add
    from support.models import SupportObservation, SupportTie

    w = consenting
    participation_add(actor=w.worker_a, participant=w.bert, network=w.network_a, date=dt.date(2026, 10, 1))
    carla = w.network_a.participations.get(participant__name="Carla").participant  # no research consent
    observation = SupportObservation.objects.create(
        network=w.network_a,
        date=dt.date(2026, 11, 2),
        giver=w.anne,
        kind="practical",
        note="Bracht Bert soep",
    )
    SupportTie.objects.create(observation=observation, receiver=w.bert)
    SupportTie.objects.create(observation=observation, receiver=carla)
    from_carla = SupportObservation.objects.create(
        network=w.network_a, date=dt.date(2026, 11, 3), giver=carla, kind="emotional"
    )
    SupportTie.objects.create(observation=from_carla, receiver=w.anne)  # a giver without consent
    ctx = research.context_for(_study(w))
    ties = research.tables(ctx)["support_ties"][2]
    anne, bert = ctx.pseudonym(w.anne.pk), ctx.pseudonym(w.bert.pk)
    assert ties == [[anne, bert, "practical", "2026-11", False, ctx.network(w.network_a.pk)]]
    graph = nx.read_graphml(io.BytesIO(research.to_graphml(ctx)))
    edges = sorted((s, t, d["kind"]) for s, t, d in graph.edges(data=True))
    assert edges == [(anne, bert, "invited"), (anne, bert, "practical")]  # nothing to or from Carla
    assert "soep" not in str(ties)


def test_questionnaire_scores_when_evaluation_is_installed(consenting):
    import datetime as dt

    from evaluation.models import Answer, EvaluationRound, Interview, Question, QuestionnaireTemplate

    w = consenting
    template = QuestionnaireTemplate.objects.create(organisation=w.org, name="Vragenlijst")
    scale = Question.objects.create(
        template=template, position=1, code="eenzaam", kind="scale", text="Hoe eenzaam?"
    )
    open_question = Question.objects.create(
        template=template, position=2, code="vertel", kind="open", text="Vertel"
    )
    evaluation_round = EvaluationRound.objects.create(
        organisation=w.org,
        network=w.network_a,
        name="Ronde 1",
        template=template,
        starts_on=dt.date(2026, 11, 1),
    )
    interview = Interview.objects.create(
        round=evaluation_round, participant=w.anne, evaluator=w.evaluator, held_on=dt.date(2026, 11, 10)
    )
    Answer.objects.create(interview=interview, question=scale, now=7, before=3)
    Answer.objects.create(interview=interview, question=open_question, text="Ik voel me gezien")
    ctx = research.context_for(_study(w))
    rows = research.tables(ctx)["questionnaire_scores"][2]
    assert rows == [
        [ctx.pseudonym(w.anne.pk), ctx.network(w.network_a.pk), f"{template.pk}:eenzaam", "2026-11", 7, 3]
    ]
    assert "gezien" not in str(research.tables(ctx))
