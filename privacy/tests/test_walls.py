"""The walls of issue 15 that have no better home: forms that list people, odd input, logs."""

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
