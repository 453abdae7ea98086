from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from core import editing
from core.registry import NETWORK_SECTIONS
from networks import phases, selectors, services
from networks.forms import AssignForm, NetworkCreateForm, NetworkForm, PhaseChangeForm
from networks.models import Phase


@access.permission_required("network.view")
def network_list(request):
    show_archived = request.GET.get("gearchiveerd") == "1"
    overview = selectors.network_overview(
        user=request.user,
        include_archived=show_archived,
        attention=request.GET.get("aandacht", "")[:20],
        page=request.GET.get("pagina"),
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "networks/list.html",
        {
            "networks": overview.cards,
            "overview": overview,
            "cards_digest": selectors.network_list_digest(overview.cards),
            "show_archived": show_archived,
            "page_query": query.urlencode(),
            "can_create": access.can(request.user, "network.create"),
        },
    )


@access.permission_required("network.create")
def network_create(request):
    form = NetworkCreateForm(request.POST or None, organisation=request.user.organisation)
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.network_create(
            actor=request.user, organisation=request.user.organisation, **data
        ),
        success_message=lambda network: (
            _("Support network %(name)s has been opened.") % {"name": network.name}
        ),
        success_url=lambda network: reverse("networks:detail", args=[network.pk]),
    )
    return saved or render(request, "networks/form.html", {"form": form, "title": _("New support network")})


@access.permission_required("participant.view")
def network_participants_moved(request, pk: int):
    """The participants page's old address: checked through the access layer first (another
    organisation's network is a 404 here too), then a permanent redirect to its place in the people app."""
    network = access.get_network(request.user, pk, "participant.view")
    return redirect(reverse("people:network_participants", args=[network.pk]), permanent=True)


@access.permission_required("network.view")
def network_detail(request, pk: int):
    network = access.get_network(request.user, pk)
    context = selectors.network_detail(network=network)
    context.update(
        network=network,
        can_edit=access.can(request.user, "network.edit"),
        can_phase=access.can(request.user, "network.phase"),
        can_assign=access.can(request.user, "network.assign"),
        sections=[section(network, request.user) for section in NETWORK_SECTIONS],
        tasks=phases.current_tasks(network, request.user),
    )
    return render(request, "networks/detail.html", context)


@access.permission_required("network.edit")
def network_edit(request, pk: int):
    network = access.get_network(request.user, pk, "network.edit")
    form = NetworkForm(
        request.POST or None,
        initial=editing.stored_values(network, NetworkForm),
        organisation=network.organisation,
        exclude_pk=network.pk,
    )

    def save(data):
        data = dict(data)
        version = data.pop("version") or 0
        services.network_update(actor=request.user, network=network, expected_version=version, **data)

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=_("Changes saved."),
        success_url=reverse("networks:detail", args=[network.pk]),
    )
    return saved or render(
        request, "networks/form.html", {"form": form, "title": network.name, "network": network}
    )


@access.permission_required("network.assign")
def network_workers(request, pk: int):
    network = access.get_network(request.user, pk, "network.assign")
    form = AssignForm(request.POST or None, organisation=network.organisation)
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.network_assign(actor=request.user, network=network, **data),
        success_message=lambda assignment: (
            _("%(name)s has been assigned.") % {"name": assignment.user.display_name}
        ),
        success_url=reverse("networks:workers", args=[network.pk]),
    )
    if saved:
        return saved
    assignments = network.assignments.select_related("user").order_by("role", "user__first_name")
    return render(
        request, "networks/workers.html", {"network": network, "form": form, "assignments": assignments}
    )


@require_POST
@access.permission_required("network.assign")
def network_unassign(request, pk: int, user_pk: int):
    network = access.get_network(request.user, pk, "network.assign")
    assignment = network.assignments.filter(user_id=user_pk).select_related("user").first()
    if assignment is None:
        raise access.deny(request.user, "assignment", user_pk)
    worker = assignment.user
    services.network_unassign(actor=request.user, network=network, user=worker)
    messages.success(request, _("%(name)s is no longer assigned.") % {"name": worker.display_name})
    return redirect("networks:workers", network.pk)


@access.permission_required("network.phase")
def network_phase(request, pk: int):
    network = access.get_network(request.user, pk, "network.phase")
    form = PhaseChangeForm(request.POST or None, network=network, shown_phase=request.GET.get("fase"))
    target = form.target()
    form.steps = phases.steps_to(network, target) if target else []
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.network_change_phase(actor=request.user, network=network, **data),
        success_message=_("The phase change has been recorded."),
        success_url=reverse("networks:detail", args=[network.pk]),
    )
    return saved or render(
        request,
        "networks/phase_form.html",
        {
            "form": form,
            "network": network,
            "target": target,
            "target_label": Phase(target).label if target else "",
            "steps": form.steps,
            "skipped": [Phase(p).label for p in phases.skipped_phases(network.phase, target)]
            if target
            else [],
        },
    )


@require_POST
@access.permission_required("network.archive")
def network_archive(request, pk: int):
    network = access.get_network(request.user, pk, "network.archive")
    services.network_archive(actor=request.user, network=network)
    messages.success(request, _("%(name)s has been archived.") % {"name": network.name})
    return redirect("networks:list")
