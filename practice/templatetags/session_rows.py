"""The session page's person rows, written out in Python.

A session page has a row per person (25 active, more in the folded groups), each with three radios,
a checkbox per task and two text fields. Rendering those through Django's widget and label
templates cost about 1 ms per row, most of the page's time (docs/performance.md), so the row's
markup is built here with `format_html`, which escapes every value. The form's fields, values,
ids and errors stay Django's: this only writes the HTML.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _errors(bound_field) -> SafeString:
    return format_html_join(
        "", '<p class="field-errors" role="alert">{}</p>', ((e,) for e in bound_field.errors)
    )


def _label(bound_field) -> SafeString:
    label = str(bound_field.label)
    suffix = bound_field.form.label_suffix
    if suffix and label and label[-1] in ":?.!":
        suffix = ""
    return format_html('<label for="{}">{}{}</label>', bound_field.id_for_label, label, suffix or "")


def _text_input(bound_field) -> SafeString:
    value = bound_field.value()
    return format_html(
        '<input type="text" name="{}"{} maxlength="{}"{} id="{}">',
        bound_field.html_name,
        format_html(' value="{}"', value) if value not in (None, "") else "",
        bound_field.field.max_length,
        mark_safe(' aria-invalid="true"') if bound_field.errors else "",
        bound_field.auto_id,
    )


def _choices(bound_field, *, kind: str, selected: set[str], label_class: str = "") -> SafeString:
    parts = []
    for index, (value, text) in enumerate(bound_field.field.choices):
        input_id = f"{bound_field.auto_id}_{index}"
        box = format_html(
            '<input type="{}" name="{}" value="{}" id="{}"{}>',
            kind,
            bound_field.html_name,
            value,
            input_id,
            mark_safe(" checked") if str(value) in selected else "",
        )
        if label_class:
            parts.append(
                format_html(
                    '<label class="{} {}-{}" for="{}">{} <span>{}</span></label>',
                    label_class,
                    label_class,
                    value,
                    input_id,
                    box,
                    text,
                )
            )
        else:
            parts.append(format_html('<label for="{}">{} {}</label>', input_id, box, text))
    return mark_safe("".join(parts))  # nosec B308, B703 - every part above is built with format_html


@register.simple_tag
def person_row(row) -> SafeString:
    status, reason, tasks, other = (row.fields[name] for name in ("status", "reason", "tasks", "other"))
    status_value = status.value()
    task_values = tasks.value() or []
    present = status_value == "present"
    has_error = bool(status.errors or reason.errors or tasks.errors or other.errors)
    badges = []
    if row.participation.stage == "first_visit":
        badges.append(format_html(' <span class="badge">{}</span>', gettext("new")))
    if row.elsewhere:
        badges.append(format_html(' <span class="badge">{}</span>', gettext("present at the other activity")))
    return format_html(
        '<fieldset class="person{}{}" data-person>\n'
        "  <legend>{}{}</legend>\n"
        "  {}\n"
        '  <div class="presence">\n    {}\n  </div>\n'
        '  <div class="reason">{}{} {}</div>\n'
        '  <details class="tasks"{}>\n'
        "    <summary>{}</summary>\n"
        "    {}\n"
        '    <div class="task-choices">\n      {}\n    </div>\n'
        "    {}\n"
        '    <div class="other">{} {}</div>\n'
        "  </details>\n"
        "</fieldset>",
        " is-present" if present else "",
        " has-error" if has_error else "",
        row.participant.name,
        mark_safe("".join(badges)),  # nosec B308, B703 - built with format_html
        _errors(status),
        _choices(status, kind="radio", selected={str(status_value)}, label_class="seg"),
        _errors(reason),
        _label(reason),
        _text_input(reason),
        mark_safe(" open") if present or tasks.errors or other.errors else "",
        tasks.label,
        _errors(tasks),
        _choices(tasks, kind="checkbox", selected={str(v) for v in task_values}),
        _errors(other),
        _label(other),
        _text_input(other),
    )
