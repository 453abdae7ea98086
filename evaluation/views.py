from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.models import Role
from core import editing, hooks
from core.reports import DOCX_CONTENT_TYPE, period_text
from evaluation import exports, selectors, services
from evaluation.access import get_interview, get_round, rounds_for
from evaluation.charts import analysis_charts, document_charts
from evaluation.forms import (
    DEFAULT_CHOICE,
    HighlightForm,
    InterviewForm,
    ReportAmendForm,
    ReportDateForm,
    ReportTextForm,
    RoundForm,
    TemplateUploadForm,
    ThemeForm,
)
from evaluation.models import (
    Answer,
    Highlight,
    QuestionKind,
    QuestionnaireTemplate,
    Report,
    ReportState,
    Theme,
)
from evaluation.stats import MIN_PAIRS_FOR_A_TEST


def research_only(user) -> bool:
    """Researchers without another evaluation role see only pseudonymised, aggregated results of
    participants who consented to research."""
    return user.has_role(Role.RESEARCHER) and not user.has_role(Role.COORDINATOR, Role.EVALUATOR, Role.WORKER)


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ----- overview ---------------------------------------------------------------------------


@access.permission_required("evaluation.view")
def index(request):
    user = request.user
    show_rounds = access.can(user, "evaluation.round.view")
    rounds = list(selectors.rounds_with_progress(rounds_for(user))) if show_rounds else []
    interviewing = set(rounds_for(user, "evaluation.interview").values_list("pk", flat=True))
    return render(
        request,
        "evaluation/index.html",
        {
            "rounds": rounds,
            "interviewing": interviewing,
            "show_rounds": show_rounds,
            "can": {
                p.replace(".", "_"): access.can(user, f"evaluation.{p}")
                for p in ("template.view", "round.manage", "results", "codebook", "export")
            },
        },
    )


@access.permission_required("network.view")
def network_rounds(request, network_pk: int):
    network = access.get_network(request.user, network_pk)
    rounds = selectors.rounds_with_progress(rounds_for(request.user).filter(network=network))
    return render(request, "evaluation/network_rounds.html", {"network": network, "rounds": rounds})


# ----- questionnaires ---------------------------------------------------------------------


@access.permission_required("evaluation.template.view")
def template_list(request):
    templates = access.org_objects(request.user, QuestionnaireTemplate, "evaluation.template.view")
    return render(
        request,
        "evaluation/template_list.html",
        {
            "templates": templates.prefetch_related("questions"),
            "can_manage": access.can(request.user, "evaluation.template.manage"),
        },
    )


@access.permission_required("evaluation.template.view")
def template_detail(request, pk: int):
    template = access.get_org_object(request.user, QuestionnaireTemplate, pk, "evaluation.template.view")
    return render(
        request,
        "evaluation/template_detail.html",
        {
            "template": template,
            "questions": template.questions.all(),
        },
    )


@access.permission_required("evaluation.template.manage")
def template_upload(request):
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.template_create(
            actor=request.user, organisation=request.user.organisation, **data["parsed"]
        ),
        success_message=lambda template: _("Questionnaire saved as version %(n)s.") % {"n": template.number},
        success_url=lambda template: reverse("evaluation:template", args=[template.pk]),
    )
    return saved or render(request, "evaluation/template_upload.html", {"form": form})


# ----- rounds -----------------------------------------------------------------------------


