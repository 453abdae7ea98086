from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import access
from core import editing, hooks
from core.dates import limit, network_start
from people import selectors, services
from people.forms import AddToNetworkForm, ParticipantForm, PartnerForm, RegisterForm, RouteEventForm
from people.models import Partner, Stage


@access.permission_required("participant.view")
def participant_list(request):
    networks = list(access.networks_for(request.user, "participant.view").filter(archived_at__isnull=True))
    network_id = request.GET.get("netwerk")
    network_id = int(network_id) if network_id and network_id.isdigit() else None
    if network_id and network_id not in {n.pk for n in networks}:
        network_id = None
    stage = request.GET.get("fase", "active")
    if stage not in Stage.values and stage not in ("active", ""):
        stage = "active"
    query = request.GET.get("q", "").strip()[:100]
    rows = selectors.participant_list(user=request.user, network_id=network_id, stage=stage, query=query)
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "people/list.html",
        {
            "page": page, "networks": networks, "network_id": network_id, "stage": stage, "query": query,
            "stages": Stage.choices,
        },
    )  # fmt: skip


@access.permission_required("participant.create")
def participant_register(request, network_pk: int):
    network = access.get_network(request.user, network_pk, "participant.create")
    form = RegisterForm(request.POST or None, organisation=network.organisation)
    limit(form, "date", earliest=network_start(network))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        stage, date = data.pop("stage"), data.pop("date")
        data = {k: v for k, v in data.items() if v not in ("", None)}
        try:
            person = services.participant_register(
                actor=request.user, network=network, stage=stage, date=date, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s has been registered.") % {"name": person.name})
            if request.POST.get("terug") == "netwerk":  # the quick form on the network's participant page
                return redirect("networks:participants", network.pk)
            return redirect("people:detail", person.pk)
    return render(request, "people/register.html", {"form": form, "network": network})


@access.permission_required("participant.view")
def participant_detail(request, pk: int):
    participant = access.get_participant(request.user, pk)
    hooks.on_personal_data_viewed(
        user=request.user, participant_ids=[participant.pk], what="participant.detail"
    )
    context = selectors.participant_detail(user=request.user, participant=participant)
    context.update(
        participant=participant,
        route_form=RouteEventForm(organisation=participant.organisation),
        can_edit=access.can(request.user, "participant.edit"),
        can_route=access.can(request.user, "route.record"),
    )
    if context["other_networks"]:
        context["add_form"] = AddToNetworkForm(
            networks=access.networks_for(request.user, "participant.create")
        )
    return render(request, "people/detail.html", context)


@access.permission_required("participant.edit")
def participant_edit(request, pk: int):
    participant = access.get_participant(request.user, pk, "participant.edit")
    form = ParticipantForm(request.POST or None, instance=participant, organisation=participant.organisation)

    def save(data):
        data = dict(data)
        version = data.pop("version") or 0
        services.participant_update(
            actor=request.user, participant=participant, expected_version=version, **data
        )

    saved = editing.save_form(
        request, form, save=save, success_message=_("Changes saved."),
        success_url=reverse("people:detail", args=[participant.pk]),
    )  # fmt: skip
    return saved or render(request, "people/edit.html", {"form": form, "participant": participant})


@access.permission_required("route.record")
def route_record(request, pk: int, participation_pk: int):
    participant = access.get_participant(request.user, pk, "route.record")
    network_ids = access.network_ids_for(request.user, "route.record")
    participation = participant.participations.filter(pk=participation_pk, network_id__in=network_ids).first()
    if participation is None:
        raise access.deny(request.user, "participation", participation_pk)
    form = RouteEventForm(request.POST or None, organisation=participant.organisation)
    limit(form, "date", earliest=network_start(participation.network))
    if request.method == "POST" and form.is_valid():
        try:
            services.route_record(actor=request.user, participation=participation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The step on the route has been recorded."))
            return redirect("people:detail", participant.pk)
    return render(
        request,
        "people/route_form.html",
        {"form": form, "participant": participant, "participation": participation},
    )


@access.permission_required("participant.create")
def participation_add(request, pk: int):
    participant = access.get_participant(request.user, pk, "participant.create")
    networks = access.networks_for(request.user, "participant.create").filter(archived_at__isnull=True)
    form = AddToNetworkForm(request.POST or None, networks=networks)
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_add(actor=request.user, participant=participant, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s now also takes part in %(network)s.") % {
                "name": participant.name, "network": form.cleaned_data["network"].name})  # fmt: skip
            return redirect("people:detail", participant.pk)
    return render(request, "people/add_network.html", {"form": form, "participant": participant})


@access.permission_required("partner.view")
def partner_list(request):
    partners = access.org_objects(request.user, Partner, "partner.view")
    return render(
        request,
        "people/partners.html",
        {"partners": partners, "can_manage": access.can(request.user, "partner.manage")},
    )


@access.permission_required("partner.manage")
def partner_create(request):
    form = PartnerForm(request.POST or None, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        services.partner_create(organisation=request.user.organisation, **form.cleaned_data)
        messages.success(request, _("Partner saved."))
        return redirect("people:partners")
    return render(request, "people/partner_form.html", {"form": form, "title": _("New partner")})


@access.permission_required("partner.manage")
def partner_edit(request, pk: int):
    partner = access.get_org_object(request.user, Partner, pk, "partner.manage")
    form = PartnerForm(request.POST or None, instance=partner, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        services.partner_update(partner=partner, **form.cleaned_data)
        messages.success(request, _("Partner saved."))
        return redirect("people:partners")
    return render(request, "people/partner_form.html", {"form": form, "title": partner.name})
