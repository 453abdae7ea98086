"""Background downloads: start, progress, the stored file (own user only, 0600, audited), failure and
retry, a crashed worker's job picked up again (never twice at once), removal after N days and at erasure."""

import datetime as dt
import io
import stat

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from accounts.models import Role
from accounts.services import user_invite
from jobs import registry, services
from jobs.models import Job, JobParticipant, WorkerBeat
from privacy import services as privacy_services
from privacy.erasure import participant_erase
from privacy.models import AuditEntry


@pytest.fixture
def study(world):
    for person in (world.anne, world.bert):
        privacy_services.consent_set(
            actor=world.coordinator, participant=person, scope="research", given=True
        )
    return privacy_services.study_create(actor=world.researcher, name="Eenzaamheid 2026")


def _start(client, study, fmt="xlsx"):
    response = client.post(reverse("privacy:study_export", args=[study.pk, fmt]))
    assert response.status_code == 302
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_export_runs_in_the_background_and_waits_for_its_user(world, study, login, private_media):
    client = login(world.researcher)
    job = _start(client, study)
    assert job.status == "queued" and job.user == world.researcher
    task = DBTaskResult.objects.get(id=job.task_id)  # queued in the database, in the same transaction
    assert task.status == "READY" and task.args_kwargs["args"] == [job.pk]
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    text = page.content.decode()
    assert 'http-equiv="refresh"' in text and "<progress" in text
    assert "geen achtergrondverwerker" in text  # no worker has beaten yet: the page says why it waits
    WorkerBeat.objects.create(worker_id="w1", started_at=timezone.now(), seen_at=timezone.now())
    assert (
        "geen achtergrondverwerker" not in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    )

    assert services.job_execute(job_id=job.pk, worker_id="w1") == "done"
    assert services.job_execute(job_id=job.pk, worker_id="w2") == "skipped"  # never twice
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 1.0 and job.file_name.endswith(".xlsx")
    assert job.expires_at == job.finished_at + dt.timedelta(days=7)
    assert set(JobParticipant.objects.filter(job=job).values_list("participant_id", flat=True)) == {
        world.anne.pk,
        world.bert.pk,
    }
    path = private_media / job.file_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(private_media.stat().st_mode) == 0o700

    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert reverse("jobs:download", args=[job.pk]) in page and "refresh" not in page
    listing = client.get(reverse("jobs:list")).content.decode()
    assert "Eenzaamheid 2026" in listing and job.file_name in listing

    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {"participants", "route_events", "networks"} <= set(book.sheetnames)
    audited = AuditEntry.objects.filter(
        actor_id=world.researcher.pk, action="export.download.research_export"
    )
    assert set(audited.values_list("participant_id", flat=True)) == {world.anne.pk, world.bert.pk}