@access.permission_required("evaluation.round.manage")
def round_create(request):
    user = request.user
    default = QuestionnaireTemplate.objects.filter(organisation=user.organisation, is_default=True).first()
    initial = {
        "template": str(default.pk) if default else DEFAULT_CHOICE,
        "starts_on": timezone.localdate(),
        "name": _("Evaluation %(year)s") % {"year": timezone.localdate().year},
    }
    if user.has_role(Role.EVALUATOR):
        initial["evaluators"] = [user.pk]  # an evaluator who sets up a round usually holds its interviews
    form = RoundForm(
        request.POST or None,
        networks=access.networks_for(user, "evaluation.round.manage").filter(archived_at__isnull=True),
        organisation_id=user.organisation_id,
        initial=initial,
    )

    def save(cleaned):
        data = {k: v for k, v in cleaned.items() if k != "version"}
        choice = data.pop("template")
        if choice == DEFAULT_CHOICE:
            template = services.template_ensure_default(organisation=user.organisation)
        else:
            template = form.templates[choice]
        evaluation_round = services.round_create(actor=user, template=template, **data)
        _warn_own_workers(request, evaluation_round)
        return evaluation_round

    def round_page(evaluation_round) -> str:
        if not rounds_for(user).filter(pk=evaluation_round.pk).exists():
            return reverse("evaluation:index")  # set up for others: the round is theirs to open
        return reverse("evaluation:round", args=[evaluation_round.pk])

    saved = editing.save_form(
        request, form, save=save, success_message=_("Evaluation round created."), success_url=round_page
    )
    return saved or render(
        request, "evaluation/round_form.html", {"form": form, "title": _("New evaluation round")}
    )


def _warn_own_workers(request, evaluation_round) -> None:
    for person in selectors.own_worker_evaluators(evaluation_round):
        messages.warning(
            request,
            _(
                "%(name)s works in this network. Preferably the interviews are held by someone who did not run it."
            )
            % {"name": person.display_name},
        )


@access.permission_required("evaluation.round.manage")
def round_edit(request, pk: int):
    evaluation_round = get_round(request.user, pk, "evaluation.round.manage")
    initial = {
        "name": evaluation_round.name,
        "starts_on": evaluation_round.starts_on,
        "ends_on": evaluation_round.ends_on,
        "evaluators": list(evaluation_round.evaluators.all()),
        "version": evaluation_round.version,
    }
    form = RoundForm(
        request.POST or None,
        networks=None,
        organisation_id=request.user.organisation_id,
        editing=True,
        initial=initial,
        network=evaluation_round.network,
    )

    def save(cleaned):
        data = {k: v for k, v in cleaned.items() if k != "version"}
        services.round_update(
            actor=request.user,
            evaluation_round=evaluation_round,
            expected_version=cleaned["version"] or 0,
            **data,
        )
        _warn_own_workers(request, evaluation_round)

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=_("Evaluation round saved."),
        success_url=reverse("evaluation:round", args=[evaluation_round.pk]),
    )
    return saved or render(
        request,
        "evaluation/round_form.html",
        {"form": form, "title": evaluation_round.name, "round": evaluation_round},
    )


@access.permission_required("evaluation.round.view")
def round_detail(request, pk: int):
    user = request.user
    evaluation_round = get_round(user, pk)
    is_evaluator = rounds_for(user, "evaluation.interview").filter(pk=pk).exists()
    # Evaluators need the first name to hold the conversation; others see the names of shared pages.
    rows = selectors.round_participants(evaluation_round, names="full" if is_evaluator else "shared")
    return render(
        request,
        "evaluation/round_detail.html",
        {
            "round": evaluation_round,
            "rows": rows,
            "is_evaluator": is_evaluator,
            "evaluators": list(evaluation_round.evaluators.all()),
            "own_workers": selectors.own_worker_evaluators(evaluation_round),
            "can_manage": access.can(user, "evaluation.round.manage"),
            "can_read_reports": is_evaluator or access.can(user, "evaluation.report.view"),
            "can_results": access.can(user, "evaluation.results"),
        },
    )


# ----- interviews -------------------------------------------------------------------------


