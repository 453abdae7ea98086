"""The session page's person rows, written out in Python.

A session page has a row per person (25 active, more in the folded groups), each with three radios,
a checkbox per task and two text fields. Rendering those through Django's widget and label
templates is most of the page's time (docs/performance.md), so the row's markup is built here.
Every text that goes into the HTML passes through `escape` (the standard library's, which is what
Django's `escape` calls); names and ids come from the form. The form's fields, values, ids and
errors stay Django's: this only writes the HTML.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _e(value) -> str:
    return escape(str(value), quote=True)


def _errors(bound_field) -> str:
    return "".join(f'<p class="field-errors" role="alert">{_e(error)}</p>' for error in bound_field.errors)


def _label(bound_field) -> str:
    label = str(bound_field.label)
    suffix = bound_field.form.label_suffix or ""
    if label and label[-1] in ":?.!":
        suffix = ""
    return f'<label for="{_e(bound_field.id_for_label)}">{_e(label)}{_e(suffix)}</label>'


def _text_input(bound_field) -> str:
    value = bound_field.value()
    value_attribute = f' value="{_e(value)}"' if value not in (None, "") else ""
    invalid = ' aria-invalid="true"' if bound_field.errors else ""
    return (
        f'<input type="text" name="{_e(bound_field.html_name)}"{value_attribute} '
        f'maxlength="{_e(bound_field.field.max_length)}"{invalid} id="{_e(bound_field.auto_id)}">'
    )


def _escaped_choices(bound_field) -> list[tuple[str, str]]:
    """(value, escaped value, escaped label) of a field's choices, once per list of choices per form:
    every person's field shares one list of choices (practice.forms.SharedChoices)."""
    cache = bound_field.form.__dict__.setdefault("_escaped_choices", {})
    choices = bound_field.field.choices
    key = id(choices)
    if key not in cache:
        cache[key] = (choices, [(str(value), _e(value), _e(text)) for value, text in choices])
    return cache[key][1]


def _choices(bound_field, *, kind: str, selected: set[str], segmented: bool = False) -> str:
    name = _e(bound_field.html_name)
    prefix = _e(bound_field.auto_id)
    parts = []
    for index, (raw, value, text) in enumerate(_escaped_choices(bound_field)):
        checked = " checked" if raw in selected else ""
        box = f'<input type="{kind}" name="{name}" value="{value}" id="{prefix}_{index}"{checked}>'
        if segmented:
            parts.append(
                f'<label class="seg seg-{value}" for="{prefix}_{index}">{box} <span>{text}</span></label>'
            )
        else:
            parts.append(f'<label for="{prefix}_{index}">{box} {text}</label>')
    return "".join(parts)


@register.simple_tag
def person_row(row) -> SafeString:
    status, reason, tasks, other = (row.fields[name] for name in ("status", "reason", "tasks", "other"))
    status_value = status.value()
    present = status_value == "present"
    has_error = bool(status.errors or reason.errors or tasks.errors or other.errors)
    badges = ""
    if row.participation.stage == "first_visit":
        badges += f' <span class="badge">{_e(gettext("new"))}</span>'
    if row.elsewhere:
        badges += f' <span class="badge">{_e(gettext("present at the other activity"))}</span>'
    is_open = " open" if present or tasks.errors or other.errors else ""
    html = (
        f'<fieldset class="person{" is-present" if present else ""}{" has-error" if has_error else ""}" data-person>\n'
        f"  <legend>{_e(row.participant.name)}{badges}</legend>\n"
        f"  {_errors(status)}\n"
        f'  <div class="presence">\n    '
        f"{_choices(status, kind='radio', selected={str(status_value)}, segmented=True)}\n  </div>\n"
        f'  <div class="reason">{_errors(reason)}{_label(reason)} {_text_input(reason)}</div>\n'
        f'  <details class="tasks"{is_open}>\n'
        f"    <summary>{_e(tasks.label)}</summary>\n"
        f"    {_errors(tasks)}\n"
        f'    <div class="task-choices">\n      '
        f"{_choices(tasks, kind='checkbox', selected={str(v) for v in tasks.value() or []})}\n    </div>\n"
        f"    {_errors(other)}\n"
        f'    <div class="other">{_label(other)} {_text_input(other)}</div>\n'
        "  </details>\n"
        "</fieldset>"
    )
    return mark_safe(html)  # nosec B308, B703 - every value above went through escape()
