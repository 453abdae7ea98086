from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoryManager
from networks.models import Network
from people.models import Participant


class SupportKind(models.TextChoices):
    """The three kinds of support of the intervention (sub-goals g, h, i)."""

    EMOTIONAL = "emotional", _("emotional")
    COMPANIONSHIP = "companionship", _("companionship")
    PRACTICAL = "practical", _("practical")


class SupportObservation(models.Model):
    """One thing a worker saw or heard: someone supported one or more others, or the group.

    The entry is one record; each giver -> receiver pair is a SupportTie row, so "Anne cooked for
    four" is one observation with four ties. Support to the whole group has no tie: it counts in
    the observation totals but is not a node in the dyadic network figures (see docs/support.md).
    Observations are not edited, only recorded and (when recorded by mistake) removed.
    """

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="support_observations")
    date = models.DateField(_("date"))
    giver = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="support_given", verbose_name=_("who supported")
    )
    to_group = models.BooleanField(_("the group"), default=False)
    kind = models.CharField(_("kind of support"), max_length=20, choices=SupportKind.choices)
    outside_hours = models.BooleanField(_("outside the group's hours"), default=False)
    note = models.CharField(_("short note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = HistoryManager()

    class Meta:
        verbose_name = _("support observation")
        verbose_name_plural = _("support observations")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["network", "date"], name="support_obs_network_date")]


class SupportTie(models.Model):
    """One giver -> receiver pair of an observation."""

    observation = models.ForeignKey(SupportObservation, on_delete=models.CASCADE, related_name="ties")
    receiver = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="support_received", verbose_name=_("receiver")
    )

    objects = HistoryManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["observation", "receiver"], name="support_tie_unique_receiver")
        ]