@require_POST
@access.permission_required("evaluation.interview")
def interview_start(request, pk: int, participant_pk: int):
    evaluation_round = get_round(request.user, pk, "evaluation.interview")
    participant = (
        evaluation_round.network.participations.filter(
            participant_id=participant_pk, participant__anonymised_at__isnull=True
        )
        .select_related("participant")
        .first()
    )
    if participant is None:
        raise access.deny(request.user, "participant", participant_pk)
    try:
        interview = services.interview_start(
            actor=request.user,
            evaluation_round=evaluation_round,
            participant=participant.participant,
            held_on=timezone.localdate(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:round", pk)
    return redirect("evaluation:interview", interview.pk)


@access.permission_required("evaluation.interview")
def interview(request, pk: int):
    """All questions at once, or one at a time with ?stap=N (step 0 is the consent)."""
    interview = get_interview(request.user, pk)
    hooks.on_personal_data_viewed(
        user=request.user, participant_ids=[interview.participant_id], what="interview"
    )
    questions, answers = selectors.interview_questions(interview)
    step = request.GET.get("stap")
    one_at_a_time = step is not None
    try:
        step = max(0, min(int(step or 0), len(questions)))
    except ValueError:
        step = 0
    if one_at_a_time:
        shown, with_consent = ([] if step == 0 else [questions[step - 1]]), step == 0
    else:
        shown, with_consent = questions, True
    initial = {"version": interview.version, "held_on": interview.held_on} | selectors.interview_consent(
        interview
    )
    for q in questions:
        answer = answers.get(q.pk)
        if answer is not None:
            initial.update(
                {
                    f"q{q.pk}_now": answer.now,
                    f"q{q.pk}_now_declined": answer.now_declined,
                    f"q{q.pk}_before": answer.before,
                    f"q{q.pk}_before_declined": answer.before_declined,
                    f"q{q.pk}_text": answer.text,
                    f"q{q.pk}_text_declined": answer.text_declined,
                }
            )

    def make_form(data):
        return InterviewForm(
            data, questions=shown, with_consent=with_consent, initial=initial, round=interview.round
        )

    def page(form, status=200):
        return render(
            request,
            "evaluation/interview.html",
            {
                "interview": interview,
                "form": form,
                "one_at_a_time": one_at_a_time,
                "step": step,
                "steps": len(questions),
                "answered": len(answers),
            },
            status=status,
        )

    form = make_form(request.POST or None)

    def save(data):
        services.interview_save(
            actor=request.user,
            interview=interview,
            expected_version=data["version"],
            consent=form.consent(),
            answers=form.answers(),
        )

    def moved_on() -> str | None:
        """The step shown next when the evaluator went to the next or previous question."""
        if one_at_a_time and step < len(questions) and "next" in request.POST:
            return f"{reverse('evaluation:interview', args=[pk])}?stap={step + 1}"
        if one_at_a_time and "previous" in request.POST and step > 0:
            return f"{reverse('evaluation:interview', args=[pk])}?stap={step - 1}"
        return None

    def on_conflict(_current):
        # The interview or the participant's consent changed: the form again with the stored versions.
        interview.refresh_from_db()
        versions = {"version": interview.version} | {
            name: value
            for name, value in selectors.interview_consent(interview).items()
            if name.endswith("_version")
        }
        message = _(
            "Someone else changed this interview or the participant's consent while you were "
            "filling it in. Nothing of yours has been saved yet: check the answers and the consent "
            "below and save again."
        )
        return page(
            editing.form_again(make_form, request.POST, versions=versions, message=message), status=409
        )

    saved = editing.save_form(
        request,
        form,
        save=save,
        on_conflict=on_conflict,
        success_message=lambda _saved: None if moved_on() else _("Answers saved."),
        success_url=lambda _saved: moved_on() or request.get_full_path(),
    )
    return saved or page(form)


@access.permission_required("evaluation.view")
def report(request, pk: int):
    """The conversation report and its member check. Editing only by the round's evaluators."""
    return _report_page(request, pk)


def _report_page(request, pk: int, *, highlight_form=None):
    """The report page; `highlight_form` is a marking that came back with errors (shown with its input)."""
    user = request.user
    interview = get_interview(user, pk, "evaluation.report.view")
    report = Report.objects.get(interview=interview)
    hooks.on_personal_data_viewed(
        user=user, participant_ids=[interview.participant_id], what="interview_report"
    )
    can_edit = rounds_for(user, "evaluation.interview").filter(pk=interview.round_id).exists()
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not can_edit:
        raise access.deny(user, "interview", pk)
    forms = {
        "save": ReportTextForm(
            request.POST if action == "save" else None,
            initial={"text": report.text, "version": report.version},
        ),
        "read_back": ReportDateForm(
            request.POST if action == "read_back" else None,
            prefix="read_back",
            held_on=interview.held_on,
            initial={"date": timezone.localdate(), "version": report.version},
        ),
        "agree": ReportDateForm(
            request.POST if action == "agree" else None,
            prefix="agree",
            held_on=interview.held_on,
            initial={"date": timezone.localdate(), "version": report.version},
        ),
        "amend": ReportAmendForm(
            request.POST if action == "amend" else None,
            prefix="amend",
            held_on=interview.held_on,
            initial={"date": timezone.localdate(), "text": report.text, "version": report.version},
        ),
    }
    form = forms.get(action)
    if form is not None:
        run = {
            "save": services.report_save,
            "read_back": services.report_read_back,
            "agree": services.report_agree,
            "amend": services.report_amend,
        }[action]

        def save(cleaned):
            data = {k: v for k, v in cleaned.items() if k != "version"}
            run(actor=user, report=report, expected_version=cleaned["version"], **data)

        saved = editing.save_form(
            request,
            form,
            save=save,
            success_message=_("Report saved."),
            success_url=reverse("evaluation:report", args=[pk]),
        )
        if saved:
            return saved
    open_answers = [
        a
        for a in Answer.objects.filter(interview=interview, question__kind=QuestionKind.OPEN)
        .select_related("question")
        .order_by("question__position")
        if a.text
    ]
    if highlight_form is None:
        highlight_form = HighlightForm(
            organisation_id=user.organisation_id, open_answers=open_answers, report_checked=report.is_checked
        )
    return render(
        request,
        "evaluation/report.html",
        {
            "interview": interview,
            "report": report,
            "forms": forms,
            "can_edit": can_edit,
            "evaluation_consent": selectors.interview_consent(interview)["consent_evaluation"],
            "versions": report.versions.select_related("saved_by"),
            "open_answers": open_answers,
            "highlights": interview.highlights.select_related("answer__question").prefetch_related("themes"),
            "highlight_form": highlight_form,
            "can_highlight": report.is_checked and access.can(user, "evaluation.codebook"),
        },
    )


# ----- thematic analysis ------------------------------------------------------------------


@require_POST
@access.permission_required("evaluation.codebook")
def highlight_create(request, pk: int):
    user = request.user
    interview = get_interview(user, pk, "evaluation.codebook")
    answers = list(
        Answer.objects.filter(interview=interview, question__kind=QuestionKind.OPEN).select_related(
            "question"
        )
    )
    report_checked = Report.objects.filter(
        interview=interview, state__in=[ReportState.AGREED, ReportState.AMENDED]
    ).exists()
    form = HighlightForm(
        request.POST,
        organisation_id=user.organisation_id,
        open_answers=answers,
        report_checked=report_checked,
    )

    def save(data):
        answer = next((a for a in answers if f"a{a.pk}" == data["source"]), None)
        services.highlight_create(
            actor=user, interview=interview, passage=data["passage"], themes=data["themes"], answer=answer
        )

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=_("Passage marked."),
        success_url=reverse("evaluation:report", args=[pk]) + "#markeren",
    )
    # The marking comes back on the report page with what was typed and a summary of what is wrong.
    return saved or _report_page(request, pk, highlight_form=form)


@require_POST
@access.permission_required("evaluation.codebook")
def highlight_delete(request, pk: int):
    highlight = Highlight.objects.filter(
        pk=pk, interview__round__in=rounds_for(request.user, "evaluation.codebook").values("pk")
    ).first()
    if highlight is None:
        raise access.deny(request.user, "highlight", pk)
    services.highlight_delete(actor=request.user, highlight=highlight)
    messages.success(request, _("Mark removed."))
    return redirect(reverse("evaluation:report", args=[highlight.interview_id]) + "#markeren")


@access.permission_required("evaluation.codebook")
def codebook(request):
    user = request.user
    form = ThemeForm(request.POST or None, organisation_id=user.organisation_id)
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.theme_create(
            organisation=user.organisation, **{k: v for k, v in data.items() if k != "version"}
        ),
        success_message=_("Theme added."),
        success_url=reverse("evaluation:codebook"),
    )
    return saved or render(
        request,
        "evaluation/codebook.html",
        {
            "themes": selectors.codebook(user.organisation_id),
            "form": form,
            "can_export": access.can(user, "evaluation.export"),
        },
    )


