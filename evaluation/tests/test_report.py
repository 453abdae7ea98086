import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import TODAY
from evaluation import services
from evaluation.models import Highlight, Report
from evaluation.tests.conftest import held_interview, make_round


@pytest.fixture
def draft(world):
    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    return held_interview(
        evaluation_round=evaluation_round, participant=world.anne, evaluator=world.evaluator, state="draft"
    )


def _post(client, interview, action, **data):
    report = Report.objects.get(interview=interview)
    prefix = "" if action == "save" else f"{action}-"
    payload = {"action": action, f"{prefix}version": report.version}
    payload.update({f"{prefix}{k}": v for k, v in data.items()})
    return client.post(reverse("evaluation:report", args=[interview.pk]), payload)


def test_member_check_draft_read_back_agreed_with_versions(world, draft, login):
    client = login(world.evaluator)
    assert _post(client, draft, "save", text="Nieuwe tekst.").status_code == 302
    assert _post(client, draft, "read_back", date=TODAY.isoformat()).status_code == 302
    assert _post(client, draft, "agree", date=TODAY.isoformat()).status_code == 302
    report = Report.objects.get(interview=draft)
    assert report.state == "agreed" and report.checked_on == TODAY and report.read_back_on == TODAY
    assert [(v.state, v.text) for v in report.versions.all()][-3:] == [
        ("draft", "Nieuwe tekst."),
        ("read_back", "Nieuwe tekst."),
        ("agreed", "Nieuwe tekst."),
    ]


def test_amendment_records_date_and_what_changed_and_keeps_the_old_text(world, draft, login):
    client = login(world.evaluator)
    _post(client, draft, "read_back", date=TODAY.isoformat())
    response = _post(
        client,
        draft,
        "amend",
        date=TODAY.isoformat(),
        text="Aangepaste tekst.",
        what_changed="Naam buurvrouw weggelaten.",
    )
    assert response.status_code == 302
    report = Report.objects.get(interview=draft)
    assert report.state == "amended" and report.text == "Aangepaste tekst."
    assert "Naam buurvrouw weggelaten." in report.amendment and TODAY.strftime("%d-%m-%Y") in report.amendment
    texts = [v.text for v in report.versions.all()]
    assert (
        "Anne kookt elke week mee. Ze voelt zich welkom in de groep." in texts
        and texts[-1] == "Aangepaste tekst."
    )


def test_amendment_needs_what_changed(world, draft, login):
    client = login(world.evaluator)
    _post(client, draft, "read_back", date=TODAY.isoformat())
    response = _post(client, draft, "amend", date=TODAY.isoformat(), text="Anders.", what_changed="")
    assert response.status_code == 200
    assert "what_changed" in response.context["forms"]["amend"].errors
    assert Report.objects.get(interview=draft).state == "read_back"


def test_no_agreement_before_reading_back(world, draft):
    report = Report.objects.get(interview=draft)
    with pytest.raises(ValidationError):
        services.report_agree(
            actor=world.evaluator, report=report, expected_version=report.version, date=TODAY
        )


def test_text_is_frozen_after_reading_back(world, draft):
    report = Report.objects.get(interview=draft)
    services.report_read_back(
        actor=world.evaluator, report=report, expected_version=report.version, date=TODAY
    )
    with pytest.raises(ValidationError):
        services.report_save(actor=world.evaluator, report=report, expected_version=report.version, text="x")


def test_read_back_date_cannot_be_in_the_future(world, draft, login):
    response = _post(
        login(world.evaluator), draft, "read_back", date=(TODAY + dt.timedelta(days=1)).isoformat()
    )
    assert response.status_code == 200
    assert Report.objects.get(interview=draft).state == "draft"


def test_coordinator_reads_but_cannot_change(world, draft, login):
    client = login(world.coordinator)
    assert client.get(reverse("evaluation:report", args=[draft.pk])).status_code == 200
    assert _post(client, draft, "save", text="Door de coördinator").status_code == 404
    assert Report.objects.get(interview=draft).text != "Door de coördinator"


def test_amending_drops_marks_whose_words_are_gone(world, ev):
    report = Report.objects.get(interview=ev.interview)
    services.report_amend(
        actor=world.evaluator,
        report=report,
        expected_version=report.version,
        date=TODAY,
        text="Anne kookt elke week mee.",
        what_changed="Zin geschrapt.",
    )
    assert not Highlight.objects.filter(pk=ev.highlight.pk).exists()
