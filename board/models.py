"""The group's own board: a page per network for the participants themselves (docs/group-board.md).

Nothing here is a contribution or a presence: sign-ups and intentions are what people say they will
do; only the worker's record of the session counts (practice.Attendance, practice.Contribution).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from people.models import Participant
from practice.models import Activity, Task

DEFAULT_IDLE_DAYS = 60


class Board(models.Model):
    """The board of one network: whether it is on, and after how many days without use a link stops."""

    network = models.OneToOneField(Network, on_delete=models.PROTECT, related_name="board")
    enabled = models.BooleanField(_("the board is on"), default=True)
    idle_days = models.PositiveSmallIntegerField(
        _("a link stops after this many days without use"), default=DEFAULT_IDLE_DAYS
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group board")
        verbose_name_plural = _("group boards")


class LinkKind(models.TextChoices):
    SHARED = "shared", _("shared link (community centre)")
    PERSONAL = "personal", _("personal link")


class BoardLink(models.Model):
    """A way onto the board. Only the SHA-256 of the token is stored: the link is shown once."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=10, choices=LinkKind.choices)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="board_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["board"],
                condition=models.Q(kind="shared", revoked_at__isnull=True),
                name="boardlink_one_live_shared",
            ),
            models.UniqueConstraint(
                fields=["board", "participant"],
                condition=models.Q(kind="personal", revoked_at__isnull=True),
                name="boardlink_one_live_personal",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="shared", participant__isnull=True)
                | models.Q(kind="personal", participant__isnull=False),
                name="boardlink_personal_has_person",
            ),
        ]


class TaskSignup(models.Model):
    """'Ik doe dit': someone says they will do a task at a session. Not a contribution."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="board_signups")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "date", "task", "participant"], name="tasksignup_unique"
            )
        ]
        indexes = [models.Index(fields=["network", "date"], name="tasksignup_net_date")]


class Intention(models.Model):
    """'Ik kom' or 'Ik kan deze keer niet' for one session. The worker still records what happened."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="board_intentions")
    coming = models.BooleanField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "date", "participant"], name="intention_unique")
        ]
        indexes = [models.Index(fields=["network", "date"], name="intention_net_date")]


class Idea(models.Model):
    """An idea for an activity, in the participant's own words."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("idea"), max_length=140)
    proposed_by = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="board_ideas")
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    activity = models.ForeignKey(Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["network", "removed_at"], name="idea_net_removed")]


class IdeaSupport(models.Model):
    """'Ik doe mee' with an idea."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="board_idea_supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["idea", "participant"], name="ideasupport_unique")]
