from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts import access
from core import hooks
from people.models import Participant
from privacy import selectors


@require_GET
@access.permission_required("audit.view")
def file_log_index(request):
    """The admin types the participant number the coordinator gave (admins see no participant lists)."""
    number = request.GET.get("nummer", "").strip()
    if number:
        if not number.isdigit():
            return render(request, "privacy/file_log_index.html", {"number": number, "invalid": True})
        return redirect("privacy:file_log", pk=int(number))
    return render(request, "privacy/file_log_index.html", {"number": ""})


@require_GET
@access.permission_required("audit.view")
def file_log(request, pk: int):
    participant = access.get_org_object(request.user, Participant, pk, "audit.view")
    entries = list(
        selectors.file_log(organisation_id=request.user.organisation_id, participant_id=participant.pk)
    )
    hooks.on_personal_data_viewed(user=request.user, participant_ids=[participant.pk], what="file_log")
    return render(request, "privacy/file_log.html", {"participant": participant, "entries": entries})