@access.permission_required("evaluation.codebook")
def theme_edit(request, pk: int):
    theme = access.get_org_object(request.user, Theme, pk, "evaluation.codebook")
    form = ThemeForm(
        request.POST or None,
        organisation_id=request.user.organisation_id,
        exclude_pk=theme.pk,
        initial={
            "name": theme.name,
            "description": theme.description,
            "parent": theme.parent,
            "version": theme.version,
        },
    )

    def save(cleaned):
        data = {k: v for k, v in cleaned.items() if k != "version"}
        services.theme_update(theme=theme, expected_version=cleaned["version"] or 0, **data)

    saved = editing.save_form(
        request,
        form,
        save=save,
        success_message=_("Theme saved."),
        success_url=reverse("evaluation:codebook"),
    )
    return saved or render(request, "evaluation/theme_form.html", {"form": form, "theme": theme})


@access.permission_required("evaluation.export")
def codebook_qdc(request):
    content = exports.codebook_qdc(selectors.codebook(request.user.organisation_id))
    if content is None:
        messages.info(request, _("The codebook has no themes yet, so there is nothing to export."))
        return redirect("evaluation:codebook")
    hooks.on_export(user=request.user, what="evaluation_codebook_qdc")
    return _attachment(content, "codeboek.qdc", "application/xml")


