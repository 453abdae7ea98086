"""Individual evaluation: questionnaires, rounds, interviews, reports with member check, codebook."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.history import HistoryManager
from networks.models import Network
from people.models import Participant


class QuestionnaireTemplate(models.Model):
    """One version of a questionnaire. Versions are never edited: new wording is a new version."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="questionnaires")
    name = models.CharField(_("name"), max_length=200)
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("questionnaire")
        ordering = ["name", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name", "number"], name="questionnaire_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("scale 0-10, now and a year ago")
    OPEN = "open", _("open question")


class Question(models.Model):
    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    # Stable across versions so analysis across rounds can pair the same item.
    code = models.SlugField(_("code"), max_length=40)
    text = models.TextField(_("question"))
    anchor_low = models.CharField(_("meaning of 0"), max_length=200, blank=True)
    anchor_high = models.CharField(_("meaning of 10"), max_length=200, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="question_unique_position"),
            models.UniqueConstraint(fields=["template", "code"], name="question_unique_code"),
        ]

    def __str__(self) -> str:
        return self.text


class EvaluationRound(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="evaluation_rounds")
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="evaluation_rounds")
    name = models.CharField(_("name"), max_length=200)
    template = models.ForeignKey(
        QuestionnaireTemplate,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("questionnaire"),
    )
    starts_on = models.DateField(_("interviews from"))
    ends_on = models.DateField(_("interviews until"), null=True, blank=True)
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="evaluation_rounds", verbose_name=_("evaluators")
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluation round")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


class Interview(models.Model):
    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="interviews")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="interviews")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date of the conversation"))
    # Consent to use the interview lives in the privacy consent register (privacy.Consent, scopes
    # "evaluation" and "research"): migration 0002 copied the interview's own columns into it and
    # 0003 dropped them.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HistoryManager()

    class Meta:
        verbose_name = _("interview")
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="interview_unique_participant")
        ]


class Answer(models.Model):
    """A missing answer is a null value; "does not want to answer" is recorded explicitly."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    now = models.PositiveSmallIntegerField(null=True, blank=True)
    now_declined = models.BooleanField(default=False)
    before = models.PositiveSmallIntegerField(null=True, blank=True)
    before_declined = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    text_declined = models.BooleanField(default=False)

    objects = HistoryManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "question"], name="answer_unique_question"),
            models.CheckConstraint(condition=models.Q(now__lte=10), name="answer_now_scale"),
            models.CheckConstraint(condition=models.Q(before__lte=10), name="answer_before_scale"),
        ]


class ReportState(models.TextChoices):
    DRAFT = "draft", _("draft")
    READ_BACK = "read_back", _("read back to the participant")
    AGREED = "agreed", _("agreed")
    AMENDED = "amended", _("agreed after amendment")


# Only reports the participant has checked feed the analysis and the thematic report.
CHECKED_STATES = (ReportState.AGREED, ReportState.AMENDED)


class Report(models.Model):
    """The conversation report (gespreksverslag) and its member check."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="report")
    text = models.TextField(_("report"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT
    )
    read_back_on = models.DateField(_("read back on"), null=True, blank=True)
    checked_on = models.DateField(_("agreed on"), null=True, blank=True)
    amendment = models.TextField(_("what changed"), blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = HistoryManager()

    @property
    def is_checked(self) -> bool:
        return self.state in CHECKED_STATES


class ReportVersion(models.Model):
    """Every saved text and state change of a report, kept for the member-check trail."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    state = models.CharField(max_length=20, choices=ReportState.choices)
    note = models.TextField(blank=True)
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")]


class Theme(models.Model):
    """A code of the codebook. Nested one level: a theme may have a parent that has none."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="themes")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("main theme"),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    # Stable id for REFI-QDA exchange.
    guid = models.UUIDField(unique=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("theme")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="theme_unique_name")]

    def __str__(self) -> str:
        return self.name


class Highlight(models.Model):
    """A passage of a checked report or an open answer, tagged with themes."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="highlights")
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="highlights")
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="highlights"
    )
    passage = models.TextField(_("passage"))
    themes = models.ManyToManyField(Theme, related_name="highlights", verbose_name=_("themes"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]


class KeptInterviewScores(models.Model):
    """Per interview of a network, the sums of its scale answers (no text), as
    evaluation.selectors.interview_scores found them for the network's stamp (networks/stamps.py): the
    process evaluation pairs them per network and pooled without reading every answer again. Which
    interviews count (report checked, consent, the person's latest) is decided when read, not kept."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, primary_key=True, related_name="+")
    stamp = models.BigIntegerField(null=True)  # NULL: nothing changed since the triggers were installed
    scores = models.TextField()  # JSON: [[interview id, "code code ...", sum now, sum before, items], ...]

    KEPT_FIELDS = ("scores",)  # what networks.stamps.kept stores and reads
