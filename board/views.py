"""The board's pages (reached by a board link only) and the worker's pages that manage it.

The board's pages know no user: board.middleware takes any staff session away on them, so only the
link counts. An unknown, renewed, stopped or expired link, or a board that is off, gets the same
plain 404 and nothing of the network; many of those from one address get 429 for a while.
"""

from __future__ import annotations

import re

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from board import forms, selectors, services, tokens
from board.models import BoardLink, Idea, LinkKind, TaskSignup
from core import editing
from people.models import Participant
from practice.forms import ActivityForm

DONE = {
    "task": gettext_lazy("Done! You do this task. Thank you."),
    "task_undo": gettext_lazy("Done. You no longer do this task."),
    "coming": gettext_lazy("Done! We know you are coming."),
    "not_coming": gettext_lazy("Done. We know you cannot come this time."),
    "join": gettext_lazy("Done! You join this idea."),
    "join_undo": gettext_lazy("Done. You no longer join this idea."),
    "idea": gettext_lazy("Done! Your idea is on the board."),
}

DONE_AT = re.compile(r"a\d+-\d{4}-\d{2}-\d{2}|i\d+|ideas")


def _private(response: HttpResponse) -> HttpResponse:
    """Board pages hold first names and a link that opens the board: never stored, never passed on.

    The address (with the link) goes to no other site: Referrer-Policy stays "same-origin" (settings).
    Not "no-referrer": the browser would then send "Origin: null" with the board's own forms, and
    Django's CSRF check rightly refuses those.
    """
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _nothing(request, status: int = 404) -> HttpResponse:
    return _private(render(request, "board/gone.html", {"status": status}, status=status))


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _link(request, token: str) -> BoardLink | None:
    address = _address(request)
    if tokens.too_many_failures(address):
        request.board_blocked = True
        return None
    link = selectors.find_link(token)
    if link is None:
        tokens.record_failure(address)
        return None
    services.link_touch(link)
    return link


def _refused(request) -> HttpResponse:
    return _nothing(request, 429 if getattr(request, "board_blocked", False) else 404)


def _see_other(url: str) -> HttpResponse:
    """After a tap: back to the board (303, so a reload does not tap again)."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return _private(response)


def _person_url(token: str, link: BoardLink, person_id: int | None) -> str:
    if link.kind == LinkKind.PERSONAL or person_id is None:
        return reverse("board:board", args=[token])
    return reverse("board:person", args=[token, person_id])


def _render_board(request, token, link, person_id, *, idea_form=None, status=200):
    data = selectors.board_page(link=link, person_id=person_id)
    if person_id is not None and person_id not in data["people"]:
        return _nothing(request)
    done = DONE.get(request.GET.get("gedaan", ""))
    # Where the tap was: the message is shown there, where the page opens after the tap.
    done_at = request.GET.get("waar", "") if DONE_AT.fullmatch(request.GET.get("waar", "")) else ""
    context = {
        **data,
        "token": token,
        "link": link,
        "person_id": person_id,
        "done": done,
        "done_at": done_at,
        "shared": link.kind == LinkKind.SHARED,
        "idea_form": idea_form or forms.IdeaForm(initial={"who": person_id}),
        "board_url": _person_url(token, link, person_id),
    }
    return _private(render(request, "board/board.html", context, status=status))


@require_GET
def board(request, token: str):
    link = _link(request, token)
    if link is None:
        return _refused(request)
    return _render_board(request, token, link, link.participant_id)


@require_GET
def board_person(request, token: str, participant_id: int):
    """The shared link after someone tapped their own first name."""
    link = _link(request, token)
    if link is None:
        return _refused(request)
    if link.kind != LinkKind.SHARED:
        return _nothing(request)
    return _render_board(request, token, link, participant_id)


def _acting(link: BoardLink, who: int | None) -> int | None:
    """The person a tap is for: a personal link's owner (no one else), or the name tapped on the shared link."""
    if link.kind == LinkKind.PERSONAL:
        return link.participant_id if who in (None, link.participant_id) else None
    return who


