from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from jobs import selectors, services
from jobs.models import Job


@require_GET
@access.permission_required("jobs.view")
def job_list(request):
    return render(
        request,
        "jobs/list.html",
        {
            "jobs": selectors.my_jobs(request.user),
            "worker_running": selectors.worker_running(),
            "retention_days": selectors.retention_days(),
        },
    )


@require_POST
@access.permission_required("jobs.view")
def job_start(request, kind: str):
    job = services.job_start(user=request.user, kind=kind, data=request.POST)
    return redirect("jobs:detail", pk=job.pk)


@require_GET
@access.permission_required("jobs.view")
def job_detail(request, pk: int):
    job = access.get_own_object(request.user, Job, pk, "jobs.view")
    view = selectors.job_view(job)
    running = selectors.worker_running() if job.active else True
    return render(
        request,
        "jobs/detail.html",
        {
            "view": view,
            "job": job,
            "worker_running": running,
            "retention_days": selectors.retention_days(),
        },
    )


@require_GET
@access.permission_required("jobs.view")
def job_status(request, pk: int):
    """The progress as JSON for the page's small script (the page works without it)."""
    job = access.get_own_object(request.user, Job, pk, "jobs.view")
    view = selectors.job_view(job)
    return JsonResponse(
        {
            "status": job.status,
            "percent": view.percent,
            "step": _(job.step) if job.step else "",
            "seconds_left": view.seconds_left,
            "ahead": view.ahead,
            "worker_running": selectors.worker_running() if job.active else True,
        }
    )


@require_GET
@access.permission_required("jobs.view")
def job_download(request, pk: int):
    job = access.get_own_object(request.user, Job, pk, "jobs.view")
    if (
        job.status != Job.Status.DONE
        or not job.file_path
        or (job.expires_at and job.expires_at < timezone.now())
    ):
        raise Http404
    try:
        handle = (services.downloads_dir().parent / job.file_path).open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.job_downloaded(user=request.user, job=job)
    return FileResponse(handle, as_attachment=True, filename=job.file_name, content_type=job.content_type)


@require_POST
@access.permission_required("jobs.view")
def job_retry(request, pk: int):
    job = access.get_own_object(request.user, Job, pk, "jobs.view")
    services.job_retry(user=request.user, job=job)
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@access.permission_required("jobs.view")
def job_delete(request, pk: int):
    job = access.get_own_object(request.user, Job, pk, "jobs.view")
    services.job_delete(user=request.user, job=job)
    messages.success(request, _("The download has been removed."))
    return redirect("jobs:list")
