"""Access request, erasure and retention."""

import datetime as dt
import json
import re
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse

from people.models import Participant, Participation, RouteEvent
from people.services import participant_register, participant_update, route_record
from privacy import erasure, services, subject_access
from privacy.actor import acting_as
from privacy.models import AuditEntry, PointOfAttention
from privacy.registry import PERSONAL_DATA, models_referring_to_participants

# ----- coverage --------------------------------------------------------------------------------


def test_every_model_that_refers_to_participants_is_registered():
    """A new model with a foreign key to Participant or Participation must be registered in
    privacy.registry (in its app's ready()) so access requests and erasure cover it."""
    missing = models_referring_to_participants() - set(PERSONAL_DATA)
    assert not missing, f"Register these in privacy.registry: {sorted(missing)}"
    assert {"people.Participation", "people.RouteEvent", "privacy.Consent"} <= set(PERSONAL_DATA)


def test_introspection_finds_indirect_references():
    found = models_referring_to_participants()
    assert "people.RouteEvent" in found  # via Participation
    assert "people.Partner" not in found


# ----- access request ----------------------------------------------------------------------------


@pytest.fixture
def rich_anne(world):
    anne = world.anne
    participant_update(
        actor=world.worker_a, participant=anne, expected_version=1,
        full_name="Anne Zwaantje Wervelwind", phone="0612345678", email="anne@example.org",
        address="Kroonstraat 99", talents="Taarten bakken", invited_by_participant=world.bert,
    )  # fmt: skip
    anne.refresh_from_db()
    participation = anne.participations.get()
    route_record(
        actor=world.worker_a, participation=participation, stage="settling_in",
        date=participation.stage_since, note="Wervelwind voelt zich thuis",
    )  # fmt: skip
    services.consent_set(actor=world.worker_a, participant=anne, scope="points_of_attention", given=True)
    services.attention_add(actor=world.worker_a, participant=anne, text="Wervelwind rijdt geen auto")
    # An evaluation interview with an amended report and a marked quote (evaluation app).
    from evaluation.services import highlight_create, theme_create
    from evaluation.tests.conftest import held_interview, make_round

    interview = held_interview(
        evaluation_round=make_round(network=world.network_a, evaluator=world.evaluator),
        participant=anne, evaluator=world.evaluator, state="amended",
    )  # fmt: skip
    theme = theme_create(organisation=world.org, name="Samen")
    highlight_create(actor=world.evaluator, interview=interview, passage="Anne kookt", themes=[theme])
    from practice.testing import give_practice_history  # rows the practice app registered

    give_practice_history(actor=world.worker_a, participant=anne)
    return anne


