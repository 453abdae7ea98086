"""The background task behind every job (Django's tasks framework, django-tasks backport)."""

from django_tasks import task

from jobs import worker_state


@task()
def run_job(job_id: int) -> str:
    from jobs.services import job_execute

    return job_execute(job_id=job_id, worker_id=worker_state.worker_id())
