import io
from unittest import mock
from xml.etree import ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import services
from evaluation.exports import QDC_NAMESPACE
from evaluation.models import EvaluationRound, Highlight, Theme
from evaluation.selectors import theme_overview
from evaluation.tests.conftest import held_interview, make_round
from people.services import participant_register

NS = {"q": QDC_NAMESPACE}


def test_themes_nest_one_level(world):
    main = services.theme_create(organisation=world.org, name="Steun")
    sub = services.theme_create(organisation=world.org, name="Praktische steun", parent=main)
    with pytest.raises(ValidationError):
        services.theme_create(organisation=world.org, name="Te diep", parent=sub)
    with pytest.raises(ValidationError):
        services.theme_create(
            organisation=world.org,
            name="Buiten",
            parent=Theme.objects.create(
                organisation=world.other_org, name="West", guid="00000000-0000-0000-0000-000000000001"
            ),
        )


def test_codebook_page_adds_a_theme_and_shows_errors_at_the_field(world, login):
    client = login(world.evaluator)
    assert (
        client.post(reverse("evaluation:codebook"), {"name": "Steun", "description": "x"}).status_code == 302
    )
    response = client.post(reverse("evaluation:codebook"), {"name": "Steun"})
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert Theme.objects.filter(organisation=world.org).count() == 1


def test_only_passages_that_occur_in_an_agreed_report_can_be_marked(world, ev):
    with pytest.raises(ValidationError):
        services.highlight_create(
            actor=world.evaluator, interview=ev.interview, passage="Niet gezegd.", themes=[ev.theme]
        )
    person = participant_register(
        actor=world.worker_a, network=world.network_a, name="Kees", date=ev.round.starts_on
    )
    draft = held_interview(
        evaluation_round=ev.round, participant=person, evaluator=world.evaluator, state="draft"
    )
    with pytest.raises(ValidationError):
        services.highlight_create(
            actor=world.evaluator, interview=draft, passage="Anne kookt", themes=[ev.theme]
        )


def test_marking_through_the_report_page(world, ev, login):
    client = login(world.evaluator)
    response = client.post(
        reverse("evaluation:highlight_create", args=[ev.interview.pk]),
        {"source": "report", "passage": "Anne kookt elke week mee.", "themes": [ev.theme.pk]},
    )
    assert response.status_code == 302
    assert Highlight.objects.filter(interview=ev.interview).count() == 2
    client.post(reverse("evaluation:highlight_delete", args=[ev.highlight.pk]))
    assert not Highlight.objects.filter(pk=ev.highlight.pk).exists()


def test_marking_an_open_answer(world, ev, login):
    answer = ev.interview.answers.exclude(text="").first()
    login(world.evaluator).post(
        reverse("evaluation:highlight_create", args=[ev.interview.pk]),
        {"source": f"a{answer.pk}", "passage": "soep", "themes": [ev.theme.pk]},
    )
    assert Highlight.objects.filter(answer=answer).exists()


def test_an_unchecked_report_does_not_feed_the_theme_overview(world, ev):
    from evaluation.models import Report

    networks, rows, names = theme_overview(
        world.org.pk, ev.round.__class__.objects.filter(organisation=world.org)
    )
    assert networks == ["Soepgroep"] and rows[0].total == 1 and len(names) == 1
    Report.objects.filter(interview=ev.interview).update(state="read_back")
    networks, rows, names = theme_overview(
        world.org.pk, ev.round.__class__.objects.filter(organisation=world.org)
    )
    assert rows[0].total == 0 and names == {}


def test_theme_overview_counts_participants_per_network_and_sub_themes_count_for_the_main(world, ev):
    sub = services.theme_create(organisation=world.org, name="Welkom", parent=ev.theme)
    services.highlight_create(
        actor=world.evaluator, interview=ev.interview, passage="Anne kookt", themes=[sub]
    )
    other_round = make_round(network=world.network_b, evaluator=world.evaluator)
    bert = held_interview(evaluation_round=other_round, participant=world.bert, evaluator=world.evaluator)
    services.highlight_create(actor=world.evaluator, interview=bert, passage="welkom", themes=[sub])
    networks, rows, _names = theme_overview(
        world.org.pk, ev.round.__class__.objects.filter(organisation=world.org)
    )
    by_name = {r.theme.name: r for r in rows}
    assert networks == ["Creaclub", "Soepgroep"]
    assert by_name["Ergens bij horen"].counts == [1, 1]  # Anne once, although marked twice
    assert by_name["Welkom"].counts == [1, 1]


def test_theme_page_shows_pseudonyms_not_names(world, ev, login):
    page = login(world.worker_a).get(reverse("evaluation:themes")).content.decode()
    assert "Ze voelt zich welkom in de groep." in page and "D1" in page and "Anne (" not in page


