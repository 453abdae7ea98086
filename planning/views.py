from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from core.concurrency import ConflictError
from core.conflict import conflict_response
from planning import forms, selectors, services
from planning.models import Budget


def _page(request, template: str, network, context: dict, status: int = 200):
    return render(request, template, {"network": network, **context}, status=status)


@access.permission_required("planning.view")
@require_http_methods(["GET", "POST"])
def hours(request, network_id: int):
    network = access.get_network(request.user, network_id, "planning.view")
    # planning.record has the same roles and network scope as planning.view: no second lookup needed.
    can_record = access.can(request.user, "planning.record")
    form = forms.HoursForm(
        request.POST or None, initial={"week": timezone.localdate(), "purpose": "activity"}
    )
    status = 200
    if request.method == "POST":
        network = access.get_network(request.user, network_id, "planning.record")
        if form.is_valid():
            try:
                services.hours_record(actor=request.user, network=network, **form.cleaned_data)
            except ValidationError as error:
                forms.add_service_errors(form, error)
            else:
                messages.success(request, _("Your hours have been saved."))
                return redirect("planning:hours", network.pk)
        status = 400
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
    income_form = forms.IncomeForm(request.POST if which == "income" else None, initial={"date": today},
                                   prefix="income")  # fmt: skip
    status = 200
    if request.method == "POST":
        form = expense_form if which == "expense" else income_form if which == "income" else None
        if form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                if which == "expense":
                    services.expense_record(actor=request.user, network=network, **data)
                else:
                    services.income_record(actor=request.user, network=network, **data)
            except ValidationError as error:
                forms.add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("planning:budget", network.pk)
        status = 400
    context = selectors.budget_page(network=network, today=today) | {
        "expense_form": expense_form, "income_form": income_form,
    }  # fmt: skip
    return _page(request, "planning/budget.html", network, context, status=status)


@access.permission_required("planning.budget")
@require_http_methods(["GET", "POST"])
def budget_edit(request, network_id: int):
    network = access.get_network(request.user, network_id, "planning.budget")
    current = selectors.budget_of(network)
    form = forms.BudgetForm(request.POST or None, instance=current, initial={"version": current.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.budget_set(
                    actor=request.user, network=network, expected_version=data["version"] or 0,
                    activities=data["activities"], rent=data["rent"], replacement=data["replacement"],
                )  # fmt: skip
            except ConflictError as conflict:
                return conflict_response(request, form=form, current=conflict.current, edit_url=request.path)
            except ValidationError as error:
                forms.add_service_errors(form, error)
            else:
                messages.success(request, _("The budget has been saved."))
                return redirect("planning:budget", network.pk)
        status = 400
    context = {"form": form, "title": _("Budget for the intervention period")}
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
    rows = selectors.organisation_overview(networks=access.networks_for(request.user, "planning.overview"))
    return render(request, "planning/organisation.html", {"rows": rows, "default_budget": Budget().total})
