import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from core import editing, hooks
from core.files import CSV_CONTENT_TYPE, GRAPHML_CONTENT_TYPE
from core.formatting import written_date
from core.redirects import safe_next
from support import exports, selectors, services
from support.forms import ObservationForm, PeriodForm
from support.models import SupportKind, SupportObservation
from support.sociogram import render_sociogram


def _support_url(network) -> str:
    return reverse("support:network", args=[network.pk])


@access.permission_required("support.view")
@require_GET
def network_support(request, network_id: int):
    network = access.get_network(request.user, network_id, "support.view")
    start, end = selectors.default_period()
    form = PeriodForm(request.GET or None, initial={"van": start, "tot": end})
    start, end, kind = form.period()
    data = selectors.support_page_data(network=network, start=start, end=end, kind=kind)
    period = data["period"]
    kind_label = SupportKind(kind).label if kind else _("all kinds")
    title = _("Who supports whom in %(network)s, %(start)s to %(end)s (%(kind)s)") % {
        "network": network.name,
        "start": written_date(start),
        "end": written_date(end),
        "kind": kind_label,
    }
    desc = _(
        "%(people)s participants, %(ties)s ties, of which %(mutual)s in mutual pairs. "
        "Arrows point from giver to receiver. The table below the picture lists every tie."
    ) % {
        "people": period.graph.number_of_nodes(),
        "ties": period.graph.number_of_edges(),
        "mutual": sum(row.mutual for row in period.tie_rows),
    }
    show_people = access.can(request.user, "support.person")
    if show_people and data["people"]:
        hooks.on_personal_data_viewed(
            user=request.user,
            participant_ids=[r.participant.pk for r in data["people"]],
            what="support_summary",
        )
    return render(
        request,
        "support/network.html",
        {
            "network": network,
            "form": form,
            "period": period,
            "kind_label": kind_label,
            "sociogram": render_sociogram(period.graph, period.labels, title=title, desc=desc),
            "people": data["people"] if show_people else [],
            "show_people": show_people,
            "recent": period.observations[:15],
            "quarters": data["quarters"],
            "quarterly_chart": data["quarterly_chart"],
            "show_method": True,  # this page is the figures' own page: the technical table in its fold
            "kinds": SupportKind.choices,
            "can_record": access.can(request.user, "support.record"),
            "can_export": access.can(request.user, "support.export"),
            "query": request.GET.urlencode(),
        },
    )


def _prefill_date(request, network) -> dt.date:
    """?datum=YYYY-MM-DD or ?sessie=<id> (a session of this network) prefill the date; else today."""
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(request.GET.get("datum", ""))
    except ValueError:
        day = None
    session_id = access.object_id(request.GET.get("sessie"))
    if day is None and session_id is not None:
        day = selectors.session_date(network=network, session_id=session_id)
    return day if day is not None and day <= today else today


@access.permission_required("support.record")
def record(request, network_id: int):
    network = access.get_network(request.user, network_id, "support.record")
    form = ObservationForm(
        request.POST or None, network=network, initial={"date": _prefill_date(request, network)}
    )
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.observation_record(actor=request.user, network=network, **data),
        success_message=lambda observation: (
            _("Saved: support by %(giver)s (%(kind)s).")
            % {"giver": observation.giver.name, "kind": observation.get_kind_display()}
        ),
        success_url=safe_next(request, _support_url(network)),
    )
    return saved or render(
        request,
        "support/record.html",
        {"network": network, "form": form, "next": safe_next(request, "")},
    )


@access.permission_required("support.record")
@require_POST
def delete(request, pk: int):
    observation = (
        SupportObservation.objects.filter(
            pk=pk, network__in=access.networks_for(request.user, "support.record")
        )
        .select_related("network")
        .first()
    )
    if observation is None:
        raise access.deny(request.user, "support_observation", pk)
    services.observation_delete(actor=request.user, observation=observation)
    messages.success(request, _("The observation has been removed."))
    return redirect(_support_url(observation.network))


@access.permission_required("support.person")
@require_GET
def participant(request, network_id: int, participant_id: int):
    network = access.get_network(request.user, network_id, "support.person")
    person = access.get_participant(request.user, participant_id, "support.person")
    if not network.participations.filter(participant=person).exists():
        raise access.deny(request.user, "participant", participant_id)
    start, end = selectors.default_period()
    form = PeriodForm(request.GET or None, initial={"van": start, "tot": end})
    start, end, kind = form.period()
    data = selectors.participant_support(network=network, participant=person, start=start, end=end, kind=kind)
    hooks.on_personal_data_viewed(user=request.user, participant_ids=[person.pk], what="support_participant")
    return render(
        request,
        "support/participant.html",
        {
            "network": network,
            "person": person,
            "form": form,
            "start": start,
            "end": end,
            "kinds": SupportKind.choices,
            **data,
        },
    )


@access.permission_required("support.export")
@require_GET
def export(request, network_id: int, fmt: str):
    network = access.get_network(request.user, network_id, "support.export")
    form = PeriodForm(request.GET or None)
    start, end, kind = form.period()
    data = exports.export_data(network=network, start=start, end=end, kind=kind)
    hooks.on_export(user=request.user, what=f"support_{fmt}", participant_ids=data.participant_ids)
    name = f"wie-steunt-wie-{network.pk}-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "graphml":
        response = HttpResponse(exports.as_graphml(data), content_type=GRAPHML_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.graphml"'
    else:
        response = HttpResponse(exports.as_csv(data), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
