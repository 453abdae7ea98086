"""Writes for the individual evaluation."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, Role, User
from core.concurrency import ConflictError, save_with_version
from core.formatting import written_date
from evaluation import questionnaires
from evaluation.models import (
    Answer,
    EvaluationRound,
    Highlight,
    Interview,
    Question,
    QuestionKind,
    QuestionnaireTemplate,
    Report,
    ReportState,
    ReportVersion,
    Theme,
)
from networks.models import Network
from people.models import Participant
from people.services import repoint
from privacy import services as privacy_services
from privacy.models import Consent, ConsentScope

# The interview form's consent questions and the privacy register's scopes they are recorded in.
INTERVIEW_CONSENTS = (
    ("consent_evaluation", ConsentScope.EVALUATION),
    ("consent_research", ConsentScope.RESEARCH),
)
EVALUATOR_ROLES = (Role.EVALUATOR, Role.WORKER, Role.COORDINATOR)


# ----- questionnaires ---------------------------------------------------------------------


@transaction.atomic
def template_create(
    *, actor: User | None, organisation: Organisation, name: str, description: str, questions: list[dict]
) -> QuestionnaireTemplate:
    """A new version of the questionnaire called `name` (version 1 if the name is new)."""
    questions = questionnaires._check_questions(questions)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the questionnaire a name.")})
    last = (
        QuestionnaireTemplate.objects.select_for_update()
        .filter(organisation=organisation, name=name)
        .aggregate(n=Max("number"))["n"]
    )
    template = QuestionnaireTemplate.objects.create(
        organisation=organisation,
        name=name,
        number=(last or 0) + 1,
        description=description,
        created_by=actor,
    )
    Question.objects.bulk_create(
        Question(
            template=template,
            position=index,
            kind=q["kind"],
            code=q["code"],
            text=q["text"],
            anchor_low=q["low"],
            anchor_high=q["high"],
        )
        for index, q in enumerate(questions, start=1)
    )
    return template


@transaction.atomic
def template_ensure_default(*, organisation: Organisation) -> QuestionnaireTemplate:
    existing = QuestionnaireTemplate.objects.filter(organisation=organisation, is_default=True).first()
    if existing is not None:
        return existing
    template = template_create(
        actor=None,
        organisation=organisation,
        name=questionnaires.DEFAULT_NAME,
        description=questionnaires.DEFAULT_DESCRIPTION,
        questions=questionnaires.DEFAULT_QUESTIONS,
    )
    QuestionnaireTemplate.objects.filter(pk=template.pk).update(is_default=True)
    template.is_default = True
    return template


# ----- rounds -----------------------------------------------------------------------------


def _check_evaluators(organisation_id: int, evaluators: Iterable[User]) -> list[User]:
    people = list(evaluators)
    if not people:
        raise ValidationError({"evaluators": _("Choose at least one evaluator.")})
    for person in people:
        if person.organisation_id != organisation_id or not person.has_role(*EVALUATOR_ROLES):
            raise ValidationError(
                {"evaluators": _("%(name)s cannot be an evaluator.") % {"name": person.display_name}}
            )
    return people


def _check_dates(starts_on: dt.date, ends_on: dt.date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})


@transaction.atomic
def round_create(
    *,
    actor: User,
    network: Network,
    name: str,
    template: QuestionnaireTemplate,
    starts_on: dt.date,
    ends_on: dt.date | None,
    evaluators: Iterable[User],
) -> EvaluationRound:
    if template.organisation_id != network.organisation_id:
        raise ValidationError({"template": _("Unknown questionnaire.")})
    people = _check_evaluators(network.organisation_id, evaluators)
    _check_dates(starts_on, ends_on)
    evaluation_round = EvaluationRound.objects.create(
        organisation_id=network.organisation_id,
        network=network,
        name=name,
        template=template,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    evaluation_round.evaluators.set(people)
    return evaluation_round


@transaction.atomic
def round_update(
    *,
    actor: User,
    evaluation_round: EvaluationRound,
    expected_version: int,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date | None,
    evaluators: Iterable[User],
) -> None:
    people = _check_evaluators(evaluation_round.organisation_id, evaluators)
    _check_dates(starts_on, ends_on)
    evaluation_round.name, evaluation_round.starts_on, evaluation_round.ends_on = name, starts_on, ends_on
    save_with_version(
        evaluation_round, expected_version=expected_version, fields=["name", "starts_on", "ends_on"]
    )
    evaluation_round.evaluators.set(people)


# ----- interviews -------------------------------------------------------------------------


@transaction.atomic
def interview_start(
    *, actor: User, evaluation_round: EvaluationRound, participant: Participant, held_on: dt.date
) -> Interview:
    """Open the interview (and an empty draft report). Starting twice returns the existing one."""
    if not evaluation_round.evaluators.filter(pk=actor.pk).exists():
        raise ValidationError(_("Only the evaluators of this round hold its interviews."))
    if not participant.participations.filter(network_id=evaluation_round.network_id).exists():
        raise ValidationError(_("This person does not take part in this network."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date cannot be in the future.")})
    interview, created = Interview.objects.get_or_create(
        round=evaluation_round, participant=participant, defaults={"evaluator": actor, "held_on": held_on}
    )
    if created:
        Report.objects.create(interview=interview)
    return interview


def _consent_date(given: bool, date: dt.date | None, field: str) -> dt.date | None:
    if not given:
        return None
    if date is None:
        raise ValidationError({field: _("Give the date of the consent.")})
    if date > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    return date


@transaction.atomic
def interview_save(
    *,
    actor: User,
    interview: Interview,
    expected_version: int,
    consent: dict | None = None,
    answers: dict[int, dict] | None = None,
) -> None:
    """Save consent and/or answers in one go; either all of it is stored or none.

    consent: {"held_on", "consent_evaluation", "consent_evaluation_on", "consent_research",
    "consent_research_on"} and optionally "<name>_version": the register's version the form saw; when
    the register changed since, ConflictError and nothing is saved. Consent is the participant's, so it
    is recorded in the privacy consent
    register (one source of truth, with date and who recorded it); unticking withdraws it there.
    answers: question id -> {"now", "now_declined", "before", "before_declined", "text", "text_declined"}.
    A declined answer keeps no value, so "does not want to answer" never mixes with a score.
    """
    fields = []
    if consent is not None:
        interview.held_on = consent.get("held_on") or interview.held_on
        fields = ["held_on"]
        answers_given = {
            name: (
                bool(consent.get(name)),
                _consent_date(bool(consent.get(name)), consent.get(f"{name}_on"), f"{name}_on"),
            )
            for name, _scope in INTERVIEW_CONSENTS
        }
    save_with_version(interview, expected_version=expected_version, fields=fields)
    if consent is not None:
        registered = {
            c.scope: c
            for c in Consent.objects.select_for_update().filter(participant_id=interview.participant_id)
        }
        for name, scope in INTERVIEW_CONSENTS:
            seen = consent.get(f"{name}_version")
            current = registered.get(scope)
            if seen is not None and seen != (current.version if current else 0):
                # Changed in the consent register while this form was open: nothing is saved.
                raise ConflictError(current or interview)
        recorded = {scope for scope, c in registered.items() if c.given}
        for name, scope in INTERVIEW_CONSENTS:
            given, date = answers_given[name]
            if not given and scope not in recorded:
                continue  # never given and still not: nothing to record or withdraw
            privacy_services.consent_set(
                actor=actor, participant=interview.participant, scope=scope, given=given, date=date
            )
    if not answers:
        return
    questions = {
        q.pk: q for q in Question.objects.filter(template_id=interview.round.template_id, pk__in=answers)
    }
    existing = {
        a.question_id: a for a in Answer.objects.filter(interview=interview, question_id__in=questions)
    }
    to_create, to_update = [], []
    for question_id, values in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise ValidationError(_("This question is not part of the questionnaire."))
        answer = existing.get(question_id) or Answer(interview=interview, question=question)
        if question.kind == QuestionKind.SCALE:
            for when in ("now", "before"):
                declined = bool(values.get(f"{when}_declined"))
                value = None if declined else values.get(when)
                if value is not None and not 0 <= value <= 10:
                    raise ValidationError(_("A score runs from 0 to 10."))
                setattr(answer, when, value)
                setattr(answer, f"{when}_declined", declined)
        else:
            answer.text_declined = bool(values.get("text_declined"))
            answer.text = "" if answer.text_declined else (values.get("text") or "").strip()
        (to_update if answer.pk else to_create).append(answer)
    answer_fields = ["now", "now_declined", "before", "before_declined", "text", "text_declined"]
    # Answer's QuerySet writes the field history of both (core/history.py): 2 queries more.
    Answer.objects.bulk_create(to_create)
    Answer.objects.bulk_update(to_update, answer_fields)


# ----- report and member check ------------------------------------------------------------


def _keep_version(report: Report, actor: User, note: str = "") -> None:
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    ReportVersion.objects.create(
        report=report, number=number, text=report.text, state=report.state, note=note, saved_by=actor
    )


def _check_date(date: dt.date, field: str, not_before: dt.date | None = None) -> None:
    if date > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if not_before is not None and date < not_before:
        raise ValidationError(
            {field: _("The date cannot be before %(date)s.") % {"date": written_date(not_before)}}
        )


@transaction.atomic
def report_save(*, actor: User, report: Report, expected_version: int, text: str) -> None:
    """The evaluator writes the report. After reading back, changes go through an amendment."""
    if report.state != ReportState.DRAFT:
        raise ValidationError(_("This report has been read back; record changes as an amendment."))
    report.text = text.strip()
    save_with_version(report, expected_version=expected_version, fields=["text"])
    _keep_version(report, actor)


@transaction.atomic
def report_read_back(*, actor: User, report: Report, expected_version: int, date: dt.date) -> None:
    if report.state != ReportState.DRAFT:
        raise ValidationError(_("Only a draft can be read back."))
    if not report.text.strip():
        raise ValidationError({"text": _("Write the report before reading it back.")})
    _check_date(date, "date", report.interview.held_on)
    report.state, report.read_back_on = ReportState.READ_BACK, date
    save_with_version(report, expected_version=expected_version, fields=["state", "read_back_on"])
    _keep_version(report, actor)


@transaction.atomic
def report_agree(*, actor: User, report: Report, expected_version: int, date: dt.date) -> None:
    if report.state != ReportState.READ_BACK:
        raise ValidationError(_("The participant agrees after the report has been read back."))
    _check_date(date, "date", report.read_back_on)
    report.state, report.checked_on = ReportState.AGREED, date
    save_with_version(report, expected_version=expected_version, fields=["state", "checked_on"])
    _keep_version(report, actor)


@transaction.atomic
def report_amend(
    *, actor: User, report: Report, expected_version: int, date: dt.date, text: str, what_changed: str
) -> None:
    """The participant asked for changes and agrees with the amended text."""
    if report.state not in (ReportState.READ_BACK, ReportState.AGREED, ReportState.AMENDED):
        raise ValidationError(_("A report is amended after it has been read back."))
    if not what_changed.strip():
        raise ValidationError({"what_changed": _("Say what changed.")})
    if not text.strip():
        raise ValidationError({"text": _("The report cannot be empty.")})
    _check_date(date, "date", report.read_back_on)
    report.state, report.checked_on, report.text = ReportState.AMENDED, date, text.strip()
    report.amendment = "\n".join(filter(None, [report.amendment, f"{date:%d-%m-%Y}: {what_changed.strip()}"]))
    save_with_version(
        report, expected_version=expected_version, fields=["state", "checked_on", "text", "amendment"]
    )
    _keep_version(report, actor, note=what_changed.strip())
    # Passages that no longer occur in the amended text are no longer quotes of the participant.
    stale = [
        h.pk
        for h in Highlight.objects.filter(interview=report.interview, answer__isnull=True)
        if h.passage not in report.text
    ]
    Highlight.objects.filter(pk__in=stale).delete()


# ----- codebook and highlights ------------------------------------------------------------


def _check_parent(organisation: Organisation, parent: Theme | None, theme: Theme | None = None) -> None:
    if parent is None:
        return
    if parent.organisation_id != organisation.pk:
        raise ValidationError({"parent": _("Unknown theme.")})
    if parent.parent_id is not None:
        raise ValidationError({"parent": _("Themes nest one level: choose a main theme.")})
    if theme is not None and (parent.pk == theme.pk or theme.children.exists()):
        raise ValidationError({"parent": _("A main theme with sub-themes cannot become a sub-theme.")})


@transaction.atomic
def theme_create(
    *, organisation: Organisation, name: str, description: str = "", parent: Theme | None = None
) -> Theme:
    _check_parent(organisation, parent)
    if Theme.objects.filter(organisation=organisation, name=name).exists():
        raise ValidationError({"name": _("There is already a theme with this name.")})
    return Theme.objects.create(
        organisation=organisation, name=name, description=description, parent=parent, guid=uuid.uuid4()
    )


@transaction.atomic
def theme_update(
    *, theme: Theme, expected_version: int, name: str, description: str, parent: Theme | None
) -> None:
    _check_parent(theme.organisation, parent, theme)
    if Theme.objects.filter(organisation_id=theme.organisation_id, name=name).exclude(pk=theme.pk).exists():
        raise ValidationError({"name": _("There is already a theme with this name.")})
    theme.name, theme.description, theme.parent = name, description, parent
    save_with_version(theme, expected_version=expected_version, fields=["name", "description", "parent"])


@transaction.atomic
def highlight_create(
    *, actor: User, interview: Interview, passage: str, themes: Iterable[Theme], answer: Answer | None = None
) -> Highlight:
    """Tag a passage of a checked report, or of an open answer, with themes."""
    passage = passage.strip()
    themes = list(themes)
    if not themes:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    if any(t.organisation_id != interview.round.organisation_id for t in themes):
        raise ValidationError({"themes": _("Unknown theme.")})
    if not passage:
        raise ValidationError({"passage": _("Copy the passage you want to mark.")})
    report = Report.objects.get(interview=interview)
    # The member check covers the whole conversation, open answers included.
    if not report.is_checked:
        raise ValidationError(_("Only conversations the participant has agreed with can be marked."))
    if answer is not None and answer.interview_id != interview.pk:
        raise ValidationError(_("This answer belongs to another interview."))
    source = answer.text if answer is not None else report.text
    if passage not in source:
        raise ValidationError({"passage": _("This passage does not occur word for word in the text.")})
    highlight = Highlight.objects.create(
        organisation_id=interview.round.organisation_id,
        interview=interview,
        answer=answer,
        passage=passage,
        created_by=actor,
    )
    highlight.themes.set(themes)
    return highlight


@transaction.atomic
def highlight_delete(*, actor: User, highlight: Highlight) -> None:
    highlight.delete()


# ----- merging two records of one person: evaluation's part (people.hooks, registered in apps.py) ----


def merge_problems(keep: Participant, remove: Participant) -> list[str]:
    """Two interviews in one round cannot become one conversation: the evaluator removes one first."""
    rounds = set(Interview.objects.filter(participant=keep).values_list("round_id", flat=True)) & set(
        Interview.objects.filter(participant=remove).values_list("round_id", flat=True)
    )
    if not rounds:
        return []
    return [
        _(
            "Both records were interviewed in the same evaluation round. Two conversations cannot "
            "become one: ask the evaluator which interview belongs to this person and remove the other first."
        )
    ]


def merge_interviews(keep: Participant, remove: Participant, summary: dict) -> tuple:
    """Interviews move with their answers, reports and highlights."""
    summary["interviews"] += repoint(Interview.objects.filter(participant=remove), "participant", keep.pk)
    return (Interview,)
