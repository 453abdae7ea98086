from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from core import editing
from planning import forms, selectors, services
from planning.models import Budget, Expense, HoursEntry, Income


def _page(request, template: str, network, context: dict, status: int = 200):
    return render(request, template, {"network": network, **context}, status=status)


PLANNING_PAGE_SIZE = 50


@access.permission_required("planning.view")
@require_http_methods(["GET", "POST"])
def hours(request, network_id: int):
    # Recording needs planning.record on this network: one lookup with the permission the request needs.
    permission = "planning.record" if request.method == "POST" else "planning.view"
    network = access.get_network(request.user, network_id, permission)
    can_record = access.can(request.user, "planning.record")
    form = forms.HoursForm(
        request.POST or None, initial={"week": timezone.localdate(), "purpose": "activity"}, network=network
    )
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.hours_record(actor=request.user, network=network, **data),
        success_message=_("Your hours have been saved."),
        success_url=reverse("planning:hours", args=[network.pk]),
    )
    if saved:
        return saved
    status = 400 if request.POST else 200
    context = selectors.hours_page(network=network) | {"form": form, "can_record": can_record}
    return _page(request, "planning/hours.html", network, context, status=status)


@access.permission_required("planning.budget")
@require_http_methods(["GET", "POST"])
def budget(request, network_id: int):
    network = access.get_network(request.user, network_id, "planning.budget")
    today = timezone.localdate()
    which = request.POST.get("form") if request.method == "POST" else None
    expense_form = forms.ExpenseForm(
        request.POST if which == "expense" else None, initial={"date": today}, prefix="expense"
    )
    income_form = forms.IncomeForm(
        request.POST if which == "income" else None, initial={"date": today}, prefix="income"
    )
    form = expense_form if which == "expense" else income_form if which == "income" else None
    if form is not None:
        record = services.expense_record if which == "expense" else services.income_record
        saved = editing.save_form(
            request,
            form,
            save=lambda data: record(actor=request.user, network=network, **data),
            success_message=_("Saved."),
            success_url=reverse("planning:budget", args=[network.pk]),
        )
        if saved:
            return saved
    status = 400 if request.method == "POST" else 200
    context = selectors.budget_page(network=network, today=today) | {
        "expense_form": expense_form,
        "income_form": income_form,
    }
    return _page(request, "planning/budget.html", network, context, status=status)


@access.permission_required("planning.budget")
@require_http_methods(["GET", "POST"])
def budget_edit(request, network_id: int):
    network = access.get_network(request.user, network_id, "planning.budget")
    current = selectors.budget_of(network)
    form = forms.BudgetForm(request.POST or None, initial=editing.stored_values(current, forms.BudgetForm))

    def save(data):
        services.budget_set(
            actor=request.user,
            network=network,
            expected_version=data["version"] or 0,
            activities=data["activities"],
            rent=data["rent"],
            replacement=data["replacement"],
        )

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=_("The budget has been saved."),
        success_url=reverse("planning:budget", args=[network.pk]),
    )
    if saved:
        return saved
    status = 400 if request.POST else 200
    context = {"form": form, "title": _("Budget for the intervention period"), "back": "planning:budget"}
    return _page(request, "planning/form.html", network, context, status=status)


@access.permission_required("planning.view")
@require_GET
def growth_forecast(request, network_id: int):
    network = access.get_network(request.user, network_id, "planning.view")
    form = forms.ForecastForm(request.GET or None)
    extra, share = 0, None
    if form.is_bound and form.is_valid():
        extra = form.cleaned_data["extra"] or 0
        share = None if form.cleaned_data["share"] is None else form.cleaned_data["share"] / 100
    context = selectors.forecast_page(network=network, extra_per_month=extra, share=share) | {"form": form}
    return _page(request, "planning/forecast.html", network, context)


