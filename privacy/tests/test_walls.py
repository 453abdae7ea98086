"""The walls of issue 15 that have no better home: forms that list people, odd input, logs."""

import json

import pytest
from django.urls import reverse


def test_invited_by_lists_only_the_participants_the_worker_may_see(world, login):
    """worker_a works in network_a (Anne); Bert is in network_b: his name is not in her forms."""
    client = login(world.worker_a)
    for url in (
        reverse("people:register", args=[world.network_a.pk]),
        reverse("people:edit", args=[world.anne.pk]),
    ):
        page = client.get(url).content.decode()
        assert f'<option value="{world.bert.pk}"' not in page and ">Bert<" not in page
    register = client.get(reverse("people:register", args=[world.network_a.pk])).content.decode()
    assert f'<option value="{world.anne.pk}"' in register
    # Nor can she post another network's participant as the one who invited.
    response = client.post(
        reverse("people:register", args=[world.network_a.pk]),
        {"name": "Carla", "invited_by_participant": world.bert.pk, "stage": "first_visit"},
    )
    from people.models import Participant

    assert response.status_code == 200  # the form again, with a message at the field
    assert not Participant.objects.filter(name="Carla").exists()


def test_a_coordinator_sees_every_participant_of_the_organisation_there(world, login):
    page = (
        login(world.coordinator).get(reverse("people:register", args=[world.network_a.pk])).content.decode()
    )
    assert f'<option value="{world.bert.pk}"' in page
    assert f'<option value="{world.olga.pk}"' not in page


def _id_urls(world):
    """Every URL pattern with an integer argument, each such argument 2**64 (beyond any table)."""
    from django.urls.converters import IntConverter

    from core.tests.test_ownership import _cases, _named_patterns

    cases = _cases()
    for name, pattern in _named_patterns():
        converters = pattern.pattern.converters
        ints = [key for key, converter in converters.items() if isinstance(converter, IntConverter)]
        if not ints or not cases.get(name):
            continue
        kwargs = dict(cases[name](world) or {})
        kwargs.update(dict.fromkeys(ints, 2**64))
        yield name, reverse(name, kwargs=kwargs)


def test_an_id_beyond_64_bits_is_not_found_on_every_url(world):
    """2**64 in any id of any URL: 404 (was a 500: the database or the audit write overflowed)."""
    from django.test import Client

    from accounts.testing import sign_in

    walked = []
    for user in (world.coordinator, world.worker_a, world.admin, world.researcher):
        client = sign_in(Client(raise_request_exception=False), user)
        for name, url in _id_urls(world):
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                walked.append(name)
                assert status in (403, 404, 405), (user.username, method, url, status)
    assert len(set(walked)) > 40


def test_ids_typed_into_query_strings_and_forms_beyond_64_bits(world, login):
    client = login(world.worker_a)
    huge = str(2**64)
    assert (
        client.get(reverse("support:record", args=[world.network_a.pk]), {"sessie": huge}).status_code == 200
    )
    assert (
        client.post(reverse("practice:tasks", args=[world.network_a.pk]), {"toggle": huge}).status_code == 404
    )
    assert (
        client.post(
            reverse("practice:stages", args=[world.network_a.pk]), {"participation": huge}
        ).status_code
        == 404
    )
    assert client.get(reverse("people:detail", args=[world.anne.pk]) + "?netwerk=" + huge).status_code == 200
    admin = login(world.admin)
    response = admin.get(reverse("privacy:file_log_index"), {"nummer": huge})
    assert response.status_code == 200 and "heel getal" in response.content.decode()


def test_the_denial_of_an_id_too_large_for_a_table_is_still_audited(world):
    from accounts import access
    from privacy.models import AuditEntry

    error = access.deny(world.worker_a, "participant", 2**64)
    assert error is not None
    entry = AuditEntry.objects.get(action="access.denied", object_type="participant")
    assert entry.participant_id is None and entry.object_id == str(2**64)


