"""Audit trail, change history, consent, points of attention, research studies, submission tokens.

AuditEntry and FieldChange hold ids and field names, never a participant's name: the
organisation, actor and participant are plain integers, so deleting or anonymising anything
elsewhere never has to touch (or cascade into) the trail.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import HistoryManager


class AppendOnlyError(Exception):
    """The audit trail is append-only: entries are never changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit entries cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("audit entries cannot be changed")


class AuditEntry(models.Model):
    """Who did what with whose data, when (UTC), in which organisation. Never the data itself.

    Append-only in three layers: save()/delete() here, the queryset, and a database trigger
    (migration 0002) that refuses UPDATE and DELETE, so not even raw SQL through the app changes it.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    actor_username = models.CharField(_("user"), max_length=150, blank=True)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True)
    participant_id = models.BigIntegerField(_("participant id"), null=True, blank=True)
    action = models.CharField(_("what"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["participant_id", "at"], name="audit_participant_at"),
            models.Index(fields=["organisation_id", "at"], name="audit_org_at"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")


class ChangeAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")


class FieldChange(models.Model):
    """Field-level history of personal data: which fields changed, from what to what, by whom.

    Values are personal data themselves, so erasure blanks them (privacy.erasure); only the
    erasure service changes rows here.
    """

    at = models.DateTimeField(default=timezone.now)
    actor_id = models.BigIntegerField(null=True, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    participant_id = models.BigIntegerField(null=True, blank=True)
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=40)
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    changes = models.JSONField(default=dict)  # field -> [old, new]

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["participant_id", "at"], name="change_participant_at")]


class ConsentScope(models.TextChoices):
    REGISTRATION = "registration", _("registration in Vangnet")
    FIRST_NAME = "first_name", _("first name on shared pages")
    EVALUATION = "evaluation", _("taking part in the evaluation")
    RESEARCH = "research", _("use of pseudonymised data for research")
    POINTS_OF_ATTENTION = "points_of_attention", _("recording points of attention")
    GROUP_BOARD = "group_board", _("first name on the group board")


class Consent(models.Model):
    """The current answer per participant and scope; its history is kept in FieldChange."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("about"), max_length=30, choices=ConsentScope.choices)
    given = models.BooleanField(_("consent given"), default=False)
    date = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = HistoryManager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [models.UniqueConstraint(fields=["participant", "scope"], name="consent_unique_scope")]


class PointOfAttention(models.Model):
    """Something the network's workers should keep in mind (only with consent; only they see it)."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="points_of_attention"
    )
    text = models.TextField(_("point of attention"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = HistoryManager()

    class Meta:
        verbose_name = _("point of attention")
        verbose_name_plural = _("points of attention")
        ordering = ["-created_at", "-id"]


def _study_key() -> str:
    return secrets.token_hex(32)


class Study(models.Model):
    """A research study: its own secret key makes its pseudonyms unlinkable to other studies."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="studies"
    )
    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(max_length=64, default=_study_key, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("study")
        verbose_name_plural = _("studies")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="study_unique_name")]

    def __str__(self) -> str:
        return self.name


class SubmissionToken(models.Model):
    """A create form's one-time token: the second submit of the same form finds it used."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    used_at = models.DateTimeField(default=timezone.now)
    result_url = models.CharField(max_length=300, blank=True)