@access.permission_required("planning.overview")
@require_GET
def organisation(request):
    """All networks of the organisation: a summary of what needs attention, then 50 networks a page (the
    chance to reach 15 is computed for the page shown only; docs/performance.md)."""
    networks = access.networks_for(request.user, "planning.overview")
    names = list(networks.filter(archived_at__isnull=True).order_by("name").values_list("pk", flat=True))
    page = Paginator(names, PLANNING_PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = selectors.organisation_overview(networks=networks, chances_for=set(page.object_list))
    summary = selectors.overview_summary(rows)
    shown = set(page.object_list)
    rows = [r for r in rows if r["network"].pk in shown]
    return render(
        request,
        "planning/organisation.html",
        {
            "rows": rows,
            "default_budget": Budget().total,
            "page": page,
            "summary": summary,
        },
    )


# ----- corrections: edit and delete hours entries, expenses and income ------------------------------


@dataclass(frozen=True)
class _Kind:
    model: type
    permission: str
    form: type
    update: Callable
    delete: Callable
    arg: str  # the service's keyword for the object
    back: str  # the page the object is listed on
    fields: tuple[str, ...]
    title: object
    delete_title: object
    related: tuple[str, ...] = ()  # what its pages show besides the network


KINDS = {
    "hours": _Kind(
        HoursEntry,
        "planning.record",
        forms.HoursEditForm,
        services.hours_update,
        services.hours_delete,
        "entry",
        "planning:hours",
        ("week", "hours", "purpose", "note"),
        gettext_lazy("Change hours"),
        gettext_lazy("Remove hours"),
        related=("worker",),
    ),
    "expense": _Kind(
        Expense,
        "planning.budget",
        forms.ExpenseEditForm,
        services.expense_update,
        services.expense_delete,
        "expense",
        "planning:budget",
        ("date", "amount", "category", "description"),
        gettext_lazy("Change an expense"),
        gettext_lazy("Remove an expense"),
    ),
    "income": _Kind(
        Income,
        "planning.budget",
        forms.IncomeEditForm,
        services.income_update,
        services.income_delete,
        "income",
        "planning:budget",
        ("date", "amount", "source", "description"),
        gettext_lazy("Change income"),
        gettext_lazy("Remove income"),
    ),
}


def _get(request, kind: _Kind, pk: int):
    """The object, if it belongs to a network on which the user holds the kind's permission; else 404."""
    obj = (
        kind.model.objects.filter(pk=pk, network__in=access.networks_for(request.user, kind.permission))
        .select_related("network__location", *kind.related)
        .first()
    )
    if obj is None:
        raise access.deny(request.user, kind.model._meta.model_name, pk)
    return obj


def _edit(request, name: str, pk: int):
    kind = KINDS[name]
    obj = _get(request, kind, pk)
    initial = {field: getattr(obj, field) for field in kind.fields} | {"version": obj.version}
    form = kind.form(request.POST or None, initial=initial)

    def save(data):
        data = dict(data)
        version = data.pop("version") or 0
        kind.update(actor=request.user, expected_version=version, **{kind.arg: obj}, **data)

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=_("Changes saved."),
        success_url=reverse(kind.back, args=[obj.network_id]),
    )
    if saved:
        return saved
    context = {"form": form, "title": kind.title, "back": kind.back}
    return _page(request, "planning/form.html", obj.network, context, status=400 if request.POST else 200)


def _delete(request, name: str, pk: int):
    kind = KINDS[name]
    obj = _get(request, kind, pk)
    if request.method == "POST":
        kind.delete(actor=request.user, **{kind.arg: obj})
        messages.success(request, _("Removed."))
        return redirect(kind.back, obj.network_id)
    context = {"object": obj, "kind": name, "title": kind.delete_title, "back": kind.back}
    return _page(request, "planning/confirm_delete.html", obj.network, context)


@access.permission_required("planning.record")
@require_http_methods(["GET", "POST"])
def hours_edit(request, pk: int):
    return _edit(request, "hours", pk)


@access.permission_required("planning.record")
@require_http_methods(["GET", "POST"])
def hours_delete(request, pk: int):
    return _delete(request, "hours", pk)


@access.permission_required("planning.budget")
@require_http_methods(["GET", "POST"])
def expense_edit(request, pk: int):
    return _edit(request, "expense", pk)


@access.permission_required("planning.budget")
@require_http_methods(["GET", "POST"])
def expense_delete(request, pk: int):
    return _delete(request, "expense", pk)


@access.permission_required("planning.budget")
@require_http_methods(["GET", "POST"])
def income_edit(request, pk: int):
    return _edit(request, "income", pk)


@access.permission_required("planning.budget")
@require_http_methods(["GET", "POST"])
def income_delete(request, pk: int):
    return _delete(request, "income", pk)
