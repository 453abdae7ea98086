"""The quality reports as an organisation hands them over: Dutch, A4, rendered by LibreOffice, no word
broken in a table, and a control character pasted into the evaluation does not break them."""

import io

import pytest
from django.urls import reverse

from core.readers import docx_problems, docx_text, is_a4, libreoffice_pdf, pdf_pages
from quality.models import NetworkEvaluation
from quality.services import evaluation_create
from quality.tests.helpers import evaluation_data

# Stored directly, as old data or a restore would hold it; without NUL, which PostgreSQL cannot store
# (the forms strip it with the rest, core/tests/test_text_guard.py).
EVERY_C0 = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r")


@pytest.fixture
def evaluation(world):
    created = evaluation_create(
        actor=world.worker_a,
        network=world.network_a,
        **evaluation_data(
            status="final",
            success_factors=["stable_core", "own_ideas"],
            recommendations="Meer werven via de huisarts.",
        ),
    )
    goals = dict(created.goals)
    goals["d"] = {"result": "partly", "note": "Anne helpt Bert met boodschappen" + EVERY_C0}
    NetworkEvaluation.objects.filter(pk=created.pk).update(
        goals=goals,
        factors_note="Vaste kern" + EVERY_C0,
        sustain="Een vaste\x0b ruimte",
        recommendations="Meer werven\x0c via de huisarts.\nEen tweede achterwacht.",
    )
    return created


def _check(content: bytes) -> str:
    assert docx_problems(content) == []
    pages = pdf_pages(libreoffice_pdf(content, ".docx"))
    assert pages and all(is_a4(page) for page in pages), pages
    return docx_text(content)


def test_the_network_evaluation_report_has_goals_evidence_figures_and_renders(world, login, evaluation):
    from docx import Document

    response = login(world.coordinator).get(reverse("quality:evaluation_docx", args=[evaluation.pk]))
    assert response.status_code == 200
    text = _check(response.content)
    assert "Soepgroep" in text and world.org.name in text
    for letter in "abcdefghi":
        assert f"\n{letter}. " in "\n" + text
    assert "Anne helpt Bert met boodschappen" in text  # evidence as recorded by the group
    assert "Een tweede achterwacht." in text, text
    assert "Een vaste ruimte" in text
    assert "Methode" in text and "Aanbevelingen" in text
    document = Document(io.BytesIO(response.content))
    assert len(document.inline_shapes) == 2  # the route chart and the sociogram
    assert all(shape._inline.docPr.get("descr") for shape in document.inline_shapes)


def test_the_evaluation_report_page_links_it_and_other_organisations_get_a_404(world, login, evaluation):
    page = login(world.evaluator).get(reverse("quality:evaluation", args=[evaluation.pk])).content.decode()
    assert reverse("quality:evaluation_docx", args=[evaluation.pk]) in page
    assert (
        login(world.outsider).get(reverse("quality:evaluation_docx", args=[evaluation.pk])).status_code == 404
    )
    assert (
        login(world.researcher).get(reverse("quality:evaluation_docx", args=[evaluation.pk])).status_code
        == 403
    )


def test_the_process_evaluation_report_has_everything_the_page_shows_and_renders(world, login, evaluation):
    response = login(world.evaluator).get(reverse("quality:process_docx"))
    text = _check(response.content)
    assert "Uitgevoerd volgens plan?" in text
    assert "Bereik" in text and "Waardering en opbrengst" in text
    assert "Meer werven via de huisarts." in text
