from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from core import editing, hooks
from core.dates import limit, network_start
from networks.models import Network
from people import hooks as people_hooks
from people import selectors, services
from people.forms import (
    AddToNetworkForm,
    LinkPartnerForm,
    MergeForm,
    ParticipantForm,
    PartnerContactForm,
    PartnerForm,
    RegisterForm,
    RouteEventForm,
)
from people.models import Participation, Partner, PartnerContact, Stage


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
            "page": page,
            "networks": networks,
            "network_id": network_id,
            "stage": stage,
            "query": query,
            "stages": Stage.choices,
        },
    )


@access.permission_required("participant.view")
def network_participants(request, network_pk: int):
    """A network's participants by stage (its "Participants" tab), with the quick registration form."""
    network = access.get_network(request.user, network_pk, "participant.view")
    return render(
        request,
        "people/network_participants.html",
        {
            "network": network,
            "groups": selectors.network_participants(network=network),
            "can_register": access.can(request.user, "participant.create"),
        },
    )


@access.permission_required("participant.create")
def participant_register(request, network_pk: int):
    network = access.get_network(request.user, network_pk, "participant.create")
    form = RegisterForm(
        request.POST or None,
        organisation=network.organisation,
        reachable=access.participants_for(request.user),
    )
    limit(form, "date", earliest=network_start(network))
    duplicates = []
    if request.method == "POST" and form.is_valid() and not request.POST.get("toch_nieuw"):
        # One person, one record: a similar name first asks whether this is someone we know.
        duplicates = selectors.likely_duplicates(
            user=request.user, organisation_id=network.organisation_id, name=form.cleaned_data["name"]
        )
        for candidate in duplicates:
            candidate.here = candidate.in_network(network.pk)

    def save(cleaned):
        data = dict(cleaned)
        stage, date = data.pop("stage"), data.pop("date")
        data = {k: v for k, v in data.items() if v not in ("", None)}
        return services.participant_register(
            actor=request.user, network=network, stage=stage, date=date, **data
        )

    def back(person) -> str:
        if request.POST.get("terug") == "netwerk":  # the quick form on the network's participant page
            return reverse("people:network_participants", args=[network.pk])
        return reverse("people:detail", args=[person.pk])

    if not duplicates:
        saved = editing.save_form(
            request,
            form,
            save=save,
            success_message=lambda person: _("%(name)s has been registered.") % {"name": person.name},
            success_url=back,
        )
        if saved:
            return saved
    return render(
        request,
        "people/register.html",
        {
            "form": form,
            "network": network,
            "duplicates": duplicates,
            "date": form.cleaned_data.get("date") if duplicates else None,
        },
    )


@access.permission_required("participant.view")
def participant_detail(request, pk: int):
    participant = access.get_participant(request.user, pk)
    hooks.on_personal_data_viewed(
        user=request.user, participant_ids=[participant.pk], what="participant.detail"
    )
    context = selectors.participant_detail(user=request.user, participant=participant)
    context.update(
        people_hooks.participant_history(
            user=request.user,
            participant=participant,
            network_ids=[p.network_id for p in context["participations"]],
        )
    )
    context.update(
        participant=participant,
        can_merge=access.can(request.user, "participant.merge"),
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
    form = ParticipantForm(
        request.POST or None,
        initial=editing.stored_values(participant, ParticipantForm),
        organisation=participant.organisation,
        reachable=access.participants_for(request.user),
        exclude_pk=participant.pk,
    )

    def save(data):
        data = dict(data)
        version = data.pop("version") or 0
        services.participant_update(
            actor=request.user, participant=participant, expected_version=version, **data
        )

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=_("Changes saved."),
        success_url=reverse("people:detail", args=[participant.pk]),
    )
    if saved:
        return saved
    hooks.on_personal_data_viewed(
        user=request.user, participant_ids=[participant.pk], what="participant.edit"
    )
    return render(request, "people/edit.html", {"form": form, "participant": participant})


@access.permission_required("route.record")
def route_record(request, pk: int, participation_pk: int):
    participant = access.get_participant(request.user, pk, "route.record")
    network_ids = access.network_ids_for(request.user, "route.record")
    participation = participant.participations.filter(pk=participation_pk, network_id__in=network_ids).first()
    if participation is None:
        raise access.deny(request.user, "participation", participation_pk)
    form = RouteEventForm(request.POST or None, organisation=participant.organisation)
    limit(form, "date", earliest=network_start(participation.network))
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.route_record(actor=request.user, participation=participation, **data),
        success_message=_("The step on the route has been recorded."),
        success_url=reverse("people:detail", args=[participant.pk]),
    )
    return saved or render(
        request,
        "people/route_form.html",
        {"form": form, "participant": participant, "participation": participation},
    )


