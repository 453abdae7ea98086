"""One edit round trip: bound form -> service -> redirect, with conflicts and service errors handled.

Every edit page does the same dance: validate the form, call the service, show the conflict page
(409) when somebody else saved first, put the service's ValidationError on the form (input kept,
nothing changed), or say "saved" and redirect.

A page whose form is too large for the comparison page (a whole session, an interview) answers a
conflict with its own form again instead (`on_conflict=`, usually with `form_again`): what the user
typed, on top of the stored versions, with a message that nothing was saved.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from core.concurrency import ConflictError
from core.conflict import conflict_response


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the fields it names (else at the top of the form)."""
    if hasattr(error, "error_dict"):
        for key, field_messages in error.message_dict.items():
            form.add_error(key if key in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


def stored_values(obj: models.Model, form_class: type[forms.ModelForm]) -> dict[str, Any]:
    """What an edit form of `obj` starts with: its stored values and version, as `initial`.

    Edit forms get these instead of `instance=obj`: a ModelForm bound to an instance writes the input
    into it while validating, and the service must be given the object as it is stored.
    """
    return forms.model_to_dict(obj, fields=form_class._meta.fields) | {"version": obj.version}


def form_again(
    make_form: Callable[[QueryDict], forms.BaseForm],
    data: QueryDict,
    *,
    versions: dict[str, int],
    message: str,
) -> forms.BaseForm:
    """The form as the user sent it, on top of the stored `versions`, with `message` at the top.

    For a conflict on a large form: nothing was saved, and saving again is a deliberate choice after
    reading the message (the versions are now the stored ones, so that save goes through).
    """
    data = data.copy()
    for name, version in versions.items():
        data[name] = version
    form = make_form(data)
    form.is_valid()
    form.add_error(None, message)
    return form


def save_form(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[dict[str, Any]], object],
    success_message: str | Callable[[Any], str | tuple[int, str] | None],
    success_url: str | Callable[[Any], str],
    conflict_current: Callable[[Any], object] | None = None,
    on_conflict: Callable[[Any], HttpResponse] | None = None,
) -> HttpResponse | None:
    """Run `save(cleaned_data)` for a valid POSTed form and return the response to send.

    Returns None when the form is to be shown (again): a GET, invalid input, or a service
    ValidationError (its messages are then on the form). A ConflictError gives the conflict page.

    success_message: the text of the "saved" message, or a function of what `save` returned giving
    the text, (message level, text), or None for no message (a step to the next part of a form).
    success_url: a URL, or a function of what `save` returned (a new object's page needs its id).
    conflict_current: turns the stored object of a conflict into what the conflict page shows next to
    the input, when the form's fields are not the object's attributes (default: the object itself).
    on_conflict: instead of the comparison page, the response for a conflict, made from the stored
    object (the page with `form_again`, status 409).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except ConflictError as conflict:
        if on_conflict is not None:
            return on_conflict(conflict.current)
        current = conflict_current(conflict.current) if conflict_current else conflict.current
        return conflict_response(request, form=form, current=current, edit_url=request.path)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    message = success_message(saved) if callable(success_message) else success_message
    if message is not None:
        level, text = message if isinstance(message, tuple) else (messages.SUCCESS, message)
        messages.add_message(request, level, text)
    return redirect(success_url(saved) if callable(success_url) else success_url)
