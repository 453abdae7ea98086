import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation import questionnaires, services
from evaluation.models import QuestionKind, QuestionnaireTemplate


def test_default_questionnaire_has_seven_scale_items_and_three_open_questions(world):
    template = services.template_ensure_default(organisation=world.org)
    kinds = [q.kind for q in template.questions.all()]
    assert kinds.count(QuestionKind.SCALE) == 7 and kinds.count(QuestionKind.OPEN) == 3
    assert all(
        q.anchor_low and q.anchor_high for q in template.questions.all() if q.kind == QuestionKind.SCALE
    )
    assert services.template_ensure_default(organisation=world.org) == template
    assert template.number == 1


def test_plain_text_format():
    parsed = questionnaires.parse(
        "# Eigen lijst\nschaal: a | Vraag A | nooit | altijd\n\nopen: b | Vertel eens"
    )
    assert parsed["name"] == "Eigen lijst"
    assert [q["kind"] for q in parsed["questions"]] == ["scale", "open"]
    assert parsed["questions"][0]["high"] == "altijd"


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "Plak"),
        ("{bad json", "geen geldige JSON"),
        ("scale: a | Vraag", "Regel 1"),
        ("vraag: a | b", "Regel 1"),
        ("open: a | Alleen open", "schaalvraag"),
        ("scale: a | x | 0 | 10\nscale: a | y | 0 | 10", "twee keer"),
        ("scale: A B | x | 0 | 10", "code"),
        (json.dumps({"questions": [{"kind": "scale", "code": "a", "text": "x"}]}), "betekenis"),
    ],
)
def test_unusable_questionnaires_are_refused_with_a_reason(content, message):
    from django.utils import translation

    with translation.override("nl"), pytest.raises(ValidationError) as error:
        questionnaires.parse(content)
    assert message in " ".join(error.value.messages)


def test_loading_the_same_name_makes_a_new_version(world, login):
    client = login(world.coordinator)
    content = "scale: contact | Ik zie mensen | nooit | vaak\nopen: verhaal | Vertel"
    client.post(reverse("evaluation:template_upload"), {"name": "Gelicenseerd", "content": content})
    upload = SimpleUploadedFile(
        "lijst.json",
        json.dumps(
            {
                "name": "Gelicenseerd",
                "questions": [
                    {"kind": "scale", "code": "contact", "text": "Nieuwe woorden", "low": "0", "high": "10"}
                ],
            }
        ).encode(),
    )
    response = client.post(reverse("evaluation:template_upload"), {"upload": upload})
    versions = QuestionnaireTemplate.objects.filter(organisation=world.org, name="Gelicenseerd").order_by(
        "number"
    )
    assert [t.number for t in versions] == [1, 2]
    assert response.url == reverse("evaluation:template", args=[versions[1].pk])
    assert versions[0].questions.get(code="contact").text == "Ik zie mensen"  # old version untouched


def test_an_error_keeps_what_was_typed_and_saves_nothing(world, login):
    response = login(world.coordinator).post(
        reverse("evaluation:template_upload"), {"name": "X", "content": "schaal: a | vraag"}
    )
    assert response.status_code == 200
    assert "content" in response.context["form"].errors
    assert "schaal: a | vraag" in response.content.decode()
    assert not QuestionnaireTemplate.objects.filter(name="X").exists()


@pytest.mark.parametrize("extra", [0, 4])
def test_questionnaire_list_query_count_does_not_grow(world, login, django_assert_num_queries, extra):
    services.template_ensure_default(organisation=world.org)
    for i in range(extra):
        services.template_create(
            actor=None,
            organisation=world.org,
            name=f"Lijst {i}",
            description="",
            questions=questionnaires.DEFAULT_QUESTIONS,
        )
    client = login(world.coordinator)
    with django_assert_num_queries(4):
        response = client.get(reverse("evaluation:templates"))
    assert len(response.context["templates"]) == 1 + extra