@access.permission_required("participant.create")
def participation_add(request, pk: int):
    participant = access.get_participant(request.user, pk, "participant.create")
    networks = access.networks_for(request.user, "participant.create").filter(archived_at__isnull=True)
    form = AddToNetworkForm(request.POST or None, networks=networks)

    def back(participation) -> str:
        if request.POST.get("terug") == "netwerk":  # the quick form on the network's participant page
            return reverse("people:network_participants", args=[participation.network_id])
        return reverse("people:detail", args=[participant.pk])

    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.participation_add(actor=request.user, participant=participant, **data),
        success_message=lambda participation: (
            _("%(name)s now also takes part in %(network)s.")
            % {"name": participant.name, "network": form.cleaned_data["network"].name}
        ),
        success_url=back,
    )
    return saved or render(request, "people/add_network.html", {"form": form, "participant": participant})


@access.permission_required("partner.view")
def partner_list(request):
    partners = (
        access.org_objects(request.user, Partner, "partner.view")
        .prefetch_related(Prefetch("networks", queryset=Network.objects.order_by("name")))
        .order_by("archived", "name")
    )
    return render(
        request,
        "people/partners.html",
        {
            "partners": partners,
            "can_manage": access.can(request.user, "partner.manage"),
            "can_add": access.can(request.user, "partner.add"),
        },
    )


def _linkable_networks(user):
    """The networks a user may link partners to (and log contacts for)."""
    return access.networks_for(user, "partner.contact").filter(archived_at__isnull=True).order_by("name")


@access.permission_required("partner.add")
def partner_create(request):
    networks = _linkable_networks(request.user)
    initial = {}
    from_network = request.GET.get("netwerk", "")
    if from_network.isdigit():
        initial["networks"] = list(networks.filter(pk=int(from_network)).values_list("pk", flat=True))
    form = PartnerForm(
        request.POST or None, organisation=request.user.organisation, networks=networks, initial=initial
    )
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.partner_create(
            actor=request.user,
            organisation=request.user.organisation,
            name=data["name"],
            kind=data["kind"],
            contact=data["contact"],
            neighbourhood=data["neighbourhood"],
            networks=data["networks"],
        ),
        success_message=_("Partner saved."),
        success_url=lambda partner: reverse("people:partner_detail", args=[partner.pk]),
    )
    return saved or render(request, "people/partner_form.html", {"form": form, "title": _("New partner")})


@access.permission_required("partner.view")
def partner_detail(request, pk: int):
    partner = access.get_org_object(request.user, Partner, pk, "partner.view")
    context = selectors.partner_detail(user=request.user, partner=partner)
    context.update(partner=partner, can_manage=access.can(request.user, "partner.manage"))
    return render(request, "people/partner_detail.html", context)


@access.permission_required("partner.manage")
def partner_edit(request, pk: int):
    partner = access.get_org_object(request.user, Partner, pk, "partner.manage")
    networks = _linkable_networks(request.user)
    form = PartnerForm(
        request.POST or None,
        initial=editing.stored_values(partner, PartnerForm),
        organisation=request.user.organisation,
        networks=networks,
        exclude_pk=partner.pk,
    )
    reachable = set(networks.values_list("pk", flat=True))
    unreachable = [n for n in partner.networks.all() if n.pk not in reachable]

    def save(data):
        services.partner_update(
            partner=partner,
            name=data["name"],
            kind=data["kind"],
            contact=data["contact"],
            archived=data["archived"],
            neighbourhood=data["neighbourhood"],
            networks=[*unreachable, *data["networks"]],
            expected_version=data.get("version") or 0,
        )

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=_("Partner saved."),
        success_url=reverse("people:partner_detail", args=[partner.pk]),
    )
    return saved or render(request, "people/partner_form.html", {"form": form, "title": partner.name})


def _network_partner_page(request, network, *, contact_form=None, link_form=None, status=200):
    partners = selectors.partners_for_network(network)
    all_partners = access.org_objects(request.user, Partner, "partner.view").filter(archived=False)
    others = all_partners.exclude(pk__in=[p.pk for p in partners])
    context = {
        "network": network,
        "partners": partners,
        "contacts": selectors.contacts_for_network(network),
        "contact_form": contact_form or PartnerContactForm(partners=all_partners),
        "link_form": link_form or LinkPartnerForm(partners=others),
        "can_add": access.can(request.user, "partner.add"),
        "today": timezone.localdate(),
    }
    return render(request, "people/network_partners.html", context, status=status)


@access.permission_required("partner.contact")
def network_partners(request, network_pk: int):
    network = access.get_network(request.user, network_pk, "partner.contact")
    return _network_partner_page(request, network)


