"""The error summary at the top of a form: what is wrong, each item a link to its field.

`core/form.html` includes it for every form it renders; pages that lay out their fields themselves
(the session page, the interview, the quality forms) call `{% error_summary form %}` at the top of
their <form>. `core/static/core/vangnet.js` moves the focus to the summary when the page opens, so on
a phone the first thing in view says what is wrong, whatever the form's place on the page.
"""

from django import forms, template
from django.template.loader import render_to_string

register = template.Library()


def field_anchor(bound_field) -> str:
    """The id of the element a link to this field should focus: the input, or its first option."""
    ident = bound_field.id_for_label
    if not ident and bound_field.auto_id:
        subwidgets = bound_field.subwidgets
        ident = subwidgets[0].id_for_label if subwidgets else bound_field.auto_id
    return ident or ""


def summary_items(form_list) -> list[dict]:
    items = []
    for form in form_list:
        if form is None or not getattr(form, "is_bound", False) or not form.errors:
            continue
        for error in form.non_field_errors():
            items.append({"text": error, "anchor": "", "label": ""})
        for name, errors in form.errors.items():
            if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
                continue
            bound_field = form[name]
            anchor = "" if bound_field.is_hidden else field_anchor(bound_field)
            label = bound_field.label or ""
            for error in errors:
                items.append({"text": error, "anchor": anchor, "label": label})
    return items


@register.simple_tag
def error_summary(*form_list, intro: str = ""):
    """The summary of every error of these bound forms (nothing when they have none)."""
    items = summary_items(form_list)
    if not items:
        return ""
    return render_to_string("core/_error_summary.html", {"items": items, "intro": intro})
