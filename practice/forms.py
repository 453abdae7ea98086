import uuid

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from core.dates import Limit, check_period, limit, network_start
from people.models import DropoutReason, ReferralTarget, Stage
from practice.models import (
    ADVISED_MAX_MINUTES,
    Activity,
    FollowUpActionKind,
    FollowUpOutcome,
    HouseRule,
    LogCategory,
    LogEntry,
    Presence,
)
from practice.services import Mark

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WALK_IN_FIELDS = 3


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActivityForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = [
            "name",
            "audience",
            "recurrence",
            "weekday",
            "start_time",
            "duration_minutes",
            "active_from",
            "active_until",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "active_from": DATE,
            "active_until": DATE,
            "duration_minutes": forms.NumberInput(attrs={"min": 15, "step": 15}),
        }
        help_texts = {
            "duration_minutes": _("The intervention advises at most 2.5 hours (150 minutes)."),
            "active_until": _("Leave empty while the activity goes on."),
        }

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        # An activity may be planned ahead, from the network's start; it ends after it starts.
        limit(self, "active_from", "active_until", future=True, earliest=network_start(network))

    def clean(self):
        data = super().clean()
        check_period(self, "active_from", "active_until")
        return data

    @property
    def too_long(self) -> bool:
        return bool(
            self.is_bound and self.is_valid() and self.cleaned_data["duration_minutes"] > ADVISED_MAX_MINUTES
        )


class SharedChoices(BaseChoiceIterator):
    """A list of choices made once per form and given to every person's field as it is.

    Django normalises a plain list of choices again for each field and its widget, which for 40
    people was most of the cost of building their fields; a choice iterator it takes unchanged.
    One object for all rows also lets `practice.templatetags.session_rows` escape the labels once.
    """

    def __init__(self, choices):
        self.choices = list(choices)

    def __iter__(self):
        return iter(self.choices)


def person_fields(
    *,
    name: str,
    status_choices: SharedChoices,
    task_choices,
    status: str,
    reason: str,
    tasks: list[int],
    other: str,
) -> dict[str, forms.Field]:
    """The four fields of one person's row on the session form (p<id>_status, _reason, _tasks, _other)."""
    return {
        "status": forms.ChoiceField(
            label=name,
            choices=status_choices,
            widget=forms.RadioSelect,
            initial=status,
            required=False,  # nothing chosen means absent
        ),
        "reason": forms.CharField(
            label=_("Reason (optional)"), max_length=200, required=False, initial=reason
        ),
        "tasks": forms.TypedMultipleChoiceField(
            label=_("What did %(name)s do?") % {"name": name},
            choices=task_choices,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=tasks,
        ),
        "other": forms.CharField(label=_("Other, namely"), max_length=200, required=False, initial=other),
    }


