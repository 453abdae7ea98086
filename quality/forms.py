import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import DateRule
from quality import catalogue
from quality.models import (
    ChecklistAnswer,
    EvaluationKind,
    EvaluationStatus,
    GoalResult,
    PreconditionStatus,
    TookPart,
)
from quality.selectors import default_process_period
from quality.services import EVALUATION_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_future(value: dt.date) -> dt.date:
    """Reflections, checks and conversations happened: the shared date rule (core.dates)."""
    DateRule()(value)
    return value


class ReflectionForm(forms.Form):
    """One radio group and a short note per checklist item, grouped as the checklist."""

    date = forms.DateField(label=_("date of the reflection"), widget=DATE_INPUT)
    note = forms.CharField(label=_("general note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for _group, key, text in catalogue.CHECKLIST:
            self.fields[f"{key}_answer"] = forms.ChoiceField(
                label=text,
                choices=ChecklistAnswer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )
            self.fields[f"{key}_note"] = forms.CharField(label=_("note"), required=False, max_length=300)

    def clean_date(self):
        return _not_future(self.cleaned_data["date"])

    def groups(self):
        """[(group label, [(answer field, note field)])] for the template."""
        result = []
        for group, label in catalogue.CHECKLIST_GROUPS:
            items = [
                (self[f"{key}_answer"], self[f"{key}_note"])
                for g, key, _text in catalogue.CHECKLIST
                if g == group
            ]
            result.append((label, items))
        return result

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "note": data["note"],
            "answers": {
                key: (data[f"{key}_answer"], data[f"{key}_note"]) for key in catalogue.CHECKLIST_KEYS
            },
        }


class PreconditionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), choices=PreconditionStatus.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    checked_on = forms.DateField(label=_("checked on"), widget=DATE_INPUT)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_checked_on(self):
        return _not_future(self.cleaned_data["checked_on"])


class EvaluationForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=EvaluationKind.choices)
    date = forms.DateField(label=_("date of the conversation"), widget=DATE_INPUT)
    took_part = forms.ChoiceField(
        label=_("who took part"), choices=TookPart.choices, widget=forms.RadioSelect
    )
    participants_count = forms.IntegerField(
        label=_("number of participants who took part"), min_value=0, max_value=200, initial=0
    )
    main_goal = forms.ChoiceField(
        label=_("main goal"),
        choices=GoalResult.choices,
        widget=forms.RadioSelect,
        help_text=catalogue.MAIN_GOAL,
    )
    main_goal_note = forms.CharField(
        label=_("evidence for the main goal"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    success_factors = forms.MultipleChoiceField(
        label=_("what helped (success factors)"),
        choices=catalogue.SUCCESS_FACTORS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    failure_factors = forms.MultipleChoiceField(
        label=_("what got in the way (failure factors)"),
        choices=catalogue.FAILURE_FACTORS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    factors_note = forms.CharField(
        label=_("what made it work or not"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    sustain = forms.CharField(
        label=_("what is needed to sustain the network"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recommendations = forms.CharField(
        label=_("recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(
        label=_("status"),
        choices=EvaluationStatus.choices,
        widget=forms.RadioSelect,
        help_text=_("A final evaluation counts in the due dates and in the process evaluation."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    GOAL_FIELDS_AFTER = "participants_count"

    @staticmethod
    def stored_values(evaluation) -> dict:
        """What the edit form starts with (`initial`): the stored evaluation in the form's shape, the
        sub-goals as goal_a, goal_a_note, ... (the form is not a ModelForm; see core.editing.stored_values)."""
        # The service's fields, with the sub-goals (a JSON field) spread over goal_a, goal_a_note, ... below.
        initial = {
            name: getattr(evaluation, name) for name in (*EVALUATION_FIELDS, "version") if name != "goals"
        }
        for letter in catalogue.SUB_GOAL_LETTERS:
            goal = (evaluation.goals or {}).get(letter) or {}
            initial[f"goal_{letter}"] = goal.get("result", GoalResult.UNKNOWN)
            initial[f"goal_{letter}_note"] = goal.get("note", "")
        return initial

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for letter, text in catalogue.SUB_GOALS:
            self.fields[f"goal_{letter}"] = forms.ChoiceField(
                label=f"{letter}. {text}",
                choices=GoalResult.choices,
                widget=forms.RadioSelect,
                initial=GoalResult.UNKNOWN,
            )
            self.fields[f"goal_{letter}_note"] = forms.CharField(
                label=_("evidence"), required=False, max_length=1000
            )

    def clean_date(self):
        return _not_future(self.cleaned_data["date"])

    def general_fields(self):
        return [self[n] for n in ("kind", "date", "took_part", "participants_count")]

    def goal_fields(self):
        return [
            (self[f"goal_{letter}"], self[f"goal_{letter}_note"]) for letter in catalogue.SUB_GOAL_LETTERS
        ]

    def closing_fields(self):
        return [
            self[n]
            for n in (
                "main_goal",
                "main_goal_note",
                "success_factors",
                "failure_factors",
                "factors_note",
                "sustain",
                "recommendations",
                "status",
            )
        ]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        goals = {}
        for letter in catalogue.SUB_GOAL_LETTERS:
            goals[letter] = {
                "result": data.pop(f"goal_{letter}"),
                "note": data.pop(f"goal_{letter}_note").strip(),
            }
        data["goals"] = goals
        return data


class ProcessPeriodForm(forms.Form):
    """The period of the process evaluation (GET). Default: the last three years."""

    van = forms.DateField(label=_("start of the period"), widget=DATE_INPUT, required=False)
    tot = forms.DateField(label=_("end of the period"), widget=DATE_INPUT, required=False)

    def __init__(self, data=None, **kwargs):
        start, end = default_process_period()
        super().__init__(data, initial={"van": start, "tot": end}, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = default_process_period()
        data["van"] = data.get("van") or start
        data["tot"] = data.get("tot") or end
        if data["van"] > data["tot"]:
            self.add_error("van", _("The start of the period must be before its end."))
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        if self.is_valid():
            return self.cleaned_data["van"], self.cleaned_data["tot"]
        return default_process_period()
