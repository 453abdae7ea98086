from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.history import HistoryManager
from networks.models import Network


class PartnerKind(models.TextChoices):
    POH_GGZ = "poh_ggz", _("GP practice mental-health nurse (POH-GGZ)")
    NEIGHBOURHOOD_TEAM = "neighbourhood_team", _("neighbourhood team")
    BUDDY = "buddy", _("buddy project")
    CARE = "care", _("care provider")
    MUNICIPALITY = "municipality", _("municipality")
    OTHER = "other", _("other")


class Partner(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="partners")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=PartnerKind.choices)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    neighbourhood = models.CharField(
        _("neighbourhood"), max_length=100, blank=True, help_text=_("The neighbourhood the partner works in.")
    )
    networks = models.ManyToManyField(
        Network, blank=True, related_name="partners", verbose_name=_("support networks")
    )
    archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="partner_unique_name")]

    def __str__(self) -> str:
        return self.name


class InvitedVia(models.TextChoices):
    WORKER = "worker", _("by the social worker")
    MEMBER = "member", _("by a group member")
    PARTNER = "partner", _("via a partner")
    WALK_IN = "walk_in", _("walked in")


class Participant(models.Model):
    """A person (deelnemer). Recorded positively: talents and wishes, never diagnoses."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="participants")
    name = models.CharField(_("first name or nickname"), max_length=100)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    talents = models.TextField(_("talents"), blank=True, help_text=_("What is this person good at?"))
    wishes = models.TextField(_("wishes"), blank=True, help_text=_("What would they like to do or learn?"))
    likes_to_do = models.TextField(
        _("likes to do for others"),
        blank=True,
        help_text=_("What would they like to do for the group or others?"),
    )
    invited_via = models.CharField(_("invited"), max_length=20, choices=InvitedVia.choices, blank=True)
    invited_by_participant = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by member"),
    )
    invited_by_partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited via partner"),
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = HistoryManager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    INVITED = "invited", _("invited")
    FIRST_VISIT = "first_visit", _("first visit")
    SETTLING_IN = "settling_in", _("settling in")
    STRUCTURAL = "structural", _("structural participant")
    DROPPED_OUT = "dropped_out", _("dropped out")
    RETURNED = "returned", _("returned")
    REFERRED = "referred", _("referred elsewhere")
    MOVED_ON = "moved_on", _("moved on")


# Stages in which someone belongs to the active group.
ACTIVE_STAGES = (Stage.FIRST_VISIT, Stage.SETTLING_IN, Stage.STRUCTURAL, Stage.RETURNED)
LEFT_STAGES = (Stage.DROPPED_OUT, Stage.REFERRED, Stage.MOVED_ON)


class DropoutReason(models.TextChoices):
    ILLNESS = "illness", _("illness")
    ADMISSION = "admission", _("admission")
    CONFLICT = "conflict", _("conflict")
    PERSONAL = "personal", _("personal circumstances")
    NOT_FITTING = "not_fitting", _("does not fit")
    MOVED = "moved", _("moved house")
    DECEASED = "deceased", _("deceased")
    UNKNOWN = "unknown", _("unknown")
    OTHER = "other", _("other")


class ReferralTarget(models.TextChoices):
    DAY_CARE = "day_care", _("day care")
    VOLUNTEER = "volunteer", _("volunteer work")
    OTHER_GROUP = "other_group", _("another group")
    OTHER = "other", _("other")


class Participation(models.Model):
    """A person's route in one network. The stage is derived from the route events (see services)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="participations")
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="participations")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, editable=False)
    stage_since = models.DateField(_("stage since"), editable=False)
    first_visit = models.DateField(_("first visit"), null=True, blank=True, editable=False)
    stage_confirmed = models.BooleanField(
        default=False,
        editable=False,
        help_text="The worker set the stage by hand; derivation leaves it alone.",
    )

    objects = HistoryManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "network"], name="participation_unique")
        ]
        # stage_since too: the needs-attention view counts every network's stages from this index alone
        indexes = [
            models.Index(fields=["network", "stage", "stage_since"], name="participation_net_stage_since")
        ]


class RouteEvent(models.Model):
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField(_("step"), max_length=20, choices=Stage.choices)
    date = models.DateField(_("date"))
    dropout_reason = models.CharField(_("reason"), max_length=20, choices=DropoutReason.choices, blank=True)
    referral_target = models.CharField(
        _("referred to"), max_length=20, choices=ReferralTarget.choices, blank=True
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="route_events",
        verbose_name=_("partner"),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = HistoryManager()

    class Meta:
        ordering = ["date", "id"]
        # (participation, date, id) in the order of a route; with the stage (PostgreSQL) a person's stage on
        # a given day is read from the index alone (quality.attention's structural count of 8 weeks ago)
        indexes = [
            models.Index(
                fields=["participation", "date", "id"], name="route_event_part_date_id", include=["stage"]
            )
        ]


class ContactKind(models.TextChoices):
    FIRST = "first", _("first contact")
    REFERRAL = "referral", _("conversation about a referral")
    MEETING = "meeting", _("meeting or consultation")
    OTHER = "other", _("other")


class PartnerContact(models.Model):
    """A contact moment with a partner for one network (exploration and later): who, what, follow-up.

    It records what was discussed with the partner, never a participant's story: a referral itself is
    a route event that names the partner.
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="contacts")
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="partner_contacts")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices)
    with_whom = models.CharField(
        _("with whom"), max_length=200, blank=True, help_text=_("The person you spoke to at the partner.")
    )
    summary = models.TextField(_("what was discussed"))
    follow_up = models.CharField(_("next step"), max_length=300, blank=True)
    follow_up_on = models.DateField(_("next step by"), null=True, blank=True)
    follow_up_done = models.DateField(_("next step done on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["network", "date"], name="partner_contact_net_date")]

    @property
    def follow_up_open(self) -> bool:
        return bool(self.follow_up) and self.follow_up_done is None
