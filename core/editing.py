"""One edit round trip: bound form -> service -> redirect, with conflicts and service errors handled.

Every edit page does the same dance: validate the form, call the service, show the conflict page
(409) when somebody else saved first, put the service's ValidationError on the form (input kept,
nothing changed), or say "saved" and redirect.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
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


def save_form(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[dict[str, Any]], object],
    success_message: str,
    success_url: str | Callable[[Any], str],
    conflict_current: Callable[[Any], object] | None = None,
) -> HttpResponse | None:
    """Run `save(cleaned_data)` for a valid POSTed form and return the response to send.

    Returns None when the form is to be shown (again): a GET, invalid input, or a service
    ValidationError (its messages are then on the form). A ConflictError gives the conflict page.

    success_url: a URL, or a function of what `save` returned (a new object's page needs its id).
    conflict_current: turns the stored object of a conflict into what the conflict page shows next to
    the input, when the form's fields are not the object's attributes (default: the object itself).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except ConflictError as conflict:
        current = conflict_current(conflict.current) if conflict_current else conflict.current
        return conflict_response(request, form=form, current=current, edit_url=request.path)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success_message)
    return redirect(success_url(saved) if callable(success_url) else success_url)
