from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models import Network

# The source: an activity budget of on average EUR 1,000 for the intervention period.
DEFAULT_ACTIVITY_BUDGET = 1000


class HoursPurpose(models.TextChoices):
    ACTIVITY = "activity", _("activity")
    RECRUITMENT = "recruitment", _("recruitment")
    INDIVIDUAL = "individual", _("individual support")
    PARTNERS = "partners", _("consultation with partners")
    OTHER = "other", _("other")


class HoursRole(models.TextChoices):
    LEAD = "lead", _("lead social worker")
    BACKUP = "backup", _("backup (achterwacht)")
    OTHER = "other", _("other colleague")


class HoursEntry(models.Model):
    """Hours a worker spent on a network in one week (the week is stored as its Monday)."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="hours_entries")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("as"), max_length=10, choices=HoursRole.choices)
    week = models.DateField(_("week"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    purpose = models.CharField(_("what for"), max_length=20, choices=HoursPurpose.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hours entry")
        verbose_name_plural = _("hours entries")
        ordering = ["-week", "-id"]
        # hours too: the hours of every network's last 13 weeks are summed from this index alone
        indexes = [models.Index(fields=["network", "week", "hours"], name="hours_net_week_hours")]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0), name="hours_positive")]


class Budget(models.Model):
    """The planned money for one network's intervention period. A network without a row has the defaults."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="budget")
    activities = models.DecimalField(
        _("activity budget (EUR)"),
        max_digits=9,
        decimal_places=2,
        default=DEFAULT_ACTIVITY_BUDGET,
        validators=[MinValueValidator(0)],
    )
    rent = models.DecimalField(
        _("rent (EUR)"), max_digits=9, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    replacement = models.DecimalField(
        _("replacement during illness or leave (EUR)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    @property
    def total(self):
        return self.total_of(self.activities, self.rent, self.replacement)

    @staticmethod
    def total_of(activities, rent, replacement) -> Decimal:
        """The budget's total from its three amounts (also for rows read as plain values)."""
        return Decimal(activities) + Decimal(rent) + Decimal(replacement)


class ExpenseCategory(models.TextChoices):
    ACTIVITIES = "activities", _("activities and materials")
    RENT = "rent", _("rent")
    REPLACEMENT = "replacement", _("replacement")
    OTHER = "other", _("other")


class Expense(models.Model):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="expenses")
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=9, decimal_places=2)
    category = models.CharField(_("category"), max_length=20, choices=ExpenseCategory.choices)
    description = models.CharField(_("description"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-date", "-id"]
        # amount too: every network's spending is summed from this index alone
        indexes = [models.Index(fields=["network", "date", "amount"], name="expense_net_date_amount")]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="expense_positive")]


class IncomeSource(models.TextChoices):
    OWN_CONTRIBUTION = "own_contribution", _("participants' own contribution")
    FUND = "fund", _("fund")
    MUNICIPALITY = "municipality", _("municipality")


class Income(models.Model):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="incomes")
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=9, decimal_places=2)
    source = models.CharField(_("source"), max_length=20, choices=IncomeSource.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("income")
        verbose_name_plural = _("income")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["network", "date"], name="income_net_date")]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="income_positive")]
