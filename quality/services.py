"""Writes of the quality app: checklist reflections, preconditions, network evaluations."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.concurrency import save_with_version
from networks.models import Network
from quality import catalogue
from quality.models import (
    ChecklistAnswer,
    ChecklistItemAnswer,
    ChecklistReflection,
    EvaluationKind,
    EvaluationStatus,
    GoalResult,
    NetworkEvaluation,
    Precondition,
    PreconditionStatus,
    TookPart,
)

NOTE_MAX = 300


def _check_date(errors: dict, field: str, date: dt.date, network: Network) -> None:
    if date > timezone.localdate():
        errors[field] = [_("The date cannot be in the future.")]
    elif date < network.start_date:
        errors[field] = [_("The date cannot be before the start of the network.")]


@transaction.atomic
def reflection_record(
    *,
    actor: User | None,
    network: Network,
    date: dt.date,
    answers: dict[str, tuple[str, str]],
    note: str = "",
) -> ChecklistReflection:
    """Record a dated reflection on the checklist: answers maps item key -> (answer, note).

    Every item of the current checklist must be answered; nothing is saved on an error.
    """
    errors: dict[str, list[str]] = {}
    _check_date(errors, "date", date, network)
    for key in catalogue.CHECKLIST_KEYS:
        answer, item_note = answers.get(key, ("", ""))
        if answer not in ChecklistAnswer.values:
            errors[f"{key}_answer"] = [_("Choose an answer.")]
        if len((item_note or "").strip()) > NOTE_MAX:
            errors[f"{key}_note"] = [
                _("Keep the note short (at most %(max)s characters).") % {"max": NOTE_MAX}
            ]
    unknown = set(answers) - set(catalogue.CHECKLIST_KEYS)
    if unknown:
        raise ValueError(f"Unknown checklist items: {sorted(unknown)}")
    if errors:
        raise ValidationError(errors)
    reflection = ChecklistReflection.objects.create(
        network=network,
        date=date,
        checklist_version=catalogue.CHECKLIST_VERSION,
        note=(note or "").strip(),
        recorded_by=actor,
    )
    ChecklistItemAnswer.objects.bulk_create(
        [
            ChecklistItemAnswer(
                reflection=reflection, item=key, answer=answers[key][0], note=(answers[key][1] or "").strip()
            )
            for key in catalogue.CHECKLIST_KEYS
        ]
    )
    return reflection


@transaction.atomic
def precondition_set(
    *,
    actor: User | None,
    network: Network,
    key: str,
    status: str,
    note: str = "",
    checked_on: dt.date | None = None,
    expected_version: int,
) -> Precondition:
    """Set the status of one precondition. expected_version 0 means: not recorded before."""
    if key not in catalogue.PRECONDITION_KEYS:
        raise ValueError(f"Unknown precondition {key!r}")
    errors: dict[str, list[str]] = {}
    if status not in PreconditionStatus.values:
        errors["status"] = [_("Choose a status.")]
    if checked_on is not None and checked_on > timezone.localdate():
        errors["checked_on"] = [_("The date cannot be in the future.")]
    if len(note or "") > 500:
        errors["note"] = [_("Keep the note short (at most %(max)s characters).") % {"max": 500}]
    if errors:
        raise ValidationError(errors)
    checked_on = checked_on or timezone.localdate()
    existing = Precondition.objects.filter(network=network, key=key).first()
    if existing is None:
        if expected_version != 0:
            from core.concurrency import ConflictError

            raise ConflictError(Precondition(network=network, key=key))
        return Precondition.objects.create(
            network=network,
            key=key,
            status=status,
            note=(note or "").strip(),
            checked_on=checked_on,
            checked_by=actor,
        )
    existing.status, existing.note, existing.checked_on, existing.checked_by = (
        status,
        (note or "").strip(),
        checked_on,
        actor,
    )
    save_with_version(
        existing, expected_version=expected_version, fields=["status", "note", "checked_on", "checked_by"]
    )
    return existing


EVALUATION_FIELDS = (
    "kind",
    "date",
    "took_part",
    "participants_count",
    "goals",
    "main_goal",
    "main_goal_note",
    "success_factors",
    "failure_factors",
    "factors_note",
    "sustain",
    "recommendations",
    "status",
)


def _validate_evaluation(network: Network, data: dict) -> None:
    errors: dict[str, list[str]] = {}
    if data.get("kind") not in EvaluationKind.values:
        errors["kind"] = [_("Choose the kind of evaluation.")]
    if data.get("took_part") not in TookPart.values:
        errors["took_part"] = [_("Choose who took part.")]
    if data.get("date") is not None:
        _check_date(errors, "date", data["date"], network)
    count = data.get("participants_count") or 0
    if data.get("took_part") in (TookPart.WHOLE_GROUP, TookPart.PART) and count < 1:
        errors["participants_count"] = [
            _("How many participants took part? At least one, for a group conversation.")
        ]
    if data.get("main_goal") not in GoalResult.values:
        errors["main_goal"] = [_("Choose a result.")]
    for letter in catalogue.SUB_GOAL_LETTERS:
        goal = (data.get("goals") or {}).get(letter) or {}
        if goal.get("result") not in GoalResult.values:
            errors[f"goal_{letter}"] = [_("Choose a result.")]
    success_keys = {k for k, _t in catalogue.SUCCESS_FACTORS}
    failure_keys = {k for k, _t in catalogue.FAILURE_FACTORS}
    if set(data.get("success_factors") or []) - success_keys:
        errors["success_factors"] = [_("Choose factors from the list.")]
    if set(data.get("failure_factors") or []) - failure_keys:
        errors["failure_factors"] = [_("Choose factors from the list.")]
    if data.get("status") not in EvaluationStatus.values:
        errors["status"] = [_("Choose a status.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def evaluation_create(*, actor: User | None, network: Network, **data) -> NetworkEvaluation:
    unknown = set(data) - set(EVALUATION_FIELDS)
    if unknown:
        raise ValueError(f"Not an evaluation field: {sorted(unknown)}")
    data.setdefault("status", EvaluationStatus.DRAFT)
    data.setdefault("main_goal", GoalResult.UNKNOWN)
    _validate_evaluation(network, data)
    return NetworkEvaluation.objects.create(network=network, recorded_by=actor, **data)


@transaction.atomic
def evaluation_update(
    *, actor: User | None, evaluation: NetworkEvaluation, expected_version: int, **data
) -> NetworkEvaluation:
    unknown = set(data) - set(EVALUATION_FIELDS)
    if unknown:
        raise ValueError(f"Not an evaluation field: {sorted(unknown)}")
    merged = {name: getattr(evaluation, name) for name in EVALUATION_FIELDS} | data
    if evaluation.status == EvaluationStatus.FINAL and merged["status"] == EvaluationStatus.DRAFT:
        raise ValidationError({"status": [_("A final evaluation cannot go back to draft.")]})
    _validate_evaluation(evaluation.network, merged)
    for name, value in data.items():
        setattr(evaluation, name, value)
    save_with_version(evaluation, expected_version=expected_version, fields=sorted(data))
    return evaluation
