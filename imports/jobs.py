"""A large spreadsheet import as a background job (jobs app): registered in the imports app's ready().

The job runs `imports.services.import_run` with its progress; access is checked again when it runs.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import access
from jobs.registry import Kind, register


def _import_params(data) -> dict:
    try:
        network, batch = int(data.get("network", "")), int(data.get("batch", ""))
    except (TypeError, ValueError):
        raise Http404 from None
    decisions = data.get("decisions") or {}
    if not isinstance(decisions, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(k) < 40 and len(v) < 20
        for k, v in decisions.items()
    ):
        raise Http404
    return {"network": network, "batch": batch, "decisions": decisions, "skip": bool(data.get("skip"))}


def _import_batch(user, params):
    """The user's own draft in a network they may import into (access through accounts.access)."""
    from imports.models import BatchStatus, ImportBatch

    network = access.get_network(user, params["network"], "import.run")
    batch = ImportBatch.objects.filter(pk=params["batch"], network=network, created_by=user).first()
    if batch is None:
        raise access.deny(user, "import", params["batch"])
    return network, batch, batch.status == BatchStatus.DRAFT


def _import_title(user, params) -> str:
    network, batch, _draft = _import_batch(user, params)
    return _("Import of %(file)s into %(network)s") % {"file": batch.file_name, "network": network.name}


def _import_make(run) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    from imports import services
    from imports.models import ImportBatch
    from imports.progress import reporter
    from privacy.actor import acting_as

    # Access is checked again as the job runs: the role or the network may have been taken away.
    try:
        access.get_network(run.user, run.params["network"], "import.run")
    except (Http404, PermissionDenied):
        raise ValidationError(_("You no longer have access to this network: nothing was imported.")) from None
    if not ImportBatch.objects.filter(pk=run.params["batch"], created_by=run.user).exists():
        raise ValidationError(
            _(
                "The uploaded file is no longer there (it is kept for %(hours)s hours until it is imported): "
                "upload it again."
            )
            % {"hours": settings.IMPORT_DRAFT_HOURS}
        )
    _network, batch, draft = _import_batch(run.user, run.params)
    if not draft:  # imported meanwhile (another job, or in the request): nothing left to do
        return None
    run.progress(0.01, _("Checking the rows again"))
    with acting_as(run.user), reporter(run) as progress:
        services.import_run(
            actor=run.user,
            batch=batch,
            decisions=run.params["decisions"],
            skip_problems=run.params["skip"],
            progress=progress,
        )
    return None


def _import_result(job) -> tuple[str, str]:
    from django.urls import reverse

    return (
        reverse("imports:batch", args=[job.params["network"], job.params["batch"]]),
        _("See what was imported"),
    )


def register_kind() -> None:
    """Called once, from the imports app's ready()."""
    register(
        Kind(
            key="import",
            permission="import.run",
            title=_import_title,
            make=_import_make,
            params=_import_params,
            result=_import_result,
        )
    )
