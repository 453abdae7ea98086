from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from core import editing, hooks
from people.models import Participant
from privacy import erasure, idempotency, research, selectors, services
from privacy import subject_access as subject_access_data
from privacy.forms import AttentionForm, ConsentForm, EraseForm, StudyForm
from privacy.models import PointOfAttention, Study


def _number_lookup(request, *, target: str, title: str, intro: str):
    """Staff type the participant number they were given (these roles see no participant lists) and go
    to `target`; a number that cannot be one comes back with what was typed and says so."""
    number = request.GET.get("nummer", "").strip()
    if number and access.object_id(number) is not None:
        return redirect(target, pk=int(number))
    context = {"title": title, "intro": intro, "number": number, "invalid": bool(number)}
    return render(request, "privacy/number_lookup.html", context)


@require_GET
@access.permission_required("audit.view")
def file_log_index(request):
    """The admin types the participant number the coordinator gave (admins see no participant lists)."""
    return _number_lookup(
        request,
        target="privacy:file_log",
        title=_("Who looked at a file"),
        intro=_(
            "Everyone who opened, exported or tried to open a participant's file is recorded. Ask the "
            "coordinator or social worker for the participant number; it is shown on the participant's "
            "privacy page."
        ),
    )


@require_GET
@access.permission_required("audit.view")
def file_log(request, pk: int):
    participant = access.get_org_object(request.user, Participant, pk, "audit.view")
    entries = list(
        selectors.file_log(organisation_id=request.user.organisation_id, participant_id=participant.pk)
    )
    hooks.on_personal_data_viewed(user=request.user, participant_ids=[participant.pk], what="file_log")
    return render(request, "privacy/file_log.html", {"participant": participant, "entries": entries})


def _can_see_attention(user, participant) -> bool:
    return access.participants_for(user, "attention.view").filter(pk=participant.pk).exists()


def _privacy_page(request, participant, data, *, form, attention_form=None, sees_attention=None, status=200):
    """The participant's privacy page; `sees_attention` is known on the attention form's own post."""
    if sees_attention is None:
        sees_attention = _can_see_attention(request.user, participant)
    if attention_form is None and sees_attention and data["attention_consent"]:
        attention_form = AttentionForm()
    return render(
        request,
        "privacy/participant.html",
        {
            **data,
            "form": form,
            "can_edit": access.can(request.user, "consent.edit"),
            "sees_attention": sees_attention,
            "points": data["points"] if sees_attention else [],
            "attention_form": attention_form if sees_attention else None,
            "can_access_request": access.can(request.user, "privacy.access_request"),
            "can_erase": access.can(request.user, "privacy.erase"),
        },
        status=status,
    )


@access.permission_required("consent.view")
def participant_privacy(request, pk: int):
    """Consent, points of attention and the privacy actions for one participant."""
    participant = access.get_participant(request.user, pk, "consent.view")
    data = selectors.privacy_page(participant=participant)
    if request.method == "POST" and not access.can(request.user, "consent.edit"):
        raise PermissionDenied
    form = ConsentForm(request.POST or None, consents=data["consents"])

    def on_conflict(_participant):
        # What was ticked, on top of the current versions: saving again is a deliberate choice.
        fresh = selectors.privacy_page(participant=participant)
        again = editing.form_again(
            lambda posted: ConsentForm(posted, consents=fresh["consents"]),
            request.POST,
            versions={f"v_{scope}": consent.version for scope, consent in fresh["consents"].items()},
            message=_(
                "Someone else changed the consent in the meantime. Check the answers below and save again."
            ),
        )
        hooks.on_personal_data_viewed(user=request.user, participant_ids=[participant.pk], what="privacy")
        return _privacy_page(request, participant, fresh, form=again, status=409)

    saved = editing.save_form(
        request,
        form,
        save=lambda cleaned: services.consents_update(
            actor=request.user,
            participant=participant,
            answers=form.answers(),
            date=cleaned["date"],
            versions=form.versions(),
        ),
        on_conflict=on_conflict,
        success_message=_("Consent saved."),
        success_url=reverse("privacy:participant", args=[participant.pk]),
    )
    if saved:
        return saved
    hooks.on_personal_data_viewed(user=request.user, participant_ids=[participant.pk], what="privacy")
    return _privacy_page(request, participant, data, form=form)


@require_POST
@access.permission_required("attention.edit")
def attention_add(request, pk: int):
    participant = access.get_participant(request.user, pk, "attention.edit")
    form = AttentionForm(request.POST)
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.attention_add(
            actor=request.user, participant=participant, text=data["text"]
        ),
        success_message=_("Point of attention saved."),
        success_url=reverse("privacy:participant", args=[participant.pk]),
    )
    if saved:
        return saved
    data = selectors.privacy_page(participant=participant)
    return _privacy_page(
        request,
        participant,
        data,
        form=ConsentForm(consents=data["consents"]),
        attention_form=form,
        sees_attention=True,  # reached with attention.edit
        status=400,
    )


