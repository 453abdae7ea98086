from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A welfare organisation: the tenant. Nothing crosses its boundary."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    retention_months = models.PositiveSmallIntegerField(
        _("retention period (months after leaving)"),
        default=24,
        help_text=_("Personal data of people who left longer ago than this is anonymised."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A place where a network meets, e.g. a community centre (buurthuis)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    offers = models.TextField(
        _("what it offers"), blank=True, help_text=_("For example: a kitchen, a crafts room, computers.")
    )
    archived = models.BooleanField(_("archived"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="location_unique_name")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    WORKER = "worker", _("social worker")
    COORDINATOR = "coordinator", _("coordinator")
    EVALUATOR = "evaluator", _("evaluator")
    RESEARCHER = "researcher", _("researcher")
    ADMIN = "admin", _("organisation admin")
    # Answers complete access requests (AVG art. 15) for the organisation; sees nothing else.
    PRIVACY_OFFICER = "privacy_officer", _("privacy officer")


def display_name(first_name: str, last_name: str, username: str) -> str:
    """How a user is named on pages: the full name, else the username (also for plain-value reads)."""
    return f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """Someone who uses Vangnet. Belongs to exactly one organisation (none for the platform superuser)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    # Comma-free list of Role values, kept in RoleAssignment rows; cached here for one-query access checks.
    role_cache = models.CharField(max_length=100, blank=True, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r for r in self.role_cache.split(" ") if r)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.username)

    def _get_session_auth_hash(self, secret=None):
        """The session's proof of the account, as Django's, with the roles in it: a change of roles
        (like a change of password) ends every session of the user; they sign in again, with the
        second factor if the new role needs it."""
        key_salt = "accounts.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}|{self.role_cache}", secret=secret, algorithm="sha256"
        ).hexdigest()


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique")]