def test_access_request_contains_every_registered_model_and_nobody_else(world, login, rich_anne):
    client = login(world.worker_a)
    response = client.get(reverse("privacy:access_request_json", args=[rich_anne.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    by_model = {s["model"]: s for s in data["sections"]}
    assert set(by_model) == set(PERSONAL_DATA)
    filled = {"people.Participant", "people.Participation", "people.RouteEvent", "privacy.Consent"}
    for label in filled | {"privacy.PointOfAttention"}:
        assert by_model[label]["rows"], f"{label} has data for Anne but the access request shows none"
    text = response.content.decode()
    assert "Taarten bakken" in text and "Wervelwind rijdt geen auto" in text and "0612345678" in text
    assert "Bert" not in text and "Olga" not in text  # invited by Bert: shown as another participant
    assert "another participant" in text or "andere deelnemer" in text
    assert AuditEntry.objects.filter(
        action="export.access_request_json", participant_id=rich_anne.pk
    ).exists()


def test_access_request_document_is_readable_html(world, login, rich_anne):
    response = login(world.coordinator).get(reverse("privacy:access_request", args=[rich_anne.pk]))
    assert response.status_code == 200
    assert "Taarten bakken" in response.content.decode()
    assert "<table>" in response.content.decode()


def test_access_request_query_count_is_fixed(world, rich_anne, django_assert_num_queries):
    with django_assert_num_queries(len(PERSONAL_DATA) + 2):
        subject_access.collect(participant=rich_anne)
    for i in range(5):
        services.attention_add(actor=world.worker_a, participant=rich_anne, text=f"Punt {i}")
    with django_assert_num_queries(len(PERSONAL_DATA) + 2):
        subject_access.collect(participant=rich_anne)


@pytest.mark.parametrize(
    "persona,status",
    [("worker_a", 200), ("coordinator", 200), ("worker_b", 404), ("outsider", 404),
     ("evaluator", 403), ("researcher", 403), ("admin", 403), ("norole", 403)],
)  # fmt: skip
def test_access_request_per_persona(world, login, persona, status):
    client = login(getattr(world, persona))
    for name in ("privacy:access_request", "privacy:access_request_json"):
        assert client.get(reverse(name, args=[world.anne.pk])).status_code == status


# ----- erasure -------------------------------------------------------------------------------------


def _all_text_values() -> str:
    """Every text column of every table, as the database holds it."""
    chunks = []
    for model in apps.get_models():
        fields = [
            f.column
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        with connection.cursor() as cursor:
            cols = ", ".join(connection.ops.quote_name(c) for c in fields)
            cursor.execute(f"SELECT {cols} FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
            chunks.extend(str(v) for row in cursor.fetchall() for v in row if v is not None)
    return "\n".join(chunks)


def test_erasure_removes_identity_and_free_text_everywhere_but_keeps_counts(world, login, rich_anne):
    from networks.services import network_change_phase

    network_change_phase(
        actor=world.worker_a, network=world.network_a, phase="buildup", date=dt.date(2026, 11, 1),
        note="Wervelwind kwam met taart; Bert ook",
    )  # fmt: skip
    identifiers = [
        "Wervelwind",
        "Zwaantje",
        "0612345678",
        "anne@example.org",
        "Kroonstraat 99",
        "Taarten bakken",
    ]
    before = _all_text_values()
    assert all(i in before for i in identifiers)
    counts = (Participation.objects.count(), RouteEvent.objects.count(), Participant.objects.count())
    client = login(world.coordinator)
    url = reverse("privacy:erase", args=[rich_anne.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"confirm_name": "Bert"})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert client.post(url, {"confirm_name": "anne"}).status_code == 302
    after = _all_text_values()
    for identifier in identifiers:
        assert not re.search(re.escape(identifier), after, re.IGNORECASE), identifier
    assert "Bert" in after  # other people's data untouched
    assert (Participation.objects.count(), RouteEvent.objects.count(), Participant.objects.count()) == counts
    rich_anne.refresh_from_db()
    assert rich_anne.anonymised_at is not None and rich_anne.birth_year is None
    assert not PointOfAttention.objects.exists()
    assert AuditEntry.objects.filter(action="erasure.request", participant_id=rich_anne.pk).exists()
    # Anonymised people are out of every list and page.
    assert login(world.worker_a).get(reverse("privacy:participant", args=[rich_anne.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["worker_a", "admin", "evaluator", "researcher", "norole"])
def test_only_coordinators_erase(world, login, persona):
    client = login(getattr(world, persona))
    assert (
        client.post(reverse("privacy:erase", args=[world.anne.pk]), {"confirm_name": "Anne"}).status_code
        == 403
    )
    assert Participant.objects.get(pk=world.anne.pk).name == "Anne"


def test_erasure_of_another_organisations_participant_is_404(world, login):
    client = login(world.coordinator)
    assert (
        client.post(reverse("privacy:erase", args=[world.olga.pk]), {"confirm_name": "Olga"}).status_code
        == 404
    )
    assert Participant.objects.get(pk=world.olga.pk).name == "Olga"


# ----- retention -----------------------------------------------------------------------------------


def _leave(world, participant, date, network=None):
    participation = participant.participations.get(
        network=network or participant.participations.first().network
    )
    route_record(actor=world.worker_a, participation=participation, stage="moved_on", date=date)


def test_retention_anonymises_only_what_has_expired(world):
    world.org.retention_months = 12
    world.org.save()
    _leave(world, world.anne, dt.date(2026, 6, 1))
    _leave(world, world.bert, dt.date(2026, 7, 1))
    with time_machine.travel(dt.datetime(2027, 6, 15, 3, 0), tick=False):
        out = StringIO()
        call_command("retention", "--dry-run", stdout=out)
        assert f"would anonymise=1 ids={world.anne.pk}" in out.getvalue()
        assert Participant.objects.get(pk=world.anne.pk).anonymised_at is None
        out = StringIO()
        call_command("retention", stdout=out)
    report = out.getvalue()
    assert f"organisation={world.org.pk} retention_months=12 anonymised=1 ids={world.anne.pk}" in report
    assert "Anne" not in report
    assert Participant.objects.get(pk=world.anne.pk).anonymised_at is not None
    assert Participant.objects.get(pk=world.bert.pk).name == "Bert"  # left 11.5 months ago
    assert Participant.objects.get(pk=world.olga.pk).name == "Olga"  # still taking part
    assert AuditEntry.objects.filter(action="erasure.retention", participant_id=world.anne.pk).exists()


def test_someone_who_returned_is_not_expired(world):
    world.org.retention_months = 1
    world.org.save()
    anne = world.anne
    _leave(world, anne, dt.date(2026, 9, 1))
    route_record(
        actor=world.worker_a,
        participation=anne.participations.get(),
        stage="returned",
        date=dt.date(2026, 9, 10),
    )
    assert not erasure.expired_participants(organisation=world.org).filter(pk=anne.pk).exists()


def test_someone_active_in_another_network_is_not_expired(world):
    from people.services import participation_add

    world.org.retention_months = 1
    world.org.save()
    participation_add(
        actor=world.worker_b, participant=world.anne, network=world.network_b, date=dt.date(2026, 8, 1)
    )
    _leave(world, world.anne, dt.date(2026, 8, 2), network=world.network_a)
    assert not erasure.expired_participants(organisation=world.org).filter(pk=world.anne.pk).exists()


def test_history_of_a_new_participant_is_kept_until_erasure(world):
    with acting_as(world.worker_a):
        zoe = participant_register(
            actor=world.worker_a, network=world.network_a, name="Zoë", phone="0699999999"
        )
    from privacy.models import FieldChange

    assert "0699999999" in str(
        list(FieldChange.objects.filter(participant_id=zoe.pk).values_list("changes", flat=True))
    )
    erasure.participant_erase(actor=world.coordinator, participant=zoe)
    assert "0699999999" not in str(list(FieldChange.objects.values_list("changes", flat=True)))
