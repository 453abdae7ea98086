from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoryManager
from networks.models import Network
from people.models import DropoutReason, Participant, Participation, ReferralTarget

# The source advises activities of at most 2.5 hours with 4 worker hours a week.
ADVISED_MAX_MINUTES = 150


class Audience(models.TextChoices):
    GROUP = "group", _("for the group")
    NEIGHBOURHOOD = "neighbourhood", _("for the neighbourhood")


class Recurrence(models.TextChoices):
    WEEKLY = "weekly", _("every week")
    ONCE = "once", _("once")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Activity(models.Model):
    """What the group does together, e.g. the Tuesday soup afternoon."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="activities")
    name = models.CharField(_("name"), max_length=120)
    audience = models.CharField(
        _("for whom"), max_length=20, choices=Audience.choices, default=Audience.GROUP
    )
    recurrence = models.CharField(
        _("how often"), max_length=10, choices=Recurrence.choices, default=Recurrence.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, null=True, blank=True)
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    active_from = models.DateField(_("from"), help_text=_("For a one-off activity: the date."))
    active_until = models.DateField(_("until"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["weekday", "start_time", "name"]

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    """One item of the network's own list of ways to contribute (koken, afwassen, ...)."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="tasks")
    name = models.CharField(_("task"), max_length=80)
    needs_text = models.BooleanField(
        _("asks what exactly"), default=False, help_text=_("Like 'other': what was it?")
    )
    position = models.PositiveSmallIntegerField(default=0)
    archived = models.BooleanField(_("no longer on the list"), default=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="task_unique_name")]

    def __str__(self) -> str:
        return self.name


class SessionStatus(models.TextChoices):
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class Session(models.Model):
    """One occurrence of an activity. Planned sessions are not stored: a row exists once it was
    recorded or cancelled, so opening the page of a coming session changes nothing."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="sessions")
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    guests = models.PositiveSmallIntegerField(
        _("guests"), default=0, help_text=_("Neighbours, children and others who are not participants.")
    )
    note = models.CharField(_("short note"), max_length=500, blank=True)
    # The token of the last form that saved this session: a second submit of the same form is a double tap.
    last_submission = models.CharField(max_length=40, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["activity", "date"], name="session_unique_date")]
        indexes = [models.Index(fields=["network", "status", "date"], name="session_net_status_date")]


class Presence(models.TextChoices):
    ABSENT = "absent", _("absent")
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused")


class Attendance(models.Model):
    """Present or excused at a session; absence is the absence of a row."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("presence"), max_length=10, choices=Presence.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = HistoryManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="attendance_unique"),
            models.CheckConstraint(condition=~models.Q(status="absent"), name="attendance_not_absent"),
        ]
        indexes = [models.Index(fields=["participant", "status"], name="attendance_part_status")]


class Contribution(models.Model):
    """What a present person did for the group (social productivity)."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="contributions")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="contributions")
    text = models.CharField(_("what exactly"), max_length=200, blank=True)

    objects = HistoryManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attendance", "task"], name="contribution_unique")]


class SessionChange(models.Model):
    """Who saved what on a session, so later edits stay visible."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    # [{"what": "presence"|"tasks"|"guests"|"note"|"status", "participant": id|None, "before": ..., "after": ...}]
    changes = models.JSONField(default=list)

    class Meta:
        ordering = ["-changed_at", "-id"]
        # The session page shows a session's latest 30; the save asks for its latest one.
        indexes = [models.Index(fields=["session", "-changed_at", "-id"], name="sessionchange_latest")]


class LogCategory(models.TextChoices):
    RECRUITMENT = "recruitment", _("recruitment")
    PARTNERS = "partners", _("contact with partners")
    GROUP = "group", _("group dynamics")
    INTERPRETING = "interpreting", _("social interpreting")
    REFLECTION = "reflection", _("reflection and coaching")
    MILESTONE = "milestone", _("milestone")
    INCIDENT = "incident", _("incident")
    OTHER = "other", _("other")


class LogEntry(models.Model):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="log_entries")
    date = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=20, choices=LogCategory.choices)
    text = models.TextField(_("text"))
    participants = models.ManyToManyField(
        Participant, blank=True, related_name="log_entries", verbose_name=_("participants involved")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["network", "date"], name="logentry_net_date")]


class HouseRule(models.Model):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="house_rules")
    text = models.CharField(_("house rule"), max_length=300)
    agreed_on = models.DateField(_("agreed by the group on"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    withdrawn_on = models.DateField(_("no longer applies since"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("house rule")
        verbose_name_plural = _("house rules")
        ordering = ["position", "id"]


class HouseRuleRevision(models.Model):
    """Every wording a rule has had, so changes are kept."""

    rule = models.ForeignKey(HouseRule, on_delete=models.CASCADE, related_name="revisions")
    text = models.CharField(max_length=300)
    agreed_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]


class FollowUpOutcome(models.TextChoices):
    BACK = "back", _("back in the group")
    PAUSE = "pause", _("taking a break")
    DROPPED_OUT = "dropped_out", _("dropped out")
    REFERRED = "referred", _("referred elsewhere")


class FollowUp(models.Model):
    """Someone who was missed several sessions in a row: a prompt to get in touch, never a score."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="followups")
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="followups")
    opened_on = models.DateField(_("opened on"))
    missed = models.PositiveSmallIntegerField(_("sessions missed in a row"))
    last_present = models.DateField(_("last present"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=FollowUpOutcome.choices, blank=True)
    dropout_reason = models.CharField(_("reason"), max_length=20, choices=DropoutReason.choices, blank=True)
    referral_target = models.CharField(
        _("referred to"), max_length=20, choices=ReferralTarget.choices, blank=True
    )
    outcome_note = models.CharField(_("note"), max_length=300, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = HistoryManager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["opened_on", "id"]
        constraints = [
            # At most one open follow-up per person and network.
            models.UniqueConstraint(
                fields=["participation"], condition=models.Q(closed_on__isnull=True), name="followup_one_open"
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class FollowUpActionKind(models.TextChoices):
    PHONED = "phoned", _("phoned")
    VISITED = "visited", _("visited")
    CARD = "card", _("sent a card")
    MEMBER = "member", _("message from a group member")


class FollowUpAction(models.Model):
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("what was done"), max_length=20, choices=FollowUpActionKind.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = HistoryManager()

    class Meta:
        ordering = ["date", "id"]
