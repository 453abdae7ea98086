"""A double submit stores once: create forms carry a one-time token.

The form gets a hidden field with a fresh random token (issued on GET, stored nowhere). The first
POST with it records the token with the URL of what it created; a second POST with the same token
(double click, browser resubmit, a retry after a slow answer) is sent to that same result instead
of creating a copy. Use from any app:

    token = idempotency.field_value(request)          # on GET, put in <input type="hidden" name="once">
    return idempotency.once(request, lambda: create_and_return_url())   # on a valid POST
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseRedirect

from privacy.models import SubmissionToken

FIELD = "once"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def field_value(request: HttpRequest) -> str:
    """The token for the form being shown: the posted one when re-showing a form with errors."""
    posted = request.POST.get(FIELD, "") if request.method == "POST" else ""
    return posted if 16 <= len(posted) <= 64 else new_token()


def once(request: HttpRequest, create: Callable[[], str]) -> HttpResponseRedirect:
    """Run `create` (which returns the URL to go to) unless this form's token was used already."""
    token = request.POST.get(FIELD, "")
    if not 16 <= len(token) <= 64:
        # No token (an old form or a hand-made request): store as asked, no protection possible.
        return HttpResponseRedirect(create())
    previous = SubmissionToken.objects.filter(token=token, user=request.user).first()
    if previous is not None:
        return HttpResponseRedirect(previous.result_url)
    try:
        with transaction.atomic():
            record = SubmissionToken.objects.create(token=token, user=request.user)
            url = create()
            record.result_url = url
            record.save(update_fields=["result_url"])
    except IntegrityError:
        # The same token arrived twice at the same moment; the other request created the object.
        previous = SubmissionToken.objects.filter(token=token, user=request.user).first()
        if previous is None:
            raise
        return HttpResponseRedirect(previous.result_url or request.path)
    return HttpResponseRedirect(url)
