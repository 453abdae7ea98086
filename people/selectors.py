"""Reads for participant pages, each with a fixed number of queries."""

from django.db.models import Prefetch, Q, QuerySet

from accounts import access
from accounts.models import User
from networks.models import Network
from people.models import ACTIVE_STAGES, LEFT_STAGES, Participant, Participation, RouteEvent, Stage

# The order in which groups appear on a network's participant page.
STAGE_GROUPS = [
    Stage.STRUCTURAL, Stage.SETTLING_IN, Stage.RETURNED, Stage.FIRST_VISIT, Stage.INVITED,
    Stage.DROPPED_OUT, Stage.REFERRED, Stage.MOVED_ON,
]  # fmt: skip


def network_participants(*, network: Network) -> list[dict]:
    rows = list(
        Participation.objects.filter(network=network, participant__anonymised_at__isnull=True)
        .select_related("participant")
        .order_by("participant__name", "participant_id")
    )
    labels = dict(Stage.choices)
    return [
        {
            "stage": stage,
            "label": labels[stage],
            "left": stage in LEFT_STAGES,
            "rows": [r for r in rows if r.stage == stage],
        }
        for stage in STAGE_GROUPS
    ]


def participant_list(
    *, user: User, network_id: int | None = None, stage: str | None = None, query: str = ""
) -> QuerySet[Participation]:
    """One row per participation the user may see (a person in two networks appears twice)."""
    network_ids = access.network_ids_for(user, "participant.view")
    qs = Participation.objects.filter(network_id__in=network_ids, participant__anonymised_at__isnull=True)
    if network_id:
        qs = qs.filter(network_id=network_id)
    if stage == "active":
        qs = qs.filter(stage__in=ACTIVE_STAGES)
    elif stage:
        qs = qs.filter(stage=stage)
    if query:
        qs = qs.filter(Q(participant__name__icontains=query) | Q(participant__full_name__icontains=query))
    return qs.select_related("participant", "network").order_by(
        "participant__name", "participant_id", "network__name"
    )


def participant_detail(*, user: User, participant: Participant) -> dict:
    network_ids = access.network_ids_for(user, "participant.view")
    participations = list(
        participant.participations.filter(network_id__in=network_ids)
        .select_related("network")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=RouteEvent.objects.select_related("partner", "recorded_by").order_by("date", "id"),
            )
        )
    )
    other_networks = access.networks_for(user, "participant.create").exclude(
        pk__in=[p.network_id for p in participant.participations.all()]
    )
    return {
        "participations": participations,
        "other_networks": list(other_networks.filter(archived_at__isnull=True)),
    }
