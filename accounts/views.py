from django.db.models import Prefetch
from django.forms import model_to_dict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import access, selectors, services
from accounts.forms import LocationForm, OrganisationForm, UserEditForm, UserInviteForm
from accounts.models import Location, RoleAssignment, User
from core import editing
from core.views import error_page


def permission_denied(request, exception=None):
    """'No access' (handler403), naming the role that can do what was asked (from the permission table)."""
    context: dict = {}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["has_role"] = bool(user.roles)
        permission = selectors.denied_permission(request, exception)
        if permission is not None:
            context["help"] = selectors.who_can_help(user=user, permission=permission)
    return error_page(request, "core/errors/403.html", 403, context)


@access.permission_required("user.manage")
def user_list(request):
    users = access.org_objects(request.user, User, "user.manage").prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("role"))
    )
    return render(request, "accounts/user_list.html", {"users": users})


@access.permission_required("user.manage")
def user_invite(request):
    form = UserInviteForm(request.POST or None)
    # Not editing.save_form: the answer to a saved invitation is a page with the one-time link, not a redirect.
    if request.method == "POST" and form.is_valid():
        user = services.user_invite(
            actor=request.user, organisation=request.user.organisation, **form.cleaned_data
        )
        link = request.build_absolute_uri(services.user_password_link(user=user))
        return render(request, "accounts/user_invited.html", {"invited": user, "link": link})
    return render(request, "accounts/user_form.html", {"form": form, "title": _("New user")})


@access.permission_required("user.manage")
def user_edit(request, pk: int):
    target = access.get_org_object(request.user, User, pk, "user.manage")
    initial = {
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "is_active": target.is_active,
        "roles": sorted(target.roles),
    }
    form = UserEditForm(request.POST or None, initial=initial, editing_self=target == request.user)

    def save(data):
        data = dict(data)
        # The roles first: a refused change of roles stops before anything is written.
        services.user_set_roles(actor=request.user, user=target, roles=data.pop("roles"))
        services.user_update(actor=request.user, user=target, **data)

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=lambda _saved: (
            _("The account of %(name)s has been saved.") % {"name": target.display_name}
        ),
        success_url=reverse("accounts:users"),
    )
    if saved:
        return saved
    link = None
    if not target.has_usable_password():
        link = request.build_absolute_uri(services.user_password_link(user=target))
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "title": target.display_name, "target": target, "link": link},
    )


@access.permission_required("location.view")
def location_list(request):
    locations = access.org_objects(request.user, Location, "location.view")
    return render(
        request,
        "accounts/location_list.html",
        {"locations": locations, "can_manage": access.can(request.user, "location.manage")},
    )


@access.permission_required("location.manage")
def location_create(request):
    form = LocationForm(request.POST or None, organisation=request.user.organisation)
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.location_create(
            organisation=request.user.organisation, **{k: v for k, v in data.items() if k != "version"}
        ),
        success_message=_("Location saved."),
        success_url=reverse("accounts:locations"),
    )
    return saved or render(request, "accounts/location_form.html", {"form": form, "title": _("New location")})


@access.permission_required("location.manage")
def location_edit(request, pk: int):
    location = access.get_org_object(request.user, Location, pk, "location.manage")
    form = LocationForm(
        request.POST or None,
        initial=editing.stored_values(location, LocationForm),
        organisation=request.user.organisation,
        exclude_pk=location.pk,
    )

    def save(data):
        services.location_update(
            location=location,
            expected_version=data["version"] or 0,
            name=data["name"],
            address=data["address"],
            offers=data["offers"],
            archived=data["archived"],
        )

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=_("Location saved."),
        success_url=reverse("accounts:locations"),
    )
    return saved or render(request, "accounts/location_form.html", {"form": form, "title": location.name})


@access.permission_required("organisation.manage")
def organisation_edit(request):
    organisation = request.user.organisation
    # No version on the organisation (one admin's settings): its stored values, without the version.
    form = OrganisationForm(
        request.POST or None, initial=model_to_dict(organisation, fields=OrganisationForm._meta.fields)
    )
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.organisation_update(actor=request.user, organisation=organisation, **data),
        success_message=_("Organisation settings saved."),
        success_url=reverse("accounts:organisation"),
    )
    return saved or render(request, "accounts/organisation_form.html", {"form": form})