@require_POST
def act(request, token: str):
    link = _link(request, token)
    if link is None:
        return _refused(request)
    if not tokens.action_allowed(link.pk):
        return _nothing(request, 429)
    form = forms.ActionForm(request.POST)
    if not form.is_valid():
        return _nothing(request, 400)
    data = form.cleaned_data
    who = _acting(link, data["who"])
    if who is None:
        return _nothing(request)
    action = data["action"]
    try:
        if action in ("task", "task_undo"):
            services.task_signup(
                link=link,
                participant_id=who,
                activity_id=data["activity"],
                date=data["date"],
                task_id=data["task"],
                doing=action == "task",
            )
        elif action in ("coming", "not_coming"):
            services.intention_set(
                link=link,
                participant_id=who,
                activity_id=data["activity"],
                date=data["date"],
                coming=action == "coming",
            )
        else:
            services.idea_join(link=link, participant_id=who, idea_id=data["idea"], joining=action == "join")
    except PermissionError:
        return _nothing(request)
    except ValidationError:
        return _nothing(request, 400)
    place = f"i{data['idea']}" if data.get("idea") else f"a{data['activity']}-{data['date'].isoformat()}"
    return _see_other(f"{_person_url(token, link, who)}?gedaan={action}&waar={place}#{place}")


@require_POST
def idea(request, token: str):
    link = _link(request, token)
    if link is None:
        return _refused(request)
    if not tokens.action_allowed(link.pk):
        return _nothing(request, 429)
    form = forms.IdeaForm(request.POST)
    who = _acting(link, _int(form.data.get("who")))
    if who is None:
        return _nothing(request)
    try:
        saved = editing.save_form(
            request,
            form,
            save=lambda data: services.idea_propose(link=link, participant_id=who, text=data["text"]),
            success_message=None,  # the board says so itself (?gedaan=idea)
            success_url=f"{_person_url(token, link, who)}?gedaan=idea&waar=ideas#ideas",
        )
    except PermissionError:
        return _nothing(request)
    if saved:
        return _see_other(saved.url)  # 303 and private, as every tap on the board
    return _render_board(request, token, link, who, idea_form=form, status=400)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def qr_svg(url: str) -> str:
    """The link as a QR code, inline SVG (no file, no outside service)."""
    return segno.make(url, error="m").svg_inline(scale=6, border=2, dark="#000", light="#fff", omitsize=True)


@require_GET
def poster(request, token: str):
    """The weekly A4 poster for the notice board, with the shared link's QR code."""
    link = _link(request, token)
    if link is None:
        return _refused(request)
    if link.kind != LinkKind.SHARED:
        return _nothing(request)
    url = request.build_absolute_uri(reverse("board:board", args=[token]))
    context = {**selectors.poster_page(link=link), "qr": qr_svg(url), "token": token, "lines": range(2)}
    return _private(render(request, "board/poster.html", context))


# ----- the worker's pages -----------------------------------------------------------------------


def _page(request, template: str, network, context: dict, status: int = 200):
    return render(request, template, {"network": network, **context}, status=status)


@access.permission_required("practice.manage")
@require_http_methods(["GET", "POST"])
def manage(request, network_id: int):
    network = access.get_network(request.user, network_id, "practice.manage")
    data = selectors.manage_page(network=network)
    form = forms.BoardSettingsForm.for_board(data["board"], request.POST or None)
    saved = editing.save_form(
        request,
        form,
        save=lambda cleaned: services.board_settings_update(
            actor=request.user,
            network=network,
            enabled=cleaned["enabled"],
            idle_days=cleaned["idle_days"],
            expected_version=cleaned["version"],
        ),
        success_message=_("The board settings have been saved."),
        success_url=reverse("board:manage", args=[network.pk]),
    )
    if saved:
        return saved
    status = 400 if request.method == "POST" else 200
    return _page(request, "board/manage.html", network, {**data, "form": form}, status=status)


def _shown_link(request, network, links: list[tuple]) -> HttpResponse:
    """The new link(s), shown this once: the token is not stored, only its hash."""
    cards = []
    for link, raw in links:
        url = request.build_absolute_uri(reverse("board:board", args=[raw]))
        cards.append({"link": link, "url": url, "qr": qr_svg(url), "raw": raw})
    response = _page(request, "board/link_shown.html", network, {"cards": cards})
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private"
    return response