def _pseudonymiser(user, highlights):
    return selectors.pseudonymiser(
        user.organisation_id,
        selectors.pseudonyms(highlights),
        {h.interview_id: h.interview.participant_id for h in highlights},
    )


@access.permission_required("evaluation.export")
def codebook_xlsx(request):
    user = request.user
    highlights = selectors.checked_highlights(
        rounds_for(user, "evaluation.export"), research=research_only(user)
    )
    content = exports.codebook_xlsx(
        selectors.flat_codebook(user.organisation_id),
        highlights,
        selectors.pseudonyms(highlights),
        _pseudonymiser(user, highlights),
    )
    hooks.on_export(
        user=user,
        what="evaluation_codebook_xlsx",
        participant_ids={h.interview.participant_id for h in highlights},
    )
    return _attachment(content, "codeboek-en-markeringen.xlsx", exports.XLSX_CONTENT_TYPE)


@access.permission_required("evaluation.export")
def project_qdpx(request):
    """The thematic analysis as a REFI-QDA project, to continue in ATLAS.ti, MAXQDA, NVivo or QualCoder."""
    user = request.user
    rounds = rounds_for(user, "evaluation.export")
    research = research_only(user)
    highlights = selectors.checked_highlights(rounds, research=research)
    sources, replace = selectors.qda_sources(user.organisation_id, rounds, highlights, research=research)
    content, _lost = exports.qdpx(
        name=_("Thematic analysis %(organisation)s") % {"organisation": user.organisation.name},
        main_themes=selectors.codebook(user.organisation_id),
        sources=sources,
        highlights=highlights,
        replace=replace,
    )
    hooks.on_export(
        user=user, what="evaluation_qdpx", participant_ids={s.interview.participant_id for s in sources}
    )
    return _attachment(content, "thematische-analyse.qdpx", exports.QDPX_CONTENT_TYPE)


