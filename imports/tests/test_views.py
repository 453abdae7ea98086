"""The import pages over HTTP: upload, columns, preview, import, undo; who may reach them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import BatchStatus, ImportBatch
from imports.tests.conftest import fixture_bytes
from people.models import Participant


def _upload(client, network, name, data=None):
    return client.post(
        reverse("imports:start", args=[network.pk]),
        {"file": SimpleUploadedFile(name, data if data is not None else fixture_bytes(name))},
    )


def _mapping_post(batch, **extra) -> dict:
    data = {}
    for i, entry in enumerate(batch.mapping["sheets"]):
        data[f"kind_{i}"] = entry["kind"]
        for col, field in entry["columns"].items():
            data[f"col_{i}_{col}"] = field
    return data | extra


def test_upload_columns_preview_import_and_undo(world, login):
    client = login(world.worker_a)
    network = world.network_a
    page = client.get(reverse("imports:start", args=[network.pk]))
    assert page.status_code == 200 and "voorbeeldblad" in page.content.decode().lower()

    response = _upload(client, network, "groep.xlsx")
    batch = ImportBatch.objects.get(network=network, status=BatchStatus.DRAFT)
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports:columns", args=[network.pk, batch.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert (
        "Blad Deelnemers (6 rijen)" in page
        and "8 kolommen met een datum, van 1 sep 2026 tot 20 okt 2026" in page
    )
    assert 'value="first_visit" selected' in page  # "Eerste bezoek" guessed

    # The attendance needs an activity: a Dutch message, nothing saved, the choices kept.
    response = client.post(response["Location"], _mapping_post(batch, activity=""))
    assert response.status_code == 200
    assert "Kies de activiteit waar de aanwezigheid bij hoort." in response.content.decode()
    response = client.post(
        reverse("imports:columns", args=[network.pk, batch.pk]),
        _mapping_post(batch, activity="new", activity_name="Soepmiddag"),
    )
    assert response["Location"] == reverse("imports:preview", args=[network.pk, batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "7 nieuwe deelnemers" in page and "8 bijeenkomsten van Soepmiddag" in page
    assert Participant.objects.count() == 3  # nothing written by the preview

    response = client.post(reverse("imports:preview", args=[network.pk, batch.pk]), {"import": "1"})
    assert response["Location"] == reverse("imports:batch", args=[network.pk, batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "7 nieuwe deelnemers" in page and "Deze import ongedaan maken" in page
    assert Participant.objects.count() == 10

    # The coordinator sees the import but cannot undo it; the worker who imported can.
    coordinator = login(world.coordinator, c=type(client)())
    page = coordinator.get(reverse("imports:batch", args=[network.pk, batch.pk])).content.decode()
    assert "Deze import ongedaan maken" not in page
    coordinator.post(reverse("imports:undo", args=[network.pk, batch.pk]))
    assert Participant.objects.count() == 10
    client.post(reverse("imports:undo", args=[network.pk, batch.pk]))
    assert Participant.objects.count() == 3
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE


def test_another_kind_of_sheet_is_saved_and_its_columns_shown_again(world, login):
    client = login(world.worker_a)
    network = world.network_a
    _upload(client, network, "groep.xlsx")
    batch = ImportBatch.objects.get(network=network)
    url = reverse("imports:columns", args=[network.pk, batch.pk])
    response = client.post(url, _mapping_post(batch, kind_0="skip"), follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "De kolommen zijn opnieuw geraden" in response.content.decode()
    batch.refresh_from_db()
    assert (batch.mapping["sheets"][0]["kind"], batch.version) == ("skip", 2)


def test_problems_are_shown_and_the_import_refused_until_skipped(world, login):
    client = login(world.worker_a)
    network = world.network_a
    _upload(client, network, "problemen.xlsx")
    batch = ImportBatch.objects.get(network=network)
    client.post(
        reverse("imports:columns", args=[network.pk, batch.pk]),
        _mapping_post(batch, activity="new", activity_name="Soep"),
    )
    page = client.get(reverse("imports:preview", args=[network.pk, batch.pk])).content.decode()
    assert "8 rijen met problemen" in page and "De naam ontbreekt." in page
    response = client.post(reverse("imports:preview", args=[network.pk, batch.pk]), {"import": "1"})
    assert response.status_code == 200
    assert "8 rijen hebben problemen" in response.content.decode()
    assert Participant.objects.count() == 3
    response = client.post(
        reverse("imports:preview", args=[network.pk, batch.pk]), {"import": "1", "skip_problems": "on"}
    )
    assert response.status_code == 302
    assert (
        Participant.objects.count() == 5
    )  # Ans and Gea; Frits's row had a problem, and so his attendance went too


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("macro.xlsm", b"PK\x03\x04", "macro"),
        ("oud.xls", b"\xd0\xcf", "Sla het blad op als .xlsx of .csv"),
        ("kapot.xlsx", b"PK\x03\x04kapot", "geen leesbaar .xlsx-bestand"),
    ],
)
def test_unreadable_files_get_a_dutch_message(world, login, name, data, message):
    client = login(world.worker_a)
    response = _upload(client, world.network_a, name, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert message in " ".join(response.context["form"].errors["file"])  # at the file field
    assert not ImportBatch.objects.exists()


def test_a_file_above_the_limit_is_refused_without_storing_it(world, login, settings, tmp_path):
    settings.IMPORT_MAX_BYTES = 2000
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client = login(world.worker_a)
    response = _upload(client, world.network_a, "groep.xlsx")
    assert response.status_code == 200
    assert "groter dan" in response.content.decode()
    assert response.context["form"].errors["file"] == [
        "Het bestand is groter dan 0 MB. Verdeel het over kleinere bestanden."
    ]
    assert not ImportBatch.objects.exists()
    assert list(tmp_path.iterdir()) == []  # nothing written to disk


def test_a_large_upload_stays_in_memory(world, login, settings, tmp_path):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100  # Django would write anything above this to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client = login(world.worker_a)
    assert _upload(client, world.network_a, "jaar-40-deelnemers.xlsx").status_code == 302
    assert list(tmp_path.iterdir()) == []


def test_who_may_import(world, login):
    url = reverse("imports:start", args=[world.network_a.pk])
    for user, status in [
        (world.worker_a, 200),
        (world.backup_a, 200),
        (world.coordinator, 200),
        (world.worker_b, 404),
        (world.evaluator, 403),
        (world.researcher, 403),
        (world.admin, 403),
        (world.outsider, 404),
    ]:
        assert login(user).get(url).status_code == status, user.username


def test_a_draft_is_only_for_who_uploaded_it(world, login):
    client = login(world.worker_a)
    _upload(client, world.network_a, "groep.xlsx")
    batch = ImportBatch.objects.get()
    other = login(world.backup_a, c=type(client)())
    for name in ("imports:columns", "imports:preview", "imports:batch"):
        assert other.get(reverse(name, args=[world.network_a.pk, batch.pk])).status_code == 404
    assert other.post(reverse("imports:undo", args=[world.network_a.pk, batch.pk])).status_code == 404


def test_the_sample_sheet_imports_without_problems(world, login):
    from imports import reading
    from imports.plan import build_plan

    client = login(world.worker_a)
    response = client.get(reverse("imports:sample", args=[world.network_a.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = reading.read_upload("voorbeeld.xlsx", response.content)
    assert [s.title for s in sheets] == ["Deelnemers", "Aanwezigheid"]
    _upload(client, world.network_a, "voorbeeld.xlsx", response.content)
    batch = ImportBatch.objects.get()
    plan = build_plan(
        network=world.network_a, sheets=batch.sheets, mapping=dict(batch.mapping, activity_name="Soep")
    )
    assert plan.problems == []
    assert len(plan.new_people) == 10 and len(plan.dates) == 12


def test_the_list_of_imports_reads_a_fixed_number_of_queries(world, login, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from imports import services
    from imports.tests.conftest import with_new_activity

    client = login(world.worker_a)
    url = reverse("imports:start", args=[world.network_a.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    batch = with_new_activity(draft("aanwezigheid-tab-utf8.csv"), name="Soep 1")
    services.import_run(actor=world.worker_a, batch=batch)
    one = queries()
    for i, name in enumerate(["aanwezigheid-komma-cp1252.csv", "deelnemers-puntkomma-bom.csv"]):
        batch = with_new_activity(
            draft(name, actor=world.backup_a if i else world.worker_a), name=f"Soep {i + 2}"
        )
        services.import_run(actor=batch.created_by, batch=batch, skip_problems=True)
    page = client.get(url).content.decode()
    assert page.count('<tr><td><a href="/import/netwerk/') == 3
    assert queries() == one


def test_the_upload_is_csrf_protected(world):
    from django.test import Client

    from accounts.testing import sign_in

    client = sign_in(Client(enforce_csrf_checks=True), world.worker_a)
    response = _upload(client, world.network_a, "groep.xlsx")
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()
