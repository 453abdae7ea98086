"""Quality assurance of a network as a whole: checklist reflections, preconditions, evaluations.

None of these rows refers to a participant: they are about the group and the organisation.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models import Network


class ChecklistAnswer(models.TextChoices):
    YES = "yes", _("yes")
    PARTLY = "partly", _("partly")
    NOT_YET = "not_yet", _("not yet")
    NOT_APPLICABLE = "n_a", _("not applicable")


class ChecklistReflection(models.Model):
    """One dated reflection on the checklist. Reflections are kept, never overwritten."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="checklist_reflections")
    date = models.DateField(_("date"))
    checklist_version = models.PositiveSmallIntegerField()
    note = models.TextField(_("general note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("checklist reflection")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["network", "date"], name="quality_refl_network_date")]


class ChecklistItemAnswer(models.Model):
    reflection = models.ForeignKey(ChecklistReflection, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=40)
    answer = models.CharField(_("answer"), max_length=10, choices=ChecklistAnswer.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reflection", "item"], name="quality_answer_unique")]


class PreconditionStatus(models.TextChoices):
    UNKNOWN = "unknown", _("not checked yet")
    MET = "met", _("met")
    PARTLY = "partly", _("partly met")
    NOT_MET = "not_met", _("not met")
    WORKING = "working", _("being worked on")


class Precondition(models.Model):
    """The state of one precondition (randvoorwaarde) for a network. A missing row means 'not checked yet'."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="preconditions")
    key = models.CharField(max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=PreconditionStatus.choices, default=PreconditionStatus.UNKNOWN
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "key"], name="quality_precondition_unique")]


class EvaluationKind(models.TextChoices):
    ONE_YEAR = "one_year", _("one-year evaluation")
    FINAL = "final", _("final evaluation")
    YEARLY = "yearly", _("yearly evaluation")


class TookPart(models.TextChoices):
    WHOLE_GROUP = "whole_group", _("the whole group")
    PART = "part", _("part of the group")
    WORKERS = "workers", _("social workers only")


class GoalResult(models.TextChoices):
    ACHIEVED = "achieved", _("achieved")
    PARTLY = "partly", _("partly achieved")
    NOT = "not", _("not achieved")
    UNKNOWN = "unknown", _("unknown")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    FINAL = "final", _("final")


class NetworkEvaluation(models.Model):
    """The evaluation of a network as a whole, preferably a conversation with the group.

    `goals` maps a sub-goal letter (a-i) to {"result": GoalResult, "note": str}; the factors are
    lists of keys from catalogue.SUCCESS_FACTORS / FAILURE_FACTORS.
    """

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="quality_evaluations")
    kind = models.CharField(_("kind"), max_length=10, choices=EvaluationKind.choices)
    date = models.DateField(_("date of the conversation"))
    took_part = models.CharField(_("who took part"), max_length=15, choices=TookPart.choices)
    participants_count = models.PositiveSmallIntegerField(
        _("number of participants who took part"), default=0
    )
    goals = models.JSONField(default=dict)
    main_goal = models.CharField(
        _("main goal"), max_length=10, choices=GoalResult.choices, default=GoalResult.UNKNOWN
    )
    main_goal_note = models.TextField(_("evidence for the main goal"), blank=True)
    success_factors = models.JSONField(default=list)
    failure_factors = models.JSONField(default=list)
    factors_note = models.TextField(_("what made it work or not"), blank=True)
    sustain = models.TextField(_("what is needed to sustain the network"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network evaluation")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["network", "date"], name="quality_eval_network_date")]


class KeptSignals(models.Model):
    """What needs attention in a network, as quality.attention found it for the network's stamp
    (networks/stamps.py) on a day. Shared by every app process and kept current by the worker, so a page
    over hundreds of networks reads one row each and recomputes only the networks that changed."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, primary_key=True, related_name="+")
    stamp = models.BigIntegerField(null=True)  # NULL: nothing changed since the triggers were installed
    day = models.DateField()
    kinds = models.TextField(blank=True)  # "kind:level kind:level", most urgent first (attention.kept_form)
    values = models.TextField()  # JSON: each signal's values, in the same order

    KEPT_FIELDS = ("kinds", "values")  # what networks.stamps.kept stores and reads


class KeptProcessRow(models.Model):
    """A network's figures in the process evaluation over one period, all but the interviews, as
    quality.selectors.process_figures found them for the network's stamp (networks/stamps.py). The
    worker removes rows not stored again for KEPT_PROCESS_DAYS (quality.selectors.keep_process_current)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    start = models.DateField()
    end = models.DateField()
    stamp = models.BigIntegerField(null=True)
    kept_on = models.DateField()
    figures = models.TextField()  # JSON

    KEPT_FIELDS = ("kept_on", "figures")  # what networks.stamps.kept stores and reads

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "start", "end"], name="kept_process_row_unique")
        ]
