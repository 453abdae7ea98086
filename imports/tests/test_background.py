"""Large imports run as a background job (the jobs app, django-tasks' database backend) with their
progress; only the person who started it sees the job, and the job checks their access again when it
runs. Today is 25-11-2026 (root conftest)."""

import pytest
from django.http import Http404
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from imports.models import BatchStatus
from imports.tests.conftest import with_new_activity
from jobs.models import Job
from jobs.services import JobRun, job_start
from networks.services import network_unassign
from practice.models import Session


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def run_queued_task(job: Job) -> None:
    """What `manage.py jobs_worker` does with the job's task: django-tasks' database worker runs it."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    job.refresh_from_db()
    worker.run_task(DBTaskResult.objects.get(id=job.task_id))


@pytest.fixture
def steps(monkeypatch):
    """Every progress report of a job: (fraction, text)."""
    seen = []
    real = JobRun.progress

    def record(self, fraction, step=None):
        seen.append((fraction, step))
        return real(self, fraction, step)

    monkeypatch.setattr(JobRun, "progress", record)
    return seen


def test_a_large_import_runs_in_the_background_with_its_progress(world, draft, login, settings, steps):
    settings.IMPORT_BACKGROUND_ABOVE = 30  # groep.xlsx: 7 people, 30 presences and 1 excuse
    network = world.network_a
    batch = with_new_activity(draft("groep.xlsx"))
    client = login(world.worker_a)
    preview = reverse("imports:preview", args=[network.pk, batch.pk])
    assert "op de achtergrond" in client.get(preview).content.decode()  # the page says it will
    response = client.post(preview, {"import": "1"})
    job = Job.objects.get(kind="import")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.user == world.worker_a and job.status == Job.Status.QUEUED
    assert job.title == "Import van groep.xlsx in " + network.name
    assert not Session.objects.filter(network=network).exists()  # nothing done in the request
    # Back on the preview (or a second click): to the job, not a second import.
    assert client.get(preview)["Location"] == reverse("jobs:detail", args=[job.pk])
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "<progress" in page and "op de achtergrond" in page

    run_queued_task(job)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.file_path == "" and job.attempts == 1
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.summary["sessions"] == 8
    assert Session.objects.filter(network=network).count() == 8
    texts = [text for _fraction, text in steps]
    assert "7 deelnemers vastleggen" in texts
    assert "Bijeenkomst 1 van 8 (1 sep 2026)" in texts and "Bijeenkomst 8 van 8 (20 okt 2026)" in texts
    fractions = [fraction for fraction, _text in steps]
    assert fractions == sorted(fractions) and fractions[-1] < 1

    result = reverse("imports:batch", args=[network.pk, batch.pk])
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f'href="{result}"' in page and "Bekijk wat er is geïmporteerd" in page
    assert reverse("jobs:download", args=[job.pk]) not in page  # no file to download
    assert f'href="{result}"' in client.get(reverse("jobs:list")).content.decode()
    assert "Deze import ongedaan maken" in client.get(result).content.decode()  # the undo is there
    assert client.get(preview)["Location"] == result


def test_a_small_import_is_done_in_the_request(world, draft, login):
    network = world.network_a
    batch = with_new_activity(draft("groep.xlsx"))
    client = login(world.worker_a)
    response = client.post(reverse("imports:preview", args=[network.pk, batch.pk]), {"import": "1"})
    assert response["Location"] == reverse("imports:batch", args=[network.pk, batch.pk])
    assert not Job.objects.exists() and Session.objects.filter(network=network).count() == 8


def test_problems_are_shown_before_a_job_is_started(world, draft, login, settings):
    settings.IMPORT_BACKGROUND_ABOVE = 5
    network = world.network_a
    batch = with_new_activity(draft("problemen.xlsx"))
    client = login(world.worker_a)
    response = client.post(reverse("imports:preview", args=[network.pk, batch.pk]), {"import": "1"})
    assert response.status_code == 200 and "problemen" in response.content.decode()
    assert not Job.objects.exists()


def test_only_the_starter_sees_the_job_and_it_checks_access_again_when_it_runs(world, draft, login, settings):
    settings.IMPORT_BACKGROUND_ABOVE = 5
    network = world.network_a
    batch = with_new_activity(draft("groep.xlsx"))
    data = {"network": network.pk, "batch": batch.pk, "decisions": {}, "skip": False}
    job = job_start(user=world.worker_a, kind="import", data=data)
    for other in (world.coordinator, world.worker_b):
        assert login(other).get(reverse("jobs:detail", args=[job.pk])).status_code == 404
        with pytest.raises(Http404):  # another's draft, or a network they cannot import into
            job_start(user=other, kind="import", data=data)
    with pytest.raises(Http404):
        job_start(user=world.worker_a, kind="import", data={**data, "decisions": ["x"]})

    network_unassign(actor=world.coordinator, network=network, user=world.worker_a)  # taken off the network
    run_queued_task(job)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "Je hebt geen toegang meer tot dit vangnetwerk: er is niets geïmporteerd."
    assert not Session.objects.filter(network=network).exists()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT


def test_a_draft_deleted_while_its_job_waited_says_so(world, draft, settings):
    settings.IMPORT_BACKGROUND_ABOVE = 5
    batch = with_new_activity(draft("groep.xlsx"))
    job = job_start(
        user=world.worker_a, kind="import", data={"network": world.network_a.pk, "batch": batch.pk}
    )
    batch.delete()  # e.g. expired after IMPORT_DRAFT_HOURS while no worker ran
    run_queued_task(job)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert (
        job.error
        == "Het geüploade bestand is er niet meer (het wordt tot de import 24 uur bewaard): upload het opnieuw."
    )


def test_a_job_that_loses_its_job_midway_leaves_nothing_written(world, draft, settings, monkeypatch):
    """Taken over by another worker (its heartbeat stopped): the import stops and its transaction goes."""
    from jobs import services as jobs

    settings.IMPORT_BACKGROUND_ABOVE = 5
    batch = with_new_activity(draft("groep.xlsx"))
    job = job_start(
        user=world.worker_a, kind="import", data={"network": world.network_a.pk, "batch": batch.pk}
    )
    real = JobRun.progress

    def taken_over(self, fraction, step=None):
        if step and step.startswith("Bijeenkomst 4"):
            Job.objects.filter(pk=self.job.pk).update(worker_id="another")
        return real(self, fraction, step)

    monkeypatch.setattr(JobRun, "progress", taken_over)
    assert jobs.job_execute(job_id=job.pk, worker_id="w1") == "lost"
    assert not Session.objects.filter(network=world.network_a).exists()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT


@pytest.mark.django_db
def test_a_real_worker_process_imports_it_and_shows_the_progress_while_it_runs(tmp_path, request):
    """`manage.py jobs_worker` in its own process, against a database of its own. On PostgreSQL the
    progress is written through a connection of its own: the job's step says which session it is at
    while none of the import is visible yet (one transaction); on SQLite the step shows at the end."""
    import json
    import time

    from jobs.tests.test_processes import POSTGRES, Site

    site = Site(tmp_path, "import")
    request.addfinalizer(site.close)
    out = site.manage("shell", "-c", "from imports.tests.process_world import arrange; arrange()")
    arranged = json.loads(out.split("ARRANGED ", 1)[1].splitlines()[0])
    job = arranged["job"]
    assert site.job(job)["status"] == "queued"

    def sessions() -> int:
        return site.query("SELECT count(*) FROM practice_session WHERE network_id = ?", arranged["network"])[
            0
        ]

    site.worker(extra_env={"VANGNET_JOBS_TEST_STEP_DELAY": "0.4" if POSTGRES else "0"})
    seen = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status, step, batch, count = site.query(
            "SELECT status, step, (SELECT status FROM imports_importbatch WHERE id = ?),"
            " (SELECT count(*) FROM practice_session WHERE network_id = ?) FROM jobs_job WHERE id = ?",
            arranged["batch"],
            arranged["network"],
            job,
        )  # one statement: one moment of the database
        if batch == "draft":
            assert count == 0  # nothing of the import is visible before it is done as a whole
            if step.startswith("Bijeenkomst"):
                seen.add(step)
        if status in ("done", "failed"):
            break
        time.sleep(0.1)
    done = site.wait_for(job, "done", timeout=30)
    assert done["attempts"] == 1 and done["file_path"] == ""
    assert sessions() == 8
    assert site.query("SELECT status FROM imports_importbatch WHERE id = ?", arranged["batch"])[0] == "done"
    assert site.query("SELECT status FROM django_tasks_database_dbtaskresult")[0] == "SUCCESSFUL"
    if POSTGRES:
        assert len(seen) >= 3, seen  # e.g. "Bijeenkomst 3 van 8 (15 sep 2026)"
