from django import forms
from django.utils.translation import gettext_lazy as _

from board.models import Board
from board.services import IDEA_MAX_LENGTH, MAX_IDLE_DAYS


class ActionForm(forms.Form):
    """One tap on the board: every button is a small form with hidden fields."""

    ACTIONS = ("task", "task_undo", "coming", "not_coming", "join", "join_undo")

    who = forms.IntegerField(required=False, min_value=1)
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    activity = forms.IntegerField(required=False, min_value=1)
    date = forms.DateField(required=False)
    task = forms.IntegerField(required=False, min_value=1)
    idea = forms.IntegerField(required=False, min_value=1)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        needs = {
            "task": ("activity", "date", "task"),
            "task_undo": ("activity", "date", "task"),
            "coming": ("activity", "date"),
            "not_coming": ("activity", "date"),
            "join": ("idea",),
            "join_undo": ("idea",),
        }.get(action, ())
        for name in needs:
            if data.get(name) is None:
                raise forms.ValidationError("incomplete", code="incomplete")
        return data


class IdeaForm(forms.Form):
    who = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("My idea"),
        max_length=IDEA_MAX_LENGTH,
        help_text=_("For example: Together to the market. At most 140 letters."),
        error_messages={
            "required": _("Write your idea in a few words."),
            "max_length": _("Keep it short: at most 140 letters."),
        },
    )


class BoardSettingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    enabled = forms.BooleanField(
        label=_("The board is on"),
        required=False,
        help_text=_("Off: every link shows nothing until you turn the board on again."),
    )
    idle_days = forms.IntegerField(
        label=_("A link stops after this many days without use"),
        min_value=1,
        max_value=MAX_IDLE_DAYS,
        error_messages={
            "min_value": _("Choose between 1 and 365 days."),
            "max_value": _("Choose between 1 and 365 days."),
        },
    )

    @classmethod
    def for_board(cls, board: Board | None, data=None):
        initial = {
            "version": board.version if board else 0,
            "enabled": board.enabled if board else True,
            "idle_days": board.idle_days if board else Board._meta.get_field("idle_days").default,
        }
        return cls(data, initial=initial)
