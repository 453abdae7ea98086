"""Support data is personal data: access requests show it, erasure removes what identifies."""

from django.urls import reverse

from privacy import subject_access
from privacy.erasure import participant_erase
from support.models import SupportObservation, SupportTie


def _rows(participant, label):
    return next(
        s["rows"]
        for s in subject_access.collect(participant=participant, user=None, complete=True)["sections"]
        if s["model"] == label
    )


def test_an_access_request_shows_support_given_and_received(group, record):
    record(group["anne"], [group["kees"]], note="Boodschappen gedaan")
    assert _rows(group["anne"], "support.SupportObservation")
    assert _rows(group["kees"], "support.SupportTie")
    assert not _rows(group["kees"], "support.SupportObservation")


def test_erasure_blanks_notes_and_names_but_keeps_the_network(world, group, record, login):
    record(group["anne"], [group["kees"]], note="Met Anne naar de markt")
    record(group["kees"], [group["anne"]], note="Kees bracht Anne naar huis")
    participant_erase(actor=world.worker_a, participant=group["anne"])
    notes = sorted(SupportObservation.objects.values_list("note", flat=True))
    assert all("Anne" not in note for note in notes)
    assert SupportTie.objects.count() == 2  # the figures of the group stay right
    page = login(world.worker_a).get(reverse("support:network", args=[world.network_a.pk]))
    assert page.status_code == 200 and page.context["period"].graph.number_of_edges() == 2