@access.permission_required("evaluation.results")
def themes(request):
    user = request.user
    networks, rows, names = selectors.theme_overview(
        user.organisation_id, rounds_for(user, "evaluation.results"), research=research_only(user)
    )
    return render(
        request,
        "evaluation/themes.html",
        {
            "networks": networks,
            "rows": rows,
            "n_reports": len(names),
            "can_export": access.can(user, "evaluation.export"),
        },
    )


@access.permission_required("evaluation.export")
def thematic_report(request):
    user = request.user
    rounds = rounds_for(user, "evaluation.export")
    networks, rows, names = selectors.theme_overview(
        user.organisation_id, rounds, research=research_only(user), quotes_per_theme=6
    )
    highlights = selectors.checked_highlights(rounds, research=research_only(user))
    analysis = selectors.paired_analysis(rounds, research=research_only(user))
    dates = [h.interview.held_on for h in highlights]
    content = exports.thematic_docx(
        title=_("Thematic report of the evaluation interviews"),
        organisation=user.organisation.name,
        author=user.get_full_name() or user.organisation.name,
        period=period_text(min(dates), max(dates)) if dates else "",
        networks=networks,
        rows=rows,
        n_reports=len(names),
        analysis=analysis,
        charts=document_charts(analysis),
        replace=_pseudonymiser(user, highlights),
    )
    participant_ids = rounds.filter(interviews__pk__in=list(names)).values_list(
        "interviews__participant_id", flat=True
    )
    hooks.on_export(user=user, what="evaluation_thematic_report", participant_ids=set(participant_ids))
    return _attachment(content, "thematisch-verslag.docx", DOCX_CONTENT_TYPE)


@access.permission_required("evaluation.view")
def report_print(request, pk: int):
    """The conversation report in large type, to read back with the participant."""
    user = request.user
    interview = get_interview(user, pk, "evaluation.report.view")
    report = Report.objects.get(interview=interview)
    answers = Answer.objects.filter(
        interview=interview, question__kind=QuestionKind.OPEN, text_declined=False
    )
    questions = [
        (a.question.text, a.text)
        for a in answers.select_related("question").order_by("question__position")
        if a.text
    ]
    hooks.on_personal_data_viewed(
        user=user, participant_ids=[interview.participant_id], what="interview_report"
    )
    content = exports.member_check_docx(
        organisation=user.organisation.name,
        author=user.get_full_name() or user.organisation.name,
        interview=interview,
        text=report.text,
        questions=questions,
    )
    return _attachment(content, f"gespreksverslag-{interview.held_on:%Y%m%d}.docx", DOCX_CONTENT_TYPE)


# ----- paired analysis --------------------------------------------------------------------


@access.permission_required("evaluation.results")
def round_analysis(request, pk: int):
    evaluation_round = get_round(request.user, pk, "evaluation.results")
    return _analysis_page(
        request,
        rounds_for(request.user, "evaluation.results").filter(pk=pk),
        title=evaluation_round.name,
        evaluation_round=evaluation_round,
    )


@access.permission_required("evaluation.results")
def analysis(request):
    rounds = rounds_for(request.user, "evaluation.results")
    return _analysis_page(request, rounds, title=_("All evaluation rounds"), evaluation_round=None)


def _analysis_page(request, rounds, *, title, evaluation_round):
    result = selectors.paired_analysis(rounds, research=research_only(request.user))
    hooks.on_personal_data_viewed(user=request.user, participant_ids=[], what="evaluation_scores_aggregated")
    return render(
        request,
        "evaluation/analysis.html",
        {
            "analysis": result,
            "charts": analysis_charts(result),
            "title": title,
            "round": evaluation_round,
            "research_only": research_only(request.user),
            "pooled": evaluation_round is None,
            # Test names and methods behind "how computed", for those who evaluate or research.
            "show_method": access.can(request.user, "evaluation.export"),
            "min_pairs": MIN_PAIRS_FOR_A_TEST,
        },
    )
