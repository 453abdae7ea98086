"""What the apps above people keep about a person, given to the people app at start-up.

The participant page's history, the merge confirmation page and merging two records of one person
(`people.services.participant_merge`) read and move rows of practice, support, evaluation and
privacy, which sit above people in the layers (docs/architecture.md). People declares here what it
needs from them, each hook with a default (nothing there, nothing to move); the app that owns the
rows implements it once, in its `ready()`, with `hooks.implement(name, function)`. It is a
`core.hooks.HookRegistry`: a call looks the implementation up when it runs, and a second, different
implementation stops the start-up.

The merge's steps run in the order `participant_merge` calls them, inside its one transaction: the
order is written in that function, not taken from the order in which the apps start. A step adds to
the merge's counts (`summary`, whose keys `participant_merge` lists) and returns the models it moved
itself; the merge's general move of every other row that refers to the person leaves those alone.
Whatever a step leaves on the removed record stops the merge, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from core.hooks import HookRegistry

if TYPE_CHECKING:
    from django.db.models import Model

    from accounts.models import User
    from people.models import Participant, Participation

REGISTRY = HookRegistry()
hook = REGISTRY.hook
implement = REGISTRY.implement


# ----- the participant page -------------------------------------------------------------------------


@hook
def participant_history(*, user: User, participant: Participant, network_ids: list[int]) -> dict:
    """Attendance by month, contributions and follow-ups in the networks the user may see, for
    `people/detail.html` (practice: `practice.selectors.participant_history`, 3 queries)."""
    return {}


# ----- the merge confirmation page: what each record holds, in the order shown --------------------


@hook
def activity_counts(person: Participant) -> list[tuple[str, int]]:
    """(label, number) rows: sessions present or excused, contributions, follow-ups (practice)."""
    return []


@hook
def support_counts(person: Participant) -> list[tuple[str, int]]:
    """(label, number) rows: support given, support received (support)."""
    return []


@hook
def interview_counts(person: Participant) -> list[tuple[str, int]]:
    """(label, number) rows: interviews (evaluation)."""
    return []


@hook
def logbook_counts(person: Participant) -> list[tuple[str, int]]:
    """(label, number) rows: logbook entries that mention the person (practice)."""
    return []


@hook
def consents(person: Participant) -> list:
    """The person's consent answers, by question (privacy)."""
    return []


@hook
def shared_sessions(keep: Participant, remove: Participant) -> int:
    """Sessions both records attended (practice)."""
    return 0


# ----- merging two records, in the order participant_merge runs them ------------------------------


@hook
def merge_problems(keep: Participant, remove: Participant) -> list[str]:
    """Reasons beyond people's own why the two cannot be merged as they are (evaluation: two
    interviews in one round)."""
    return []


@hook
def merge_route(
    keep_part: Participation, remove_part: Participation, summary: dict
) -> Collection[type[Model]]:
    """Two routes in one network become one: what hangs on the removed route moves to the kept one
    before the removed route is deleted (practice: follow-ups)."""
    return ()


@hook
def merge_attendance(keep: Participant, remove: Participant, summary: dict) -> Collection[type[Model]]:
    """Attendance and contributions; one session becomes one presence (practice)."""
    return ()


@hook
def merge_support(keep: Participant, remove: Participant, summary: dict) -> Collection[type[Model]]:
    """Support observations and ties, without the person supporting themselves (support)."""
    return ()


@hook
def merge_interviews(keep: Participant, remove: Participant, summary: dict) -> Collection[type[Model]]:
    """Interviews with their answers and reports (evaluation)."""
    return ()


@hook
def merge_consent(keep: Participant, remove: Participant, summary: dict) -> Collection[type[Model]]:
    """Consent answers; the latest answer to a question counts (privacy)."""
    return ()


@hook
def merge_history(*, actor: User, keep: Participant, removed_pk: int) -> int:
    """After the removed record is deleted: its field history becomes the kept person's and the merge
    is audited for both (privacy). Returns the number of history lines moved."""
    return 0
