"""The board's task rows, written out in Python.

A board page has a row per task per session (eight tasks, four to six sessions in two weeks), each
with a small form. Rendering those through the template language is most of the page's time, as on
the session page (practice/templatetags/session_rows.py), so the rows' markup is built here. Every
text that goes into the HTML passes through `escape`.
"""

from html import escape

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from board.templatetags.board_icons import icon

register = template.Library()


def _e(value) -> str:
    return escape(str(value), quote=True)


def _names(names: list[str], others: int) -> str:
    if names:
        text = _e(", ".join(names))
        if others:
            text += " " + _e(ngettext("and %(n)s more", "and %(n)s more", others) % {"n": others})
        return text
    if others:
        return _e(ngettext("%(n)s person", "%(n)s people", others) % {"n": others})
    return f'<span class="muted">{_e(gettext("nobody yet"))}</span>'


@register.simple_tag(takes_context=True)
def task_rows(context, slot) -> str:
    """The slot's tasks with who signed up, and for a person an "Ik doe dit" form per task."""
    person_id = context.get("person_id")
    cache = context.render_context.setdefault("board_rows", {})
    if "act" not in cache:
        cache["act"] = _e(reverse("board:act", args=[context["token"]]))
        cache["csrf"] = _e(get_token(context["request"])) if person_id else ""
        cache["do"] = _e(gettext("I will do this"))
        cache["undo"] = _e(gettext("I will not do it after all"))
        cache["icons"] = (icon("hand"), icon("cross"))
    day = date_format(slot.date, "l j F")
    hidden_about = _e(f"{slot.activity.name}, {day}")
    fixed = ""
    if person_id:
        fixed = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{cache["csrf"]}">'
            f'<input type="hidden" name="who" value="{int(person_id)}">'
            f'<input type="hidden" name="activity" value="{int(slot.activity.pk)}">'
            f'<input type="hidden" name="date" value="{slot.date.isoformat()}">'
        )
    rows = []
    for line in slot.tasks:
        name = _e(line.name)
        row = f'<li class="task{" mine" if line.mine else ""}"><p><strong>{_e(line.name[:1].upper() + line.name[1:])}</strong>: {_names(line.names, line.others)}</p>'
        if person_id:
            if line.mine:
                action, button = (
                    "task_undo",
                    f'<button type="submit" class="big-button secondary">{cache["icons"][1]} {cache["undo"]}',
                )
            else:
                action, button = (
                    "task",
                    f'<button type="submit" class="big-button">{cache["icons"][0]} {cache["do"]}',
                )
            row += (
                f'<form method="post" action="{cache["act"]}">{fixed}<input type="hidden" name="task" value="{int(line.task_id)}">'
                f'<input type="hidden" name="action" value="{action}">{button}'
                f'<span class="visually-hidden">: {name}, {hidden_about}</span></button></form>'
            )
        rows.append(row + "</li>")
    return mark_safe(f'<ul class="tasks">{"".join(rows)}</ul>')  # noqa: S308 - every value escaped above  # nosec B308 B703
