"""Every evaluation page for every persona: who gets it, and everybody else 403/404."""

import pytest
from django.urls import reverse

from accounts.testing import sign_in

EVERYONE_WITH_A_ROLE = {
    "worker_a",
    "backup_a",
    "worker_b",
    "coordinator",
    "evaluator",
    "researcher",
    "outsider",
}

# url name -> (kwargs from ev/world, personas with 200)
PAGES = {
    "evaluation:index": (lambda w, e: {}, EVERYONE_WITH_A_ROLE),
    "evaluation:network": (
        lambda w, e: {"network_pk": w.network_a.pk},
        {"worker_a", "backup_a", "coordinator"},
    ),
    "evaluation:templates": (lambda w, e: {}, {"coordinator", "evaluator"}),
    "evaluation:template": (lambda w, e: {"pk": e.template.pk}, {"coordinator", "evaluator"}),
    "evaluation:template_upload": (lambda w, e: {}, {"coordinator"}),
    "evaluation:round_create": (lambda w, e: {}, {"coordinator", "evaluator"}),
    "evaluation:round": (
        lambda w, e: {"pk": e.round.pk},
        {"worker_a", "backup_a", "coordinator", "evaluator"},
    ),
    "evaluation:round_edit": (lambda w, e: {"pk": e.round.pk}, {"coordinator", "evaluator"}),
    "evaluation:round_analysis": (
        lambda w, e: {"pk": e.round.pk},
        {"worker_a", "backup_a", "coordinator", "evaluator", "researcher"},
    ),
    "evaluation:analysis": (
        lambda w, e: {},
        {"worker_a", "backup_a", "worker_b", "coordinator", "evaluator", "researcher", "outsider"},
    ),
    "evaluation:interview": (lambda w, e: {"pk": e.interview.pk}, {"evaluator"}),
    "evaluation:report": (lambda w, e: {"pk": e.interview.pk}, {"evaluator", "coordinator"}),
    "evaluation:codebook": (lambda w, e: {}, {"coordinator", "evaluator"}),
    "evaluation:theme_edit": (lambda w, e: {"pk": e.theme.pk}, {"coordinator", "evaluator"}),
    "evaluation:codebook_qdc": (lambda w, e: {}, {"coordinator", "evaluator", "researcher"}),
    "evaluation:codebook_xlsx": (lambda w, e: {}, {"coordinator", "evaluator", "researcher"}),
    "evaluation:themes": (
        lambda w, e: {},
        {"worker_a", "backup_a", "worker_b", "coordinator", "evaluator", "researcher", "outsider"},
    ),
    "evaluation:thematic_report": (lambda w, e: {}, {"coordinator", "evaluator", "researcher"}),
}


@pytest.mark.parametrize("url_name", sorted(PAGES))
def test_role_page_matrix(world, ev, client, url_name):
    make_kwargs, allowed = PAGES[url_name]
    url = reverse(url_name, kwargs=make_kwargs(world, ev))
    for name, user in world.personas().items():
        sign_in(client, user)
        status = client.get(url).status_code
        if name in allowed:
            assert status == 200, (name, url, status)
        else:
            assert status in (403, 404), (name, url, status)


def test_an_evaluator_not_assigned_to_the_round_reaches_none_of_it(world, ev, login):
    from accounts.models import Role
    from accounts.services import user_invite

    other = user_invite(
        actor=None,
        organisation=world.org,
        username="eva2",
        email="e2@example.org",
        first_name="Eva",
        roles=[Role.EVALUATOR],
        password="correct-horse-battery",
    )
    client = login(other)
    for url in (
        reverse("evaluation:round", args=[ev.round.pk]),
        reverse("evaluation:interview", args=[ev.interview.pk]),
        reverse("evaluation:report", args=[ev.interview.pk]),
        reverse("evaluation:round_analysis", args=[ev.round.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert "Evaluatie 2026" not in client.get(reverse("evaluation:index")).content.decode()


def test_evaluators_see_only_evaluation_in_the_menu(world, ev, login):
    page = login(world.evaluator).get(reverse("evaluation:index")).content.decode()
    assert reverse("evaluation:index") in page
    assert reverse("networks:list") not in page and reverse("people:list") not in page


def test_researcher_gets_no_names_or_round_pages(world, ev, login):
    client = login(world.researcher)
    assert client.get(reverse("evaluation:round", args=[ev.round.pk])).status_code == 403
    for name in ("evaluation:analysis", "evaluation:themes"):
        page = client.get(reverse(name)).content.decode()
        assert "Anne" not in page