def _question(**extra):
    return {
        "kind": "scale",
        "code": "contact",
        "text": "Ik heb contact.",
        "low": "nee",
        "high": "ja",
        **extra,
    }


def _upload(client, content: str):
    return client.post(reverse("evaluation:template_upload"), {"name": "", "content": content})


ODD_QUESTIONNAIRES = {
    "nested 50,000 deep": '{"questions": ' + "[" * 50_000 + "]" * 50_000 + "}",
    "a 300-character name": json.dumps({"name": "x" * 300, "questions": [_question()]}),
    "a question of 5,000 characters": json.dumps(
        {"name": "Lijst", "questions": [_question(text="x" * 5000)]}
    ),
    "a meaning of 0 of 300 characters": json.dumps(
        {"name": "Lijst", "questions": [_question(low="n" * 300)]}
    ),
    "a megabyte": json.dumps({"name": "Lijst", "questions": [_question()], "extra": "x" * 1_000_000}),
}


@pytest.mark.parametrize("case", sorted(ODD_QUESTIONNAIRES))
def test_an_odd_questionnaire_is_a_message_at_the_field_and_stores_nothing(world, login, case):
    """On SQLite and PostgreSQL alike (was: RecursionError, and a NUL byte or a long name that SQLite
    stored but PostgreSQL refused with a 500)."""
    from evaluation.models import QuestionnaireTemplate

    before = QuestionnaireTemplate.objects.count()
    response = _upload(login(world.coordinator), ODD_QUESTIONNAIRES[case])
    assert response.status_code == 200
    assert response.context["form"].errors["content"]
    assert QuestionnaireTemplate.objects.count() == before


CONTROL_CHARACTERS = {
    "a NUL byte": json.dumps({"name": "Lijst\x00", "questions": [_question()]}),
    "a NUL byte in the text form": "# Lijst\nscale: contact | Ik heb\x00 contact | nee | ja",
    "a vertical tab from Word": json.dumps(
        {"name": "Lijst", "questions": [_question(text="Ik\x0bheb contact")]}
    ),
}


@pytest.mark.parametrize("case", sorted(CONTROL_CHARACTERS))
def test_control_characters_are_stripped_before_a_questionnaire_is_stored(world, login, case):
    """One rule for every input (core.files.clean_text, docs/exports.md): what XML cannot carry is
    stripped at the edge, so nothing with a NUL byte reaches SQLite or PostgreSQL."""
    from evaluation.models import QuestionnaireTemplate

    response = _upload(login(world.coordinator), CONTROL_CHARACTERS[case])
    assert response.status_code == 302
    stored = QuestionnaireTemplate.objects.get(name="Lijst")
    texts = [stored.name, stored.description] + [q.text for q in stored.questions.all()]
    assert not any(ch in text for text in texts for ch in "\x00\x0b")


def test_a_plain_questionnaire_still_loads(world, login):
    from evaluation.models import QuestionnaireTemplate

    response = _upload(login(world.coordinator), json.dumps({"name": "Lijst", "questions": [_question()]}))
    assert response.status_code == 302
    assert QuestionnaireTemplate.objects.filter(name="Lijst").exists()


def test_request_lines_are_logged_without_their_query_string(caplog):
    """Django's development server logs `GET /deelnemers/?q=Anne`: the filter keeps the name out."""
    import logging

    from core.logs import NoQueryStrings

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /deelnemers/?q=Anne HTTP/1.1", "200", "9"),
        None,
    )
    assert NoQueryStrings().filter(record)
    assert record.getMessage() == '"GET /deelnemers/ HTTP/1.1" 200 9'


def test_gunicorns_access_log_leaves_out_query_string_and_referrer():
    from pathlib import Path

    from django.conf import settings

    namespace: dict = {}
    exec(Path(settings.BASE_DIR, "gunicorn.conf.py").read_text(), namespace)  # noqa: S102 - our own file
    fmt = namespace["access_log_format"]
    assert "%(U)s" in fmt  # the path alone
    for leaky in ("%(r)s", "%(q)s", "%(f)s", "%({"):
        assert leaky not in fmt
