"""The research export as a long download (jobs app): registered in the privacy app's ready()."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from accounts import access
from jobs.registry import Kind, register


def _research_params(data) -> dict:
    from privacy import research

    fmt = str(data.get("format", ""))
    try:
        study = int(data.get("study", ""))
    except (TypeError, ValueError):
        raise Http404 from None
    if fmt not in research.formats():
        raise Http404
    return {"study": study, "format": fmt}


def _research_title(user, params) -> str:
    from privacy import research
    from privacy.models import Study

    study = access.get_org_object(user, Study, params["study"], "research.export")
    fmt = params["format"]
    if fmt == "xlsx":
        what = _("all tables (.xlsx)")
    elif fmt == "graphml":
        what = _("network of ties (GraphML)")
    else:
        what = f"{research.TABLES[fmt][0]} (CSV)"
    return _("Research export %(study)s: %(what)s") % {"study": study.name, "what": what}


def _research_make(run) -> tuple[str, str]:
    from privacy import research
    from privacy.models import Study

    # Access is checked again as the job runs: the role may have been taken away meanwhile.
    study = access.get_org_object(run.user, Study, run.params["study"], "research.export")
    run.progress(0.01, research.STEP_CONSENT)
    ctx = research.context_for(study)
    run.participant_ids = set(ctx.participant_ids)
    research.write_export(ctx, run.params["format"], run.file, progress=run.progress)
    return research.file_name(study, run.params["format"])


def register_kinds() -> None:
    register(
        Kind(
            key="research_export",
            permission="research.export",
            title=_research_title,
            make=_research_make,
            params=_research_params,
        )
    )