def test_only_the_user_who_asked_reaches_the_download(world, study, login):
    job = _start(login(world.researcher), study)
    services.job_execute(job_id=job.pk, worker_id="w1")
    colleague = user_invite(
        actor=None,
        organisation=world.org,
        username="researcher2",
        email="r2@example.org",
        first_name="R",
        roles=[Role.RESEARCHER],
        password="correct-horse-battery",
    )
    for user in (colleague, world.coordinator, world.admin):
        client = login(user)
        for name in ("jobs:detail", "jobs:status", "jobs:download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (user, name)
        assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404
        assert client.post(reverse("jobs:delete", args=[job.pk])).status_code == 404
        assert str(job.title) not in client.get(reverse("jobs:list")).content.decode()
    assert Job.objects.filter(pk=job.pk).exists()


def test_starting_another_organisations_study_is_404_and_others_may_not_export(world, study, login):
    from privacy.models import Study

    theirs = Study.objects.create(organisation=world.other_org, name="West")
    client = login(world.researcher)
    assert client.post(reverse("privacy:study_export", args=[theirs.pk, "xlsx"])).status_code == 404
    assert client.post(reverse("privacy:study_export", args=[study.pk, "nonsense"])).status_code == 404
    assert (
        login(world.coordinator).post(reverse("privacy:study_export", args=[study.pk, "xlsx"])).status_code
        == 403
    )
    assert not Job.objects.exists()


def test_a_second_click_while_waiting_gives_the_same_job(world, study, login):
    client = login(world.researcher)
    assert _start(client, study) == _start(client, study)
    assert _start(client, study, "graphml") != _start(client, study)


def test_a_failed_job_says_so_in_dutch_and_can_be_retried(world, study, login, monkeypatch):
    client = login(world.researcher)
    job = _start(client, study)

    def broken(run):
        run.progress(0.2, "Writing the tables")
        raise RuntimeError("disk full")

    kind = registry.KINDS["research_export"]
    monkeypatch.setitem(
        registry.KINDS,
        "research_export",
        registry.Kind(
            key=kind.key, permission=kind.permission, title=kind.title, make=broken, params=kind.params
        ),
    )
    with pytest.raises(RuntimeError):
        services.job_execute(job_id=job.pk, worker_id="w1")
    job.refresh_from_db()
    assert job.status == "failed" and not list((services.downloads_dir()).iterdir())
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "ging iets mis" in page and reverse("jobs:retry", args=[job.pk]) in page
    monkeypatch.undo()
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == "queued" and DBTaskResult.objects.filter(id=job.task_id, status="READY").exists()
    assert services.job_execute(job_id=job.pk, worker_id="w1") == "done"


def test_a_crashed_workers_job_is_picked_up_again_and_the_old_worker_stops(world, study, login, frozen_time):
    job = _start(login(world.researcher), study)
    claimed = Job.objects.filter(pk=job.pk, status="queued").update(
        status="running", worker_id="dead", heartbeat_at=timezone.now(), attempts=1
    )
    assert claimed == 1
    assert services.jobs_recover() == 0  # beating recently: still its own
    frozen_time.shift(dt.timedelta(seconds=61))
    first_task = job.task_id
    assert services.jobs_recover() == 1
    job.refresh_from_db()
    assert job.status == "queued" and job.worker_id == "" and job.task_id != first_task
    # The old worker wakes up: its next progress report finds the job is no longer its own.
    stale_run = services.JobRun(job, io.BytesIO(), "dead")
    with pytest.raises(services.JobLost):
        stale_run.progress(0.5)
    assert services.job_execute(job_id=job.pk, worker_id="alive") == "done"
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2


def test_after_three_interruptions_the_job_fails(world, study, login, frozen_time):
    job = _start(login(world.researcher), study)
    Job.objects.filter(pk=job.pk).update(
        status="running", worker_id="dead", heartbeat_at=timezone.now(), attempts=3
    )
    frozen_time.shift(dt.timedelta(minutes=5))
    services.jobs_recover()
    job.refresh_from_db()
    assert job.status == "failed" and "drie keer" in str(
        __import__("django.utils.translation").utils.translation.gettext(job.error)
    )


def test_files_are_removed_after_the_retention_period(
    world, study, login, frozen_time, settings, django_capture_on_commit_callbacks
):
    settings.DOWNLOAD_RETENTION_DAYS = 3
    job = _start(login(world.researcher), study)
    services.job_execute(job_id=job.pk, worker_id="w1")
    job.refresh_from_db()
    path = services.downloads_dir().parent / job.file_path
    frozen_time.shift(dt.timedelta(days=2))
    assert services.jobs_cleanup() == 0 and path.exists()
    frozen_time.shift(dt.timedelta(days=1, minutes=1))
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobs_cleanup", stdout=io.StringIO())
    assert not Job.objects.filter(pk=job.pk).exists() and not path.exists()


def test_erasure_of_anyone_in_a_file_removes_it(world, study, login, django_capture_on_commit_callbacks):
    client = login(world.researcher)
    job = _start(client, study)
    services.job_execute(job_id=job.pk, worker_id="w1")
    job.refresh_from_db()
    path = services.downloads_dir().parent / job.file_path
    other = Job.objects.create(
        organisation=world.org,
        user=world.researcher,
        kind="research_export",
        title="x",
        status="done",
        participants_known=True,
    )
    JobParticipant.objects.create(job=other, participant_id=world.bert.pk)
    with django_capture_on_commit_callbacks(execute=True):
        report = participant_erase(actor=world.coordinator, participant=world.anne)
    assert report["files_removed"] == 1
    assert not Job.objects.filter(pk=job.pk).exists() and not path.exists()
    assert Job.objects.filter(pk=other.pk).exists()  # Anne is not in it


def test_status_json_and_query_counts(world, study, login, django_assert_max_num_queries):
    client = login(world.researcher)
    job = _start(client, study)
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert status["status"] == "queued" and status["percent"] == 0 and status["worker_running"] is False
    for _ in range(3):
        _start(client, study, "graphml") if _ == 0 else _start(
            client, study, "participants" if _ == 1 else "networks"
        )
    with django_assert_max_num_queries(8):
        assert client.get(reverse("jobs:list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200


def test_the_reports_run_in_the_background_too(world, login):
    client = login(world.coordinator)
    response = client.post(
        reverse("jobs:start", args=["process_report"]), {"van": "2026-01-01", "tot": "2026-11-01"}
    )
    job = Job.objects.get(user=world.coordinator)
    assert response.status_code == 302 and job.params["van"] == "2026-01-01"
    assert services.job_execute(job_id=job.pk, worker_id="w1") == "done"
    job.refresh_from_db()
    assert job.file_name == "procesevaluatie-20260101-20261101.docx" and not job.participants_known
    assert login(world.worker_a).post(reverse("jobs:start", args=["process_report"])).status_code == 403
    assert client.post(reverse("jobs:start", args=["nonsense"])).status_code == 404