@access.permission_required("practice.manage")
@require_POST
def shared_link(request, network_id: int):
    network = access.get_network(request.user, network_id, "practice.manage")
    return _shown_link(request, network, [services.link_renew_shared(actor=request.user, network=network)])


def _participant(request, network, participant_id: int) -> Participant:
    participant = access.get_participant(request.user, participant_id, "participant.view")
    if not participant.participations.filter(network=network).exists():
        raise Http404
    return participant


@access.permission_required("practice.manage")
@require_POST
def personal_link(request, network_id: int, participant_id: int):
    network = access.get_network(request.user, network_id, "practice.manage")
    participant = _participant(request, network, participant_id)
    try:
        made = services.link_renew_personal(actor=request.user, network=network, participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("board:manage", network.pk)
    return _shown_link(request, network, [made])


@access.permission_required("practice.manage")
@require_POST
def cards(request, network_id: int):
    """Cards for everyone on the board who has no personal link yet (one sheet to print)."""
    network = access.get_network(request.user, network_id, "practice.manage")
    data = selectors.manage_page(network=network)
    made = [
        services.link_renew_personal(actor=request.user, network=network, participant=row["participant"])
        for row in data["people"]
        if row["on_board"] and row["link"] is None
    ]
    if not made:
        messages.info(request, _("Everyone on the board already has a card."))
        return redirect("board:manage", network.pk)
    return _shown_link(request, network, made)


def _moderation(*, rows, id_name: str, act, done):
    """A button on the management tab that acts on one row of this network's board and returns to the tab.

    `rows(network)` are the network's rows it may act on (another network's row is a 404), `id_name` the
    URL's name for the row's id, `act(actor, row)` the service, `done` the message afterwards.
    """

    @access.permission_required("practice.manage")
    @require_POST
    def view(request, network_id: int, **ids: int):
        network = access.get_network(request.user, network_id, "practice.manage")
        row = rows(network).filter(pk=ids[id_name]).first()
        if row is None:
            raise Http404
        act(request.user, row)
        messages.success(request, str(done))
        return redirect("board:manage", network.pk)

    return view


link_stop = _moderation(
    rows=lambda network: BoardLink.objects.filter(board__network=network).select_related("board__network"),
    id_name="link_id",
    act=lambda actor, link: services.link_revoke(actor=actor, link=link),
    done=gettext_lazy("The link has been stopped. It no longer opens the board."),
)
signup_remove = _moderation(
    rows=lambda network: TaskSignup.objects.filter(network=network).select_related("network"),
    id_name="signup_id",
    act=lambda actor, signup: services.signup_remove(actor=actor, signup=signup),
    done=gettext_lazy("The sign-up has been removed from the board."),
)
idea_remove = _moderation(
    rows=lambda network: Idea.objects.filter(network=network).select_related("network"),
    id_name="idea_id",
    act=lambda actor, idea: services.idea_remove(actor=actor, idea=idea),
    done=gettext_lazy("The idea has been removed from the board."),
)


@access.permission_required("practice.manage")
@require_http_methods(["GET", "POST"])
def idea_activity(request, network_id: int, idea_id: int):
    """Turn an idea into an activity: the activity form, with the idea's words as its name."""
    network = access.get_network(request.user, network_id, "practice.manage")
    found = (
        Idea.objects.filter(network=network, pk=idea_id, removed_at__isnull=True, activity__isnull=True)
        .select_related("network")
        .first()
    )
    if found is None:
        raise Http404
    form = ActivityForm(request.POST or None, initial={"name": found.text[:120], "recurrence": "once"})
    saved = editing.save_form(
        request,
        form,
        save=lambda data: services.idea_to_activity(
            actor=request.user, idea=found, **{name: data[name] for name in form.Meta.fields}
        ),
        success_message=lambda activity: (
            _("%(name)s is now an activity of the group.") % {"name": activity.name}
        ),
        success_url=reverse("board:manage", args=[network.pk]),
    )
    if saved:
        return saved
    status = 400 if request.method == "POST" else 200
    return _page(request, "board/idea_activity.html", network, {"form": form, "idea": found}, status=status)
