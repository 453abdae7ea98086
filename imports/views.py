from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from core import editing
from core.files import clean_text
from imports import forms, reading, selectors, services
from imports import sample as sample_sheet
from imports.models import BatchStatus, ImportBatch
from imports.plan import build_plan
from imports.uploads import LimitedMemoryUploadHandler
from jobs.services import job_start
from practice.models import Activity

PERMISSION = "import.run"
MAX_PROBLEMS_SHOWN = 200


def _network(request, network_id: int):
    return access.get_network(request.user, network_id, PERMISSION)


def _batch(request, network, batch_id: int, *, draft: bool | None = None) -> ImportBatch:
    """A batch of this network; a draft only for the person who uploaded it (others: 404)."""
    batch = ImportBatch.objects.filter(network=network, pk=batch_id).first()
    if batch is None or (batch.status == BatchStatus.DRAFT and batch.created_by_id != request.user.pk):
        raise access.deny(request.user, "import", batch_id)
    if draft is True and batch.status != BatchStatus.DRAFT:
        raise Http404
    return batch


@csrf_exempt
def start(request, network_id: int):
    """The upload page. The file is kept in memory only (imports.uploads), so the upload handlers are
    set before the request body is read; the CSRF check follows in the inner view."""
    if request.method == "POST":
        request.upload_handlers = [LimitedMemoryUploadHandler(request)]
    return _start(request, network_id)


@csrf_protect
@access.permission_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def _start(request, network_id: int):
    network = _network(request, network_id)
    posted = request.method == "POST"
    form = forms.UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        too_large=getattr(request, "import_too_large", False),
    )

    def save(data) -> ImportBatch:
        upload = data["file"]
        try:
            sheets = reading.read_upload(upload.name, upload.read())
        except reading.ReadError as error:
            raise ValidationError({"file": str(error)}) from None  # at the file, by editing.save_form
        services.drafts_expire()
        return services.batch_create(
            actor=request.user, network=network, file_name=clean_text(upload.name), sheets=sheets
        )

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=None,  # the next step of the import, not yet saved
        success_url=lambda batch: reverse("imports:columns", args=[network.pk, batch.pk]),
    )
    if saved:
        return saved
    return render(
        request,
        "imports/start.html",
        {
            "network": network,
            "form": form,
            "batches": selectors.batches(network),
            "undo_hours": settings.IMPORT_UNDO_HOURS,
            "max_mb": settings.IMPORT_MAX_BYTES // 1_000_000,
            "max_rows": settings.IMPORT_MAX_ROWS,
        },
    )


@access.permission_required(PERMISSION)
def sample(request, network_id: int):
    _network(request, network_id)
    response = HttpResponse(
        sample_sheet.sample_workbook(timezone.localdate()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="voorbeeld-vangnetwerk.xlsx"'
    return response


@access.permission_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def columns(request, network_id: int, batch_id: int):
    network = _network(request, network_id)
    batch = _batch(request, network, batch_id, draft=True)
    activities = list(Activity.objects.filter(network=network).order_by("name"))
    form = forms.MappingForm(request.POST or None, batch=batch, activities=activities)

    def save(_data) -> bool:
        services.batch_set_mapping(actor=request.user, batch=batch, mapping=form.mapping)
        return form.kind_changed

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=lambda kind_changed: (
            (messages.INFO, _("The columns were guessed again for the new kind of sheet: check them."))
            if kind_changed
            else None
        ),
        success_url=lambda kind_changed: reverse(
            "imports:columns" if kind_changed else "imports:preview", args=[network.pk, batch.pk]
        ),
    )
    return saved or render(
        request, "imports/columns.html", {"network": network, "batch": batch, "form": form}
    )


@access.permission_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def preview(request, network_id: int, batch_id: int):
    network = _network(request, network_id)
    batch = _batch(request, network, batch_id)
    if batch.status != BatchStatus.DRAFT:  # e.g. the second of two quick clicks on "Import"
        return redirect("imports:batch", network.pk, batch.pk)
    running = selectors.running_job(request.user, batch)
    if running is not None:  # a large import of this file is being done in the background
        return redirect("jobs:detail", pk=running.pk)
    plan = build_plan(network=network, sheets=batch.sheets, mapping=batch.mapping)
    problems = plan.problems
    form = forms.PreviewForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        decisions, skip = form.decisions(), form.cleaned_data["skip_problems"]
        plan = build_plan(
            network=network,
            sheets=batch.sheets,
            mapping=batch.mapping,
            decisions=decisions,
            skip_problems=skip,
        )
    batch_url = reverse("imports:batch", args=[network.pk, batch.pk])

    def run(_data) -> tuple[str, str | None]:
        """The import, or its background job: (where to go, what to say)."""
        if services.in_background(plan):
            services.import_check(plan)
            job = job_start(
                user=request.user,
                kind="import",
                data={"network": network.pk, "batch": batch.pk, "decisions": decisions, "skip": skip},
            )
            return reverse("jobs:detail", args=[job.pk]), None
        try:
            services.import_run(actor=request.user, batch=batch, decisions=decisions, skip_problems=skip)
        except ValidationError:
            batch.refresh_from_db(fields=["status"])
            if batch.status == BatchStatus.DRAFT:
                raise
            return batch_url, None  # done in the meantime (a second click): its page
        return batch_url, _("The import is done.")

    if "import" in request.POST:  # else the preview again, with the choices made
        saved = editing.save_form(
            request,
            form,
            save=run,
            success_message=lambda done: done[1],
            success_url=lambda done: done[0],
        )
        if saved:
            return saved
    return render(
        request,
        "imports/preview.html",
        {
            "network": network,
            "batch": batch,
            "plan": plan,
            "form": form,
            "problems": problems[:MAX_PROBLEMS_SHOWN],
            "problems_more": max(0, len(problems) - MAX_PROBLEMS_SHOWN),
            "problem_rows": len({p.ref for p in problems}),
            "new_people": plan.new_people,
            "matched": form.matched_rows(),
            "background": services.in_background(plan),
        },
    )


@access.permission_required(PERMISSION)
def batch(request, network_id: int, batch_id: int):
    network = _network(request, network_id)
    batch = _batch(request, network, batch_id)
    if batch.status == BatchStatus.DRAFT:
        return redirect("imports:columns", network.pk, batch.pk)
    return render(
        request,
        "imports/batch.html",
        {
            "network": network,
            "batch": batch,
            "can_undo": services.can_undo(batch, request.user),
            "deadline": services.undo_deadline(batch),
            "later_work": services.later_work(batch) if services.can_undo(batch, request.user) else [],
        },
    )


@access.permission_required(PERMISSION)
@require_POST
def undo(request, network_id: int, batch_id: int):
    network = _network(request, network_id)
    batch = _batch(request, network, batch_id)
    try:
        services.import_undo(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The import has been undone: everything it created has been removed."))
    return redirect("imports:batch", network.pk, batch.pk)
