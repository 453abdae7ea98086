"""Writes for the group board. Each runs in one transaction and is audited.

What a participant does on the board is audited as done by that participant through the board
(actor "groepsbord", the participant's id, the link's kind and id); what a worker does, as the worker.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from board.models import Board, BoardLink, Idea, IdeaSupport, Intention, LinkKind, TaskSignup
from board.selectors import board_people, board_window
from board.tokens import TOUCH_EVERY, hash_token, new_token
from core.concurrency import save_with_version
from networks.models import Network
from people.models import Participant
from practice.models import Activity, Session, SessionStatus, Task
from practice.services import activity_create, activity_dates
from privacy.audit import audit
from privacy.models import AuditEntry

BOARD_ACTOR = "groepsbord"
IDEA_MIN_LENGTH = 3
IDEA_MAX_LENGTH = 140
MAX_IDLE_DAYS = 365


def _board_audit(link: BoardLink, participant_id: int, action: str, object_type: str, object_id) -> None:
    AuditEntry.objects.create(
        actor_id=None,
        actor_username=BOARD_ACTOR,
        organisation_id=link.board.network.organisation_id,
        participant_id=participant_id,
        action=f"board.{action}",
        object_type=object_type,
        object_id=str(object_id)[:40],
        detail=f"participant {participant_id} via {link.kind} link {link.pk}",
    )


def _worker_audit(
    actor: User, network: Network, action: str, object_type: str, object_id, participant_id=None
):
    audit(
        user=actor,
        action=f"board.{action}",
        participant_id=participant_id,
        object_type=object_type,
        object_id=object_id,
        organisation_id=network.organisation_id,
    )


# ----- the board and its links (the worker) ----------------------------------------------------


def _board(network: Network) -> Board:
    board, _created = Board.objects.get_or_create(network=network)
    return board


@transaction.atomic
def board_settings_update(
    *, actor: User, network: Network, enabled: bool, idle_days: int, expected_version: int
) -> Board:
    if not 1 <= idle_days <= MAX_IDLE_DAYS:
        raise ValidationError({"idle_days": _("Choose between 1 and 365 days.")})
    board = Board.objects.filter(network=network).first()
    if board is None:  # the first settings of this network's board
        board = Board.objects.create(network=network, enabled=enabled, idle_days=idle_days)
    else:
        board.enabled, board.idle_days = enabled, idle_days
        save_with_version(board, expected_version=expected_version, fields=["enabled", "idle_days"])
    _worker_audit(actor, network, "settings", "board", board.pk)
    return board


@transaction.atomic
def link_renew_shared(*, actor: User, network: Network) -> tuple[BoardLink, str]:
    """A new shared link for the community centre; the previous one stops at once. Returns the raw
    token, which is shown once and never stored."""
    board = _board(network)
    now = timezone.now()
    BoardLink.objects.filter(board=board, kind=LinkKind.SHARED, revoked_at__isnull=True).update(
        revoked_at=now
    )
    raw = new_token()
    link = BoardLink.objects.create(
        board=board, kind=LinkKind.SHARED, token_hash=hash_token(raw), created_by=actor
    )
    _worker_audit(actor, network, "link.shared", "board_link", link.pk)
    return link, raw


@transaction.atomic
def link_renew_personal(*, actor: User, network: Network, participant: Participant) -> tuple[BoardLink, str]:
    """A new personal link (QR card) for one participant who consented to the board; the previous
    one stops at once."""
    if participant.pk not in board_people(network):
        raise ValidationError(
            _("%(name)s has not agreed to be on the group board.") % {"name": participant.name}
        )
    board = _board(network)
    now = timezone.now()
    BoardLink.objects.filter(
        board=board, kind=LinkKind.PERSONAL, participant=participant, revoked_at__isnull=True
    ).update(revoked_at=now)
    raw = new_token()
    link = BoardLink.objects.create(
        board=board,
        kind=LinkKind.PERSONAL,
        participant=participant,
        token_hash=hash_token(raw),
        created_by=actor,
    )
    _worker_audit(actor, network, "link.personal", "board_link", link.pk, participant_id=participant.pk)
    return link, raw


@transaction.atomic
def link_revoke(*, actor: User, link: BoardLink) -> None:
    if link.revoked_at is None:
        BoardLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    _worker_audit(
        actor, link.board.network, "link.revoke", "board_link", link.pk, participant_id=link.participant_id
    )


def link_touch(link: BoardLink) -> None:
    """Remember that the link was used (at most one write an hour), for its expiry."""
    now = timezone.now()
    if link.last_used_at is None or now - link.last_used_at >= TOUCH_EVERY:
        BoardLink.objects.filter(pk=link.pk).update(last_used_at=now)
        link.last_used_at = now


# ----- what a participant does on the board -----------------------------------------------------


def _check_person(link: BoardLink, participant_id: int) -> None:
    """The person acting: on a personal link only its owner; on the shared link anyone on the board."""
    if link.kind == LinkKind.PERSONAL and participant_id != link.participant_id:
        raise PermissionError("a personal link acts only for its owner")
    if participant_id not in board_people(link.board.network):
        raise PermissionError("not on this board")


def _check_session(link: BoardLink, activity_id: int, date: dt.date) -> Activity:
    network = link.board.network
    activity = Activity.objects.filter(network=network, pk=activity_id).first()
    today = timezone.localdate()
    start, end = board_window(today)
    if activity is None or not today <= date <= end or date not in activity_dates(activity, date, date):
        raise ValidationError(_("This activity is not on the board."))
    if Session.objects.filter(activity=activity, date=date, status=SessionStatus.CANCELLED).exists():
        raise ValidationError(_("This activity does not take place."))
    return activity


@transaction.atomic
def task_signup(
    *, link: BoardLink, participant_id: int, activity_id: int, date: dt.date, task_id: int, doing: bool
) -> bool:
    """'Ik doe dit' (doing=True) or 'Ik doe het toch niet'. Returns whether something changed."""
    _check_person(link, participant_id)
    activity = _check_session(link, activity_id, date)
    network = link.board.network
    task = Task.objects.filter(network=network, pk=task_id, archived=False, needs_text=False).first()
    if task is None:
        raise ValidationError(_("This task is not on the list."))
    where = {"activity": activity, "date": date, "task": task, "participant_id": participant_id}
    if doing:
        _signup, changed = TaskSignup.objects.get_or_create(network=network, **where)
    else:
        changed = TaskSignup.objects.filter(**where).delete()[0] > 0
    if changed:
        action = "task.signup" if doing else "task.withdraw"
        _board_audit(link, participant_id, action, "session", f"{activity.pk}:{date.isoformat()}:{task.pk}")
    return changed


@transaction.atomic
def intention_set(
    *, link: BoardLink, participant_id: int, activity_id: int, date: dt.date, coming: bool
) -> bool:
    """'Ik kom' or 'Ik kan deze keer niet'. Not presence: the worker still records the session."""
    _check_person(link, participant_id)
    activity = _check_session(link, activity_id, date)
    current = (
        Intention.objects.select_for_update()
        .filter(activity=activity, date=date, participant_id=participant_id)
        .first()
    )
    if current is not None and current.coming == coming:
        return False
    if current is None:
        Intention.objects.create(
            network=link.board.network,
            activity=activity,
            date=date,
            participant_id=participant_id,
            coming=coming,
        )
    else:
        current.coming = coming
        current.save(update_fields=["coming", "updated_at"])
    _board_audit(
        link,
        participant_id,
        "intention.coming" if coming else "intention.not_coming",
        "session",
        f"{activity.pk}:{date.isoformat()}",
    )
    return True


def clean_idea(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) < IDEA_MIN_LENGTH:
        raise ValidationError({"text": _("Write your idea in a few words.")})
    if len(text) > IDEA_MAX_LENGTH:
        raise ValidationError({"text": _("Keep it short: at most 140 letters.")})
    return text


@transaction.atomic
def idea_propose(*, link: BoardLink, participant_id: int, text: str) -> Idea:
    _check_person(link, participant_id)
    text = clean_idea(text)
    network = link.board.network
    same = Idea.objects.filter(
        network=network, proposed_by_id=participant_id, text__iexact=text, removed_at__isnull=True
    ).first()
    if same is not None:  # a second tap on the same form
        return same
    idea = Idea.objects.create(network=network, text=text, proposed_by_id=participant_id)
    IdeaSupport.objects.create(idea=idea, participant_id=participant_id)
    _board_audit(link, participant_id, "idea.propose", "idea", idea.pk)
    return idea


@transaction.atomic
def idea_join(*, link: BoardLink, participant_id: int, idea_id: int, joining: bool) -> bool:
    """'Ik doe mee' (joining=True) or 'Ik doe toch niet mee'."""
    _check_person(link, participant_id)
    idea = Idea.objects.filter(
        network=link.board.network, pk=idea_id, removed_at__isnull=True, activity__isnull=True
    ).first()
    if idea is None:
        raise ValidationError(_("This idea is no longer on the board."))
    if joining:
        _support, changed = IdeaSupport.objects.get_or_create(idea=idea, participant_id=participant_id)
    else:
        changed = IdeaSupport.objects.filter(idea=idea, participant_id=participant_id).delete()[0] > 0
    if changed:
        _board_audit(link, participant_id, "idea.join" if joining else "idea.leave", "idea", idea.pk)
    return changed


# ----- moderation (the worker) ------------------------------------------------------------------


@transaction.atomic
def signup_remove(*, actor: User, signup: TaskSignup) -> None:
    _worker_audit(
        actor,
        signup.network,
        "task.remove",
        "session",
        f"{signup.activity_id}:{signup.date.isoformat()}:{signup.task_id}",
        participant_id=signup.participant_id,
    )
    signup.delete()


@transaction.atomic
def idea_remove(*, actor: User, idea: Idea) -> None:
    if idea.removed_at is None:
        Idea.objects.filter(pk=idea.pk).update(removed_at=timezone.now(), removed_by=actor)
    _worker_audit(actor, idea.network, "idea.remove", "idea", idea.pk)


@transaction.atomic
def idea_to_activity(*, actor: User, idea: Idea, **fields) -> Activity:
    """Turn an idea into an activity of the network (practice's own service makes it)."""
    if idea.activity_id is not None or idea.removed_at is not None:
        raise ValidationError(_("This idea is already an activity or was removed."))
    activity = activity_create(actor=actor, network=idea.network, **fields)
    Idea.objects.filter(pk=idea.pk).update(activity=activity)
    _worker_audit(actor, idea.network, "idea.activity", "idea", idea.pk)
    return activity