def test_qdc_export_follows_the_refi_qda_codebook(world, ev, login):
    services.theme_create(organisation=world.org, name="Welkom", description="Gastvrij", parent=ev.theme)
    with mock.patch("core.hooks.on_export") as exported:
        response = login(world.researcher).get(reverse("evaluation:codebook_qdc"))
    exported.assert_called_once()
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == f"{{{QDC_NAMESPACE}}}CodeBook"
    main = root.find("q:Codes/q:Code", NS)
    assert main.get("name") == "Ergens bij horen" and main.get("isCodable") == "true" and main.get("guid")
    assert main.find("q:Description", NS).text == "De groep als thuis"
    child = main.find("q:Code", NS)
    assert child.get("name") == "Welkom" and child.find("q:Description", NS).text == "Gastvrij"
    assert "Westthema" not in response.content.decode()


def test_xlsx_export_keeps_formulas_as_typed_text_and_holds_no_names(world, ev, login):
    from openpyxl import load_workbook

    services.theme_create(organisation=world.org, name='=HYPERLINK("x")')
    with mock.patch("core.hooks.on_export") as exported:
        response = login(world.coordinator).get(reverse("evaluation:codebook_xlsx"))
    assert exported.call_args.kwargs["participant_ids"] == {world.anne.pk}
    book = load_workbook(io.BytesIO(response.content))
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert '=HYPERLINK("x")' in values  # a typed text cell: shown as written, never run
    cell = next(
        c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("x")'
    )
    assert cell.data_type == "s"
    assert "guid" not in values
    assert "Anne" not in " ".join(str(v) for v in values)
    assert "D1" in values and "Ze voelt zich welkom in de groep." in values


def test_thematic_report_docx(world, ev, login):
    from docx import Document

    with mock.patch("core.hooks.on_export") as exported:
        response = login(world.coordinator).get(reverse("evaluation:thematic_report"))
    assert exported.call_args.kwargs["participant_ids"] == {world.anne.pk}
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Ze voelt zich welkom in de groep." in text and "D1, Soepgroep" in text
    assert "Anne" not in text.replace("Anne kookt", "")
    assert document.tables[0].rows[1].cells[0].text == "Ergens bij horen"


def test_thematic_report_docx_contains_the_paired_analysis_charts(world, ev, login):
    from docx import Document

    from evaluation.charts import document_charts
    from evaluation.selectors import paired_analysis

    response = login(world.coordinator).get(reverse("evaluation:thematic_report"))
    document = Document(io.BytesIO(response.content))
    expected = document_charts(
        paired_analysis(EvaluationRound.objects.filter(pk=ev.round.pk), research=False)
    )
    assert [chart.chart_id for chart in expected] == ["items", "domain-diff"]
    pictures = document.inline_shapes
    assert len(pictures) == len(expected)
    images = [part for part in document.part.package.parts if part.content_type == "image/png"]
    assert images and all(part.blob.startswith(b"\x89PNG") for part in images)
    alt_texts = [shape._inline.docPr.get("descr") for shape in pictures]
    assert alt_texts == [chart.description for chart in expected]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Scores een jaar geleden en nu" in headings
    assert [chart.title for chart in expected] == [h for h in headings if h in {c.title for c in expected}]


@pytest.mark.parametrize("extra", [0, 5])
def test_theme_overview_query_count_does_not_grow(world, ev, login, django_assert_num_queries, extra):
    for i in range(extra):
        person = participant_register(
            actor=world.worker_a, network=world.network_a, name=f"P{i}", date=ev.round.starts_on
        )
        interview = held_interview(evaluation_round=ev.round, participant=person, evaluator=world.evaluator)
        services.highlight_create(
            actor=world.evaluator, interview=interview, passage="welkom", themes=[ev.theme]
        )
        services.theme_create(organisation=world.org, name=f"Thema {i}", parent=ev.theme)
    client = login(world.coordinator)
    with django_assert_num_queries(6):
        response = client.get(reverse("evaluation:themes"))
    assert response.context["n_reports"] == 1 + extra


@pytest.mark.parametrize("extra", [0, 6])
def test_codebook_query_count_does_not_grow(world, ev, login, django_assert_num_queries, extra):
    for i in range(extra):
        main = services.theme_create(organisation=world.org, name=f"Hoofd {i}")
        services.theme_create(organisation=world.org, name=f"Sub {i}", parent=main)
    client = login(world.evaluator)
    with django_assert_num_queries(5):
        response = client.get(reverse("evaluation:codebook"))
    assert len(response.context["themes"]) == 1 + extra
