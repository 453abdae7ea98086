from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import access
from core import editing
from core.charts import ChartTable, render_svg
from core.reports import DOCX_CONTENT_TYPE
from quality import catalogue, exports, selectors, services
from quality.forms import EvaluationForm, PreconditionForm, ProcessPeriodForm, ReflectionForm
from quality.models import ChecklistReflection, EvaluationStatus, NetworkEvaluation


def _network_url(network) -> str:
    return reverse("quality:network", args=[network.pk])


def _evaluation_url(evaluation) -> str:
    return reverse("quality:evaluation", args=[evaluation.pk])


@access.permission_required("quality.view")
@require_GET
def network_quality(request, network_id: int):
    network = access.get_network(request.user, network_id, "quality.view")
    context = selectors.network_quality(network=network)
    context.update(
        network=network,
        can_record=access.can(request.user, "quality.record"),
        can_evaluate=access.can(request.user, "quality.evaluate"),
    )
    return render(request, "quality/network.html", context)


@access.permission_required("quality.record")
def reflection_new(request, network_id: int):
    network = access.get_network(request.user, network_id, "quality.record")
    form = ReflectionForm(request.POST or None, initial={"date": timezone.localdate()})
    saved = editing.save_form(
        request,
        form,
        save=lambda _data: services.reflection_record(
            actor=request.user, network=network, **form.service_data()
        ),
        success_message=_("The reflection has been saved."),
        success_url=_network_url(network),
    )
    return saved or render(request, "quality/reflection_form.html", {"network": network, "form": form})


@access.permission_required("quality.view")
@require_GET
def reflection_detail(request, pk: int):
    reflection = (
        ChecklistReflection.objects.filter(
            pk=pk, network__in=access.networks_for(request.user, "quality.view")
        )
        .select_related("network", "recorded_by")
        .first()
    )
    if reflection is None:
        raise access.deny(request.user, "checklist_reflection", pk)
    view = selectors.reflection_view(reflection.network, reflection)
    return render(request, "quality/reflection.html", {"network": reflection.network, "view": view})


@access.permission_required("quality.record")
def precondition_edit(request, network_id: int, key: str):
    network = access.get_network(request.user, network_id, "quality.record")
    if key not in catalogue.PRECONDITION_KEYS:
        raise access.deny(request.user, "precondition", key)
    row = next(r for r in selectors.precondition_rows(network) if r.key == key)
    initial = {
        "status": row.status,
        "note": row.note,
        "checked_on": timezone.localdate(),
        "version": row.version,
    }
    form = PreconditionForm(request.POST or None, initial=initial)

    def save(data):
        data = dict(data)
        version = data.pop("version") or 0
        services.precondition_set(
            actor=request.user, network=network, key=key, expected_version=version, **data
        )

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=_("The precondition has been updated."),
        success_url=_network_url(network),
    )
    return saved or render(
        request, "quality/precondition_form.html", {"network": network, "form": form, "row": row}
    )


def _facts(network, date=None):
    start, end = selectors.evaluation_period(network, date)
    return selectors.evaluation_facts(network=network, start=start, end=end)


@access.permission_required("quality.evaluate")
def evaluation_new(request, network_id: int):
    network = access.get_network(request.user, network_id, "quality.evaluate")
    initial = {
        "date": timezone.localdate(),
        "kind": request.GET.get("soort", ""),
        "status": EvaluationStatus.DRAFT,
    }
    form = EvaluationForm(request.POST or None, initial=initial)
    saved = editing.save_form(
        request,
        form,
        save=lambda _data: services.evaluation_create(
            actor=request.user, network=network, **form.service_data()
        ),
        success_message=_("The evaluation has been saved."),
        success_url=_evaluation_url,
    )
    return saved or render(
        request,
        "quality/evaluation_form.html",
        {"network": network, "form": form, "facts": _facts(network), "title": _("New network evaluation")},
    )


def _get_evaluation(user, pk: int, permission: str) -> NetworkEvaluation:
    evaluation = (
        NetworkEvaluation.objects.filter(pk=pk, network__in=access.networks_for(user, permission))
        .select_related("network__location", "recorded_by")
        .first()
    )
    if evaluation is None:
        raise access.deny(user, "network_evaluation", pk)
    return evaluation


