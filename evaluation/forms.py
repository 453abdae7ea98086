from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.dates import Limit, check_period, date_problem, limit, network_start
from evaluation import questionnaires
from evaluation.models import QuestionKind, QuestionnaireTemplate, Theme
from evaluation.services import EVALUATOR_ROLES

DEFAULT_CHOICE = "default"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCORES = [(i, str(i)) for i in range(11)]


class TemplateUploadForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the name in the text. The same name makes a new version."),
    )
    content = forms.CharField(
        label=_("Questionnaire"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            'JSON, or one question per line: "scale: code | question | meaning of 0 | meaning of 10" '
            'or "open: code | question". A line starting with # gives the name.'
        ),
    )
    upload = forms.FileField(label=_("Or upload a file (.json or .txt)"), required=False)

    MAX_BYTES = 200_000

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        content = data.get("content") or ""
        if upload is not None:
            if upload.size > self.MAX_BYTES:
                raise ValidationError({"upload": _("The file is too large.")})
            try:
                content = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise ValidationError({"upload": _("The file is not UTF-8 text.")}) from error
        try:
            parsed = questionnaires.parse(content)
        except ValidationError as error:
            raise ValidationError({"content": error.messages}) from error
        parsed["name"] = (data.get("name") or "").strip() or parsed["name"]
        if not parsed["name"]:
            raise ValidationError({"name": _("Give the questionnaire a name.")})
        data["parsed"] = parsed
        return data


def evaluator_choices(organisation_id: int):
    return User.objects.filter(
        organisation_id=organisation_id, is_active=True, role_assignments__role__in=EVALUATOR_ROLES
    ).distinct()


class RoundForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Support network"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    template = forms.ChoiceField(label=_("Questionnaire"))
    starts_on = forms.DateField(label=_("Interviews from"), widget=DATE)
    ends_on = forms.DateField(label=_("Interviews until"), widget=DATE, required=False)
    evaluators = forms.ModelMultipleChoiceField(
        label=_("Evaluators"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Preferably someone who does not run the network."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, networks, organisation_id: int, editing: bool = False, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.templates = {
            str(t.pk): t for t in QuestionnaireTemplate.objects.filter(organisation_id=organisation_id)
        }
        choices = [(pk, str(t)) for pk, t in self.templates.items()]
        if not any(t.is_default for t in self.templates.values()):
            # The shipped questionnaire is stored when a round first uses it, not when the form is shown.
            choices.insert(0, (DEFAULT_CHOICE, questionnaires.DEFAULT_NAME))
        self.fields["template"].choices = choices
        self.fields["evaluators"].queryset = evaluator_choices(organisation_id)
        self.fields["evaluators"].label_from_instance = lambda u: u.display_name
        if editing:
            # Scores of a round are only comparable with its own questionnaire.
            del self.fields["network"], self.fields["template"]
        self.round_network = network  # when editing: the round's network
        limit(self, "starts_on", "ends_on", future=True)

    def clean(self):
        data = super().clean()
        check_period(self, "starts_on", "ends_on")
        network = data.get("network") or self.round_network
        problem = date_problem(data.get("starts_on"), future=True, earliest=network_start(network))
        if problem:
            self.add_error("starts_on", problem)
        return data


class InterviewForm(forms.Form):
    """Consent and/or answers; `questions` may be all of them or one (one item at a time)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, questions, with_consent: bool, round=None, **kwargs):  # noqa: A002 - the round
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.with_consent = with_consent
        if with_consent:
            self.fields["held_on"] = forms.DateField(label=_("Date of the conversation"), widget=DATE)
            self.fields["consent_evaluation"] = forms.BooleanField(
                label=_("Agrees that the answers are used in the evaluation"), required=False
            )
            self.fields["consent_evaluation_on"] = forms.DateField(
                label=_("Date of this consent"), widget=DATE, required=False
            )
            self.fields["consent_research"] = forms.BooleanField(
                label=_("Agrees that the answers are used, without name, in research"), required=False
            )
            self.fields["consent_research_on"] = forms.DateField(
                label=_("Date of this consent"), widget=DATE, required=False
            )
            for name in ("consent_evaluation", "consent_research"):
                self.fields[f"{name}_version"] = forms.IntegerField(
                    widget=forms.HiddenInput, min_value=0, required=False
                )
            # The conversation happened, within its round's interview period.
            limit(
                self,
                "held_on",
                earliest=Limit(round.starts_on, _("the start of the round's interviews")) if round else None,
                latest=Limit(round.ends_on, _("the end of the round's interviews"))
                if round and round.ends_on
                else None,
            )
            limit(self, "consent_evaluation_on", "consent_research_on")
        for q in questions:
            if q.kind == QuestionKind.SCALE:
                for when, label in (("now", _("Now")), ("before", _("A year ago"))):
                    self.fields[f"q{q.pk}_{when}"] = forms.TypedChoiceField(
                        label=label,
                        choices=SCORES,
                        coerce=int,
                        empty_value=None,
                        required=False,
                        widget=forms.RadioSelect,
                    )
                    self.fields[f"q{q.pk}_{when}_declined"] = forms.BooleanField(
                        label=_("Does not want to answer"), required=False
                    )
            else:
                self.fields[f"q{q.pk}_text"] = forms.CharField(
                    label=q.text, required=False, widget=forms.Textarea(attrs={"rows": 5})
                )
                self.fields[f"q{q.pk}_text_declined"] = forms.BooleanField(
                    label=_("Does not want to answer"), required=False
                )

    def clean(self):
        data = super().clean()
        for q in self.questions:
            parts = ("now", "before") if q.kind == QuestionKind.SCALE else ("text",)
            for part in parts:
                value = data.get(f"q{q.pk}_{part}")
                if data.get(f"q{q.pk}_{part}_declined") and value not in (None, ""):
                    self.add_error(
                        f"q{q.pk}_{part}",
                        _("Either an answer or 'does not want to answer', not both."),
                    )
        if self.with_consent:
            for name in ("consent_evaluation", "consent_research"):
                when = data.get(f"{name}_on")
                if data.get(name) and when is None:
                    self.add_error(f"{name}_on", _("Give the date of the consent."))
        return data

    def rows(self):
        """Per question the bound fields, for the template's side-by-side layout."""
        for q in self.questions:
            if q.kind == QuestionKind.SCALE:
                yield (
                    q,
                    [
                        (self[f"q{q.pk}_now"], self[f"q{q.pk}_now_declined"]),
                        (self[f"q{q.pk}_before"], self[f"q{q.pk}_before_declined"]),
                    ],
                )
            else:
                yield q, [(self[f"q{q.pk}_text"], self[f"q{q.pk}_text_declined"])]

    def consent(self) -> dict | None:
        if not self.with_consent:
            return None
        keys = (
            "held_on",
            "consent_evaluation",
            "consent_evaluation_on",
            "consent_evaluation_version",
            "consent_research",
            "consent_research_on",
            "consent_research_version",
        )
        return {k: self.cleaned_data.get(k) for k in keys}

    def answers(self) -> dict[int, dict]:
        out = {}
        for q in self.questions:
            parts = ("now", "before") if q.kind == QuestionKind.SCALE else ("text",)
            values = {}
            for part in parts:
                values[part] = self.cleaned_data.get(f"q{q.pk}_{part}")
                values[f"{part}_declined"] = self.cleaned_data.get(f"q{q.pk}_{part}_declined", False)
            out[q.pk] = values
        return out


class ReportTextForm(forms.Form):
    text = forms.CharField(label=_("Report of the conversation"), widget=forms.Textarea(attrs={"rows": 14}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportDateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, held_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Read back or agreed: today or earlier, not before the conversation itself.
        limit(self, "date", earliest=Limit(held_on, _("the conversation")) if held_on else None)


class ReportAmendForm(forms.Form):
    date = forms.DateField(label=_("Date the participant agreed with the amended report"), widget=DATE)
    text = forms.CharField(label=_("Amended report"), widget=forms.Textarea(attrs={"rows": 14}))
    what_changed = forms.CharField(
        label=_("What changed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In a few words, what the participant wanted changed."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, held_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit(self, "date", earliest=Limit(held_on, _("the conversation")) if held_on else None)


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When does a passage belong to this theme?"),
    )
    parent = forms.ModelChoiceField(
        label=_("Main theme"), queryset=None, required=False, help_text=_("Leave empty for a main theme.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisation_id: int, exclude_pk: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Theme.objects.filter(organisation_id=organisation_id, parent__isnull=True)
        if exclude_pk:
            parents = parents.exclude(pk=exclude_pk)
        self.fields["parent"].queryset = parents


class HighlightForm(forms.Form):
    source = forms.ChoiceField(label=_("From"))
    passage = forms.CharField(
        label=_("Passage"),
        widget=forms.Textarea(attrs={"rows": 3, "data-highlight-target": ""}),
        help_text=_("Copy the words exactly as they are in the text, or select them above."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organisation_id: int, open_answers, report_checked: bool, **kwargs):
        super().__init__(*args, **kwargs)
        themes = Theme.objects.filter(organisation_id=organisation_id).select_related("parent")
        self.fields["themes"].queryset = themes.order_by("parent__name", "name")
        self.fields["themes"].label_from_instance = lambda t: (
            f"{t.parent.name} › {t.name}" if t.parent else t.name
        )
        choices = [("report", _("The report"))] if report_checked else []
        choices += [(f"a{a.pk}", a.question.text) for a in open_answers]
        self.fields["source"].choices = choices