@require_POST
@access.permission_required("attention.edit")
def attention_delete(request, pk: int, point_pk: int):
    participant = access.get_participant(request.user, pk, "attention.edit")
    point = get_object_or_404(PointOfAttention, pk=point_pk, participant=participant)
    services.attention_delete(actor=request.user, point=point)
    messages.success(request, _("Point of attention removed."))
    return redirect("privacy:participant", pk=participant.pk)


def _access_request(request, pk: int, *, permission: str, complete: bool, fmt: str):
    """The access request as a letter (HTML) or JSON: what the asker may read, or (complete) everything."""
    participant = access.get_participant(request.user, pk, permission)
    data = subject_access_data.collect(participant=participant, user=request.user, complete=complete)
    what = ("subject_access" if complete else "access_request") + ("_json" if fmt == "json" else "")
    hooks.on_export(user=request.user, what=what, participant_ids=[participant.pk])
    if fmt == "json":
        response = JsonResponse(
            subject_access_data.as_json(data), json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = f'attachment; filename="inzage-deelnemer-{participant.pk}.json"'
        return response
    json_url = "privacy:subject_access_json" if complete else "privacy:access_request_json"
    return render(
        request,
        "privacy/access_request.html",
        {
            "participant": participant,
            "data": subject_access_data.as_letter(data),
            "complete": complete,
            "json_url": reverse(json_url, args=[participant.pk]),
        },
    )


@require_GET
@access.permission_required("privacy.access_request")
def access_request(request, pk: int):
    return _access_request(request, pk, permission="privacy.access_request", complete=False, fmt="html")


@require_GET
@access.permission_required("privacy.access_request")
def access_request_json(request, pk: int):
    return _access_request(request, pk, permission="privacy.access_request", complete=False, fmt="json")


@require_GET
@access.permission_required("privacy.subject_access")
def subject_access_index(request):
    """The privacy officer types the participant number from the request (no participant lists)."""
    return _number_lookup(
        request,
        target="privacy:subject_access",
        title=_("Access requests"),
        intro=_(
            "When someone asks what Vangnet holds about them, you make the complete overview here: "
            "everything about the person in this organisation, with who looked at their file. Check who "
            "is asking before you hand it over. Every overview you open is recorded."
        ),
    )


@require_GET
@access.permission_required("privacy.subject_access")
def subject_access(request, pk: int):
    return _access_request(request, pk, permission="privacy.subject_access", complete=True, fmt="html")


@require_GET
@access.permission_required("privacy.subject_access")
def subject_access_json(request, pk: int):
    return _access_request(request, pk, permission="privacy.subject_access", complete=True, fmt="json")


@access.permission_required("privacy.erase")
def erase(request, pk: int):
    """Confirm, then anonymise. The participant's name must be typed to avoid a mistake."""
    participant = access.get_participant(request.user, pk, "privacy.erase")
    form = EraseForm(request.POST or None, participant=participant)
    saved = editing.save_form(
        request,
        form,
        save=lambda _data: erasure.participant_erase(actor=request.user, participant=participant),
        success_message=_("The participant has been anonymised."),
        success_url=reverse("home"),
    )
    return saved or render(request, "privacy/erase.html", {"participant": participant, "form": form})


@access.permission_required("research.export")
def studies(request):
    form = StudyForm(request.POST or None, initial={"once": idempotency.field_value(request)})

    def create(data) -> str:
        study = services.study_create(actor=request.user, name=data["name"])
        return reverse("privacy:study", args=[study.pk])

    saved = editing.save_form(
        request,
        form,
        # A double submit goes to the study the first one created (privacy.idempotency).
        save=lambda data: idempotency.once(request, lambda: create(data)).url,
        success_message=None,
        success_url=lambda url: url,
    )
    if saved:
        return saved
    rows = access.org_objects(request.user, Study, "research.export")
    return render(request, "privacy/studies.html", {"form": form, "studies": rows})


@require_GET
@access.permission_required("research.export")
def study(request, pk: int):
    study = access.get_org_object(request.user, Study, pk, "research.export")
    ctx = research.context_for(study)
    summary = [(key, title) for key, (title, _provider) in research.TABLES.items()]
    return render(
        request,
        "privacy/study.html",
        {"study": study, "tables": summary, "consenting": len(ctx.participant_ids)},
    )


@require_POST
@access.permission_required("research.export")
def study_export(request, pk: int, fmt: str):
    """Start the export in the background (jobs app): a whole organisation's export takes a minute.
    The user follows it on its progress page and finds the file under "My downloads"."""
    from jobs.services import job_start

    job = job_start(user=request.user, kind="research_export", data={"study": pk, "format": fmt})
    return redirect("jobs:detail", pk=job.pk)