@access.permission_required("partner.contact")
@require_POST
def network_partner_contact(request, network_pk: int):
    network = access.get_network(request.user, network_pk, "partner.contact")
    partners = access.org_objects(request.user, Partner, "partner.view").filter(archived=False)
    form = PartnerContactForm(request.POST, partners=partners)
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.partner_contact_record(actor=request.user, network=network, **data),
        success_message=_("The contact moment has been logged."),
        success_url=reverse("people:network_partners", args=[network.pk]),
    )
    return saved or _network_partner_page(request, network, contact_form=form, status=400)


@access.permission_required("partner.contact")
@require_POST
def network_partner_link(request, network_pk: int):
    network = access.get_network(request.user, network_pk, "partner.contact")
    partners = access.org_objects(request.user, Partner, "partner.view")
    if request.POST.get("ontkoppel"):
        partner = (
            partners.filter(pk=request.POST["ontkoppel"]).first()
            if request.POST["ontkoppel"].isdigit()
            else None
        )
        if partner is None:
            raise access.deny(request.user, "partner", request.POST["ontkoppel"])
        services.partner_link(partner=partner, network=network, linked=False)
        messages.success(
            request, _("%(partner)s is no longer linked to this network.") % {"partner": partner.name}
        )
        return redirect("people:network_partners", network.pk)
    form = LinkPartnerForm(request.POST, partners=partners.filter(archived=False))
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.partner_link(partner=data["partner"], network=network),
        success_message=_("The partner is linked to this network."),
        success_url=reverse("people:network_partners", args=[network.pk]),
    )
    return saved or _network_partner_page(request, network, link_form=form, status=400)


@access.permission_required("partner.contact")
@require_POST
def network_partner_done(request, network_pk: int, contact_pk: int):
    network = access.get_network(request.user, network_pk, "partner.contact")
    contact = PartnerContact.objects.filter(pk=contact_pk, network=network).first()
    if contact is None:
        raise access.deny(request.user, "partnercontact", contact_pk)
    try:
        services.partner_contact_follow_up_done(contact=contact)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The next step is marked as done."))
    return redirect("people:network_partners", network.pk)


# ----- merging two records of one person -----------------------------------------------------------


@access.permission_required("participant.merge")
def merge_choose(request, pk: int):
    participant = access.get_participant(request.user, pk, "participant.merge")
    query = request.GET.get("q", "").strip()[:100]
    candidates = selectors.likely_duplicates(
        user=request.user,
        organisation_id=participant.organisation_id,
        name=participant.name,
        exclude_ids=[participant.pk],
    )
    found = []
    if query:
        found = list(
            access.participants_for(request.user, "participant.merge")
            .filter(Q(name__icontains=query) | Q(full_name__icontains=query))
            .exclude(pk=participant.pk)
            .prefetch_related(
                Prefetch("participations", queryset=Participation.objects.select_related("network"))
            )
            .order_by("name", "id")[:20]
        )
    return render(
        request,
        "people/merge_choose.html",
        {"participant": participant, "candidates": candidates, "found": found, "query": query},
    )


@access.permission_required("participant.merge")
def merge_confirm(request, pk: int, other_pk: int):
    keep = access.get_participant(request.user, pk, "participant.merge")
    remove = access.get_participant(request.user, other_pk, "participant.merge")
    problems = services.merge_conflicts(keep, remove)
    form = MergeForm(request.POST if request.method == "POST" and not problems else None)

    def save(data):
        services.participant_merge(
            actor=request.user,
            keep=keep,
            remove=remove,
            keep_version=_int(data["keep_version"]),
            remove_version=_int(data["remove_version"]),
        )
        hooks.on_personal_data_viewed(user=request.user, participant_ids=[keep.pk], what="participant.merge")

    def on_conflict(_current):
        # The confirm page again, read afresh: both records as they are now.
        messages.error(request, _("One of the two records was changed in the meantime. Check them again."))
        return redirect("people:merge", keep.pk, remove.pk)

    saved = editing.save_form(
        request,
        form,
        save=save,
        on_conflict=on_conflict,
        success_message=lambda _saved: _("The two records are one now: %(name)s.") % {"name": keep.name},
        success_url=reverse("people:detail", args=[keep.pk]),
    )
    if saved:
        return saved
    problems = problems or form.non_field_errors()  # what the service refused
    context = selectors.merge_preview(keep=keep, remove=remove)
    context.update(keep=keep, remove=remove, problems=problems)
    return render(
        request,
        "people/merge_confirm.html",
        context,
        status=400 if problems and request.method == "POST" else 200,
    )


def _int(value) -> int:
    return int(value) if value and str(value).isdigit() else -1