@access.permission_required("quality.view")
@require_GET
def evaluation_detail(request, pk: int):
    evaluation = _get_evaluation(request.user, pk, "quality.view")
    goals = [(letter, text, evaluation.goals.get(letter, {})) for letter, text in catalogue.SUB_GOALS]
    return render(
        request,
        "quality/evaluation.html",
        {
            "network": evaluation.network,
            "evaluation": evaluation,
            "goals": goals,
            "result_labels": dict(selectors.GoalResult.choices),
            "success": [
                catalogue.FACTOR_TEXT[k] for k in evaluation.success_factors if k in catalogue.FACTOR_TEXT
            ],
            "failure": [
                catalogue.FACTOR_TEXT[k] for k in evaluation.failure_factors if k in catalogue.FACTOR_TEXT
            ],
            "facts": _facts(evaluation.network, evaluation.date),
            "can_edit": access.can(request.user, "quality.evaluate")
            and access.networks_for(request.user, "quality.evaluate")
            .filter(pk=evaluation.network_id)
            .exists(),
        },
    )


@access.permission_required("quality.view")
@require_GET
def evaluation_docx(request, pk: int):
    """The network evaluation as a report to hand over (.docx)."""
    from evaluation.models import EvaluationRound
    from evaluation.selectors import theme_overview
    from networks.models import Network
    from support.selectors import load_observations, network_members, period_network

    user = request.user
    evaluation = _get_evaluation(user, pk, "quality.view")
    network = evaluation.network
    facts = _facts(network, evaluation.date)
    start, end = facts["start"], facts["end"]
    process = selectors.process_evaluation(
        networks=Network.objects.filter(pk=network.pk), start=start, end=end
    )
    route = process["rows"][0].reach if process["rows"] else {}
    support = period_network(
        members=network_members(network),
        observations=load_observations(network, start, end),
        start=start,
        end=end,
        kind=None,
        with_rows=False,
    )
    _networks, rows, _names = theme_overview(
        user.organisation_id, EvaluationRound.objects.filter(network=network), quotes_per_theme=0
    )
    content = exports.network_evaluation_docx(
        evaluation=evaluation,
        facts=facts,
        route=route,
        support=support,
        themes=[(row, row.total) for row in rows],
        organisation=user.organisation.name,
        author=user.get_full_name() or user.organisation.name,
    )
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="netwerkevaluatie-{network.pk}-{evaluation.date:%Y%m%d}.docx"'
    )
    return response


class _Current:
    """The stored evaluation in the shape of the form (goal_a, goal_a_note, ...), for the conflict page."""

    def __init__(self, evaluation: NetworkEvaluation):
        for name, value in EvaluationForm.stored_values(evaluation).items():
            setattr(self, name, value)


@access.permission_required("quality.evaluate")
def evaluation_edit(request, pk: int):
    evaluation = _get_evaluation(request.user, pk, "quality.evaluate")
    network = evaluation.network
    form = EvaluationForm(request.POST or None, initial=EvaluationForm.stored_values(evaluation))
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.evaluation_update(
            actor=request.user,
            evaluation=evaluation,
            expected_version=data.get("version") or 0,
            **form.service_data(),
        ),
        success_message=_("Changes saved."),
        success_url=_evaluation_url(evaluation),
        conflict_current=_Current,
    )
    return saved or render(
        request,
        "quality/evaluation_form.html",
        {
            "network": network,
            "form": form,
            "facts": _facts(network, evaluation.date),
            "title": evaluation.get_kind_display(),
            "evaluation": evaluation,
        },
    )


def _process_data(request):
    form = ProcessPeriodForm(request.GET or None)
    start, end = form.period()
    data = selectors.process_evaluation(
        networks=access.networks_for(request.user, "quality.process"), start=start, end=end
    )
    return form, data


PROCESS_PAGE_SIZE = 50
PROCESS_RECOMMENDATIONS = 25


@access.permission_required("quality.process")
@require_GET
def process(request):
    form, data = _process_data(request)
    charts = [
        {"svg": render_svg(chart), "table": ChartTable(headers=headers, rows=rows), "title": chart.title}
        for chart, headers, rows in selectors.process_charts(data)
    ]
    # Hundreds of networks: 50 rows a page and the newest recommendations (all of them in the .docx).
    page = Paginator(data["rows"], PROCESS_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    recommendations = data["recommendations"]
    return render(
        request,
        "quality/process.html",
        {
            "form": form,
            "data": data,
            "charts": charts,
            "reach_labels": selectors.reach_labels(),
            "reach_keys": selectors.REACH,
            "query": query.urlencode(),
            "page": page,
            "recommendations": recommendations[:PROCESS_RECOMMENDATIONS],
            "more_recommendations": max(0, len(recommendations) - PROCESS_RECOMMENDATIONS),
        },
    )


@access.permission_required("quality.process")
@require_GET
def process_docx(request):
    _form, data = _process_data(request)
    user = request.user
    content = exports.process_docx(
        data=data,
        charts=selectors.process_charts(data),
        organisation=user.organisation.name,
        author=user.get_full_name() or user.organisation.name,
    )
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="procesevaluatie-{data["start"]:%Y%m%d}-{data["end"]:%Y%m%d}.docx"'
    )
    return response