class SessionForm(forms.Form):
    """The whole session on one form: a row per person plus guests, a note and walk-ins.

    Field names per person: p<id>_status, p<id>_reason, p<id>_tasks, p<id>_other.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    token = forms.CharField(widget=forms.HiddenInput, max_length=40)
    guests = forms.IntegerField(
        label=_("Guests"),
        min_value=0,
        max_value=500,
        required=False,
        initial=0,
        help_text=_("Neighbours, children and others who are not participants."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("Short note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, rows, tasks, session=None, find_duplicates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        # name -> likely duplicates (people.selectors.likely_duplicates for this user and organisation).
        self.find_duplicates = find_duplicates
        self.walk_in_candidates: dict[int, list] = {}
        self.tasks = tasks
        self.fields["version"].initial = session.version if session else 0
        self.fields["token"].initial = uuid.uuid4().hex
        if session is not None:
            self.fields["guests"].initial = session.guests
            self.fields["note"].initial = session.note
        # Four fields per person, 160 for a group of 40: the lists of choices are made once and shared.
        status_choices = SharedChoices(
            [
                (Presence.PRESENT, _("present")),
                (Presence.EXCUSED, _("excused")),
                (Presence.ABSENT, _("absent")),
            ]
        )
        active_tasks = SharedChoices((t.pk, t.name) for t in tasks if not t.archived)
        for row in rows:
            attendance = row.attendance
            recorded = {c.task_id: c.text for c in attendance.contributions.all()} if attendance else {}
            task_choices = active_tasks
            # An archived task stays shown where it was done.
            if any(t.archived and t.pk in recorded for t in tasks):
                task_choices = [(t.pk, t.name) for t in tasks if not t.archived or t.pk in recorded]
            made = person_fields(
                name=row.participant.name,
                status_choices=status_choices,
                task_choices=task_choices,
                status=attendance.status if attendance else Presence.ABSENT,
                reason=attendance.reason if attendance else "",
                tasks=list(recorded),
                other=next((text for text in recorded.values() if text), ""),
            )
            for part, field in made.items():
                self.fields[f"p{row.participant.pk}_{part}"] = field
        for i in range(1, WALK_IN_FIELDS + 1):
            self.fields[f"walk_in_{i}"] = forms.CharField(label=_("Name"), max_length=100, required=False)
            # "" (not asked yet), "new" (someone new after all) or the id of the registered person.
            self.fields[f"walk_in_{i}_is"] = forms.RegexField(
                regex=r"^(new|\d{1,12})$", required=False, widget=forms.HiddenInput
            )
        for row in rows:
            pid = row.participant.pk
            row.fields = {name: self[f"p{pid}_{name}"] for name in ("status", "reason", "tasks", "other")}

    @property
    def walk_in_fields(self):
        return [self[f"walk_in_{i}"] for i in range(1, WALK_IN_FIELDS + 1)]

    @property
    def walk_in_rows(self) -> list[dict]:
        """Per walk-in field: the field and, after a submit, the registered people it may be."""
        return [
            {
                "field": self[f"walk_in_{i}"],
                "is_name": f"walk_in_{i}_is",
                "is_value": self[f"walk_in_{i}_is"].value() or "",
                "candidates": self.walk_in_candidates.get(i, []),
            }
            for i in range(1, WALK_IN_FIELDS + 1)
        ]

    def clean(self):
        """One person, one record: a walk-in whose name resembles someone registered is asked about."""
        data = super().clean()
        if self.find_duplicates is None:
            return data
        for i in range(1, WALK_IN_FIELDS + 1):
            name = (data.get(f"walk_in_{i}") or "").strip()
            choice = data.get(f"walk_in_{i}_is") or ""
            if not name or choice == "new":
                continue
            candidates = self.find_duplicates(name)
            picked = [c for c in candidates if c.reachable and str(c.pk) == choice]
            if choice and not picked:
                self.add_error(f"walk_in_{i}", _("Choose one of the people shown, or 'someone new'."))
            elif not choice and candidates:
                self.add_error(
                    f"walk_in_{i}",
                    _("Someone with a similar name is already registered. Is it the same person?"),
                )
            if not picked:
                self.walk_in_candidates[i] = candidates
        return data

    def marks(self) -> dict[int, Mark]:
        needs_text = {t.pk for t in self.tasks if t.needs_text}
        marks = {}
        for row in self.rows:
            pid = row.participant.pk
            data = self.cleaned_data
            status = data.get(f"p{pid}_status") or Presence.ABSENT
            other = data.get(f"p{pid}_other", "")
            tasks = {tid: (other if tid in needs_text else "") for tid in data.get(f"p{pid}_tasks", [])}
            reason = data.get(f"p{pid}_reason", "") if status == Presence.EXCUSED else ""
            marks[pid] = Mark(status=status, reason=reason, tasks=tasks)
        return marks

    def walk_ins(self) -> list[str]:
        """Names of walk-ins to register as new people."""
        return [
            self.cleaned_data.get(f"walk_in_{i}", "")
            for i in range(1, WALK_IN_FIELDS + 1)
            if not (self.cleaned_data.get(f"walk_in_{i}_is") or "").isdigit()
        ]

    def walk_ins_known(self) -> list[int]:
        """Ids of registered people that walk-ins turned out to be."""
        return [
            int(choice)
            for i in range(1, WALK_IN_FIELDS + 1)
            if (self.cleaned_data.get(f"walk_in_{i}") or "").strip()
            and (choice := self.cleaned_data.get(f"walk_in_{i}_is") or "").isdigit()
        ]


class CancelForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=200,
        help_text=_("For example: the community centre is closed."),
    )


class OtherDateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A session may be planned ahead, but not before the network started.
        limit(self, "date", future=True, earliest=network_start(network))


class TaskForm(forms.Form):
    name = forms.CharField(label=_("New task"), max_length=80)
    needs_text = forms.BooleanField(label=_("Ask what exactly (like 'other')"), required=False)


class LogEntryForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LogEntry
        fields = ["date", "category", "text", "participants"]
        widgets = {"date": DATE, "participants": forms.CheckboxSelectMultiple}

    def __init__(self, *args, participants, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = participants
        self.fields["participants"].required = False
        limit(self, "date", earliest=network_start(network))


class LogFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All"))] + LogCategory.choices, required=False
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        check_period(self, "start", "end")
        return data


class HouseRuleForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = HouseRule
        fields = ["text", "agreed_on", "withdrawn_on"]
        widgets = {"agreed_on": DATE, "withdrawn_on": DATE}
        help_texts = {
            "text": _("Say what the group does, not what is forbidden: 'We let each other finish speaking'."),
        }

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["withdrawn_on"]
        limit(self, "agreed_on", "withdrawn_on")

    def clean(self):
        data = super().clean()
        check_period(self, "agreed_on", "withdrawn_on")
        return data


class FollowUpActionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What was done"), choices=FollowUpActionKind.choices, widget=forms.RadioSelect
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, opened_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit(
            self, "date", earliest=Limit(opened_on, _("the start of this follow-up")) if opened_on else None
        )


class FollowUpCloseForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FollowUpOutcome.choices, widget=forms.RadioSelect)
    date = forms.DateField(label=_("Date"), widget=DATE)
    dropout_reason = forms.ChoiceField(
        label=_("Reason for dropping out"), choices=[("", "–")] + DropoutReason.choices, required=False
    )
    referral_target = forms.ChoiceField(
        label=_("Referred to"), choices=[("", "–")] + ReferralTarget.choices, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, opened_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit(
            self, "date", earliest=Limit(opened_on, _("the start of this follow-up")) if opened_on else None
        )


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[(Stage.SETTLING_IN, Stage.SETTLING_IN.label), (Stage.STRUCTURAL, Stage.STRUCTURAL.label)],
    )
