"""Role x page x action for every privacy view and every persona."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.testing import sign_in
from privacy import services
from privacy.models import Study

ALL = {
    "worker_a",
    "backup_a",
    "worker_b",
    "coordinator",
    "evaluator",
    "researcher",
    "admin",
    "norole",
    "outsider",
}


def _study(w):
    return Study.objects.get_or_create(organisation=w.org, name="Matrix")[0].pk


def _point(w):
    services.consent_set(actor=None, participant=w.anne, scope="points_of_attention", given=True)
    return services.attention_add(actor=w.worker_a, participant=w.anne, text="x").pk


# url name -> (method, kwargs(world), personas who succeed (200 or 302)); everybody else 403/404.
ACTIONS = {
    "privacy:file_log_index": ("get", lambda w: {}, {"admin"}),
    "privacy:file_log": ("get", lambda w: {"pk": w.anne.pk}, {"admin"}),
    "privacy:participant": ("get", lambda w: {"pk": w.anne.pk}, {"worker_a", "backup_a", "coordinator"}),
    "privacy:access_request": ("get", lambda w: {"pk": w.anne.pk}, {"worker_a", "backup_a", "coordinator"}),
    "privacy:access_request_json": (
        "get",
        lambda w: {"pk": w.anne.pk},
        {"worker_a", "backup_a", "coordinator"},
    ),
    "privacy:erase": ("get", lambda w: {"pk": w.anne.pk}, {"coordinator"}),
    # Only the privacy officer (not one of these personas; test_access_erasure.py signs one in).
    "privacy:subject_access_index": ("get", lambda w: {}, set()),
    "privacy:subject_access": ("get", lambda w: {"pk": w.anne.pk}, set()),
    "privacy:subject_access_json": ("get", lambda w: {"pk": w.anne.pk}, set()),
    "privacy:attention_add": ("post", lambda w: {"pk": w.anne.pk}, {"worker_a", "backup_a"}),
    "privacy:attention_delete": (
        "post",
        lambda w: {"pk": w.anne.pk, "point_pk": _point(w)},
        {"worker_a", "backup_a"},
    ),
    "privacy:studies": ("get", lambda w: {}, {"researcher"}),
    "privacy:study": ("get", lambda w: {"pk": _study(w)}, {"researcher"}),
    "privacy:study_export": ("post", lambda w: {"pk": _study(w), "fmt": "xlsx"}, {"researcher"}),
}


def test_every_privacy_url_is_in_the_matrix():
    from core.tests.test_ownership import _named_patterns

    names = {name for name, _pattern in _named_patterns() if name.startswith("privacy:")}
    assert names == set(ACTIONS)


@pytest.mark.parametrize("url_name", sorted(ACTIONS))
def test_privacy_matrix(world, url_name):
    method, kwargs, allowed = ACTIONS[url_name]
    for persona, user in world.personas().items():
        services.consent_set(actor=None, participant=world.anne, scope="points_of_attention", given=True)
        url = reverse(url_name, kwargs=kwargs(world))
        client = sign_in(Client(), user)
        data = {"text": "Nieuw aandachtspunt"} if url_name == "privacy:attention_add" else {}
        status = getattr(client, method)(url, data).status_code
        if persona in allowed:
            assert status in (200, 302), (persona, status)
        else:
            assert status in (403, 404), (persona, status)
    assert allowed <= ALL
