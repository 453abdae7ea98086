from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
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
    if request.method == "POST" and form.is_valid():
        roles = form.cleaned_data.pop("roles")
        services.user_update(actor=request.user, user=target, **form.cleaned_data)
        services.user_set_roles(actor=request.user, user=target, roles=roles)
        messages.success(
            request, _("The account of %(name)s has been saved.") % {"name": target.display_name}
        )
        return redirect("accounts:users")
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
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        services.location_create(organisation=request.user.organisation, **data)
        messages.success(request, _("Location saved."))
        return redirect("accounts:locations")
    return render(request, "accounts/location_form.html", {"form": form, "title": _("New location")})


@access.permission_required("location.manage")
def location_edit(request, pk: int):
    location = access.get_org_object(request.user, Location, pk, "location.manage")
    form = LocationForm(request.POST or None, instance=location, organisation=request.user.organisation)

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
    form = OrganisationForm(request.POST or None, instance=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            actor=request.user, organisation=request.user.organisation, **form.cleaned_data
        )
        messages.success(request, _("Organisation settings saved."))
        return redirect(reverse("accounts:organisation"))
    return render(request, "accounts/organisation_form.html", {"form": form})
