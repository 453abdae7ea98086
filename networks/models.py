from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Location, Organisation


class Phase(models.TextChoices):
    EXPLORATION = "exploration", _("Exploration")
    BUILDUP = "buildup", _("Build-up")
    DEEPENING = "deepening", _("Deepening")
    EVALUATION = "evaluation", _("Evaluation and transition")
    PROVISION = "provision", _("Provision")
    STOPPED = "stopped", _("Stopped")


# The order of the intervention; PROVISION and STOPPED have no planned length.
PHASE_ORDER = [Phase.EXPLORATION, Phase.BUILDUP, Phase.DEEPENING, Phase.EVALUATION, Phase.PROVISION]


class Network(models.Model):
    """A vangnetwerk: an open group of residents with its social workers."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="networks")
    name = models.CharField(_("name"), max_length=200)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        related_name="networks",
        null=True,
        blank=True,
        verbose_name=_("location"),
    )
    start_date = models.DateField(_("start date"))
    target_size = models.PositiveSmallIntegerField(_("target size"), default=15)
    weekly_hours = models.DecimalField(
        _("weekly hours of the social worker"), max_digits=4, decimal_places=1, default=4
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.EXPLORATION)
    phase_since = models.DateField(_("in this phase since"))
    # Planned phase lengths in months (defaults from the intervention description).
    exploration_months = models.PositiveSmallIntegerField(_("planned months of exploration"), default=3)
    buildup_months = models.PositiveSmallIntegerField(_("planned months of build-up"), default=9)
    deepening_months = models.PositiveSmallIntegerField(_("planned months of deepening"), default=6)
    evaluation_months = models.PositiveSmallIntegerField(
        _("planned months of evaluation and transition"), default=2
    )
    # Rules of the weekly practice (used by the practice app).
    structural_window_weeks = models.PositiveSmallIntegerField(
        _("structural participant: present at least once in the last ... weeks"), default=6
    )
    followup_after_missed = models.PositiveSmallIntegerField(
        _("follow up after ... missed sessions in a row"), default=3
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support network")
        verbose_name_plural = _("support networks")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="network_unique_name")]

    def __str__(self) -> str:
        return self.name

    def planned_months(self, phase: str) -> int | None:
        return {
            Phase.EXPLORATION: self.exploration_months,
            Phase.BUILDUP: self.buildup_months,
            Phase.DEEPENING: self.deepening_months,
            Phase.EVALUATION: self.evaluation_months,
        }.get(phase)


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("lead social worker")
    BACKUP = "backup", _("backup (achterwacht)")


class NetworkAssignment(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role"), max_length=10, choices=AssignmentRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="assignment_unique")]
        ordering = ["role", "user__first_name"]


class PhaseChange(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    # Why the network moved on although the intervention expects more first, or skipped a phase.
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]


class NetworkStamp(models.Model):
    """A random number the database renews whenever data about the network that derived figures read
    changes (triggers, networks/stamps.py). The app only reads it; no row means no change since the
    triggers were installed."""

    network_id = models.BigIntegerField(primary_key=True)  # no foreign key: a trigger may outlive the row
    stamp = models.BigIntegerField()
