"""Reads for participant pages, each with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts import access
from accounts.models import User
from networks.models import Network, NetworkAssignment
from people import hooks
from people.duplicates import similar_ids
from people.models import (
    ACTIVE_STAGES,
    LEFT_STAGES,
    Participant,
    Participation,
    Partner,
    PartnerContact,
    RouteEvent,
    Stage,
)

# The order in which groups appear on a network's participant page.
STAGE_GROUPS = [
    Stage.STRUCTURAL,
    Stage.SETTLING_IN,
    Stage.RETURNED,
    Stage.FIRST_VISIT,
    Stage.INVITED,
    Stage.DROPPED_OUT,
    Stage.REFERRED,
    Stage.MOVED_ON,
]


def network_participants(*, network: Network) -> list[dict]:
    """The network's participant page: everyone on its route, grouped by stage (STAGE_GROUPS). 1 query."""
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


# ----- how many take part: the networks' pages (networks.participants) and the home page --------


def participant_counts(networks: QuerySet[Network]) -> dict[int, tuple[int, int]]:
    """{network id: (taking part, structural)} for the networks the cards show. 1 query.

    One pass over the participations grouped by network, not a join grouped by every network column.
    """
    return {
        network_id: (active, structural)
        for network_id, active, structural in Participation.objects.filter(
            network__in=networks, stage__in=ACTIVE_STAGES
        )
        .order_by()
        .values("network_id")
        .annotate(active=Count("pk"), structural=Count("pk", filter=Q(stage=Stage.STRUCTURAL)))
        .values_list("network_id", "active", "structural")
    }


def participants_by_stage(network: Network) -> dict:
    """The network page's figures: the number in each stage of the route, taking part, structural. 1 query."""
    stage_counts = dict(
        network.participations.values_list("stage").annotate(n=Count("id")).values_list("stage", "n")
    )
    return {
        "stage_counts": [(stage, label, stage_counts.get(stage, 0)) for stage, label in Stage.choices],
        "active_count": sum(stage_counts.get(s, 0) for s in ACTIVE_STAGES),
        "structural_count": stage_counts.get(Stage.STRUCTURAL, 0),
    }


def networks_with_counts(*, user: User, include_archived: bool = False) -> QuerySet[Network]:
    """Networks the user may see, with counts of active and structural participants (one query)."""
    qs = access.networks_for(user).select_related("location")
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    return qs.annotate(
        active_count=Count(
            "participations", filter=Q(participations__stage__in=ACTIVE_STAGES), distinct=True
        ),
        structural_count=Count(
            "participations", filter=Q(participations__stage=Stage.STRUCTURAL), distinct=True
        ),
    ).prefetch_related(
        Prefetch("assignments", queryset=NetworkAssignment.objects.select_related("user").order_by("role"))
    )


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


# ----- likely duplicates (issue 18: one person, one record) -------------------------------------


@dataclass
class Candidate:
    """Someone in the organisation whose name resembles a name being registered."""

    pk: int
    name: str
    full_name: str
    similarity: float
    reachable: bool  # the user may open this person's page and add them to a network
    since: dt.date | None = None  # first step on any route
    networks: list[tuple[int, str, str]] = field(default_factory=list)  # (network id, name, stage label)
    talent: str = ""
    birth_year: int | None = None
    here: bool = False  # in the network the person is being registered in

    def in_network(self, network_id: int) -> bool:
        return any(pk == network_id for pk, _name, _stage in self.networks)


def likely_duplicates(
    *, user: User, organisation_id: int, name: str, exclude_ids: Iterable[int] = ()
) -> list[Candidate]:
    """People of the organisation with a similar name, with what tells them apart. At most 3 queries.

    People the user may not reach (another worker's network) are returned with `reachable` False and
    only their network and since-when: enough to ask the coordinator, nothing of their profile.
    """
    people = Participant.objects.filter(organisation_id=organisation_id, anonymised_at__isnull=True)
    rows = list(people.exclude(pk__in=list(exclude_ids)).values_list("id", "name", "full_name"))
    matches = similar_ids(name, rows)
    if not matches:
        return []
    ids = [pk for pk, _score in matches]
    reachable = set(access.participants_for(user).filter(pk__in=ids).values_list("id", flat=True))
    details = {
        p.pk: p
        for p in people.filter(pk__in=ids).prefetch_related(
            Prefetch(
                "participations", queryset=Participation.objects.select_related("network").order_by("id")
            )
        )
    }
    stages = dict(Stage.choices)
    candidates = []
    for pk, score in matches:
        person = details.get(pk)
        if person is None:
            continue
        parts = list(person.participations.all())
        starts = [p.first_visit or p.stage_since for p in parts]
        candidates.append(
            Candidate(
                pk=pk,
                name=person.name if pk in reachable else "",
                full_name=person.full_name if pk in reachable else "",
                similarity=score,
                reachable=pk in reachable,
                since=min(starts) if starts else None,
                networks=[(p.network_id, p.network.name, stages[p.stage]) for p in parts],
                talent=(person.talents.strip().splitlines() or [""])[0][:80] if pk in reachable else "",
                birth_year=person.birth_year if pk in reachable else None,
            )
        )
    return candidates


# ----- partners and contact moments (issue 18: the exploration phase) ------------------------------


def partners_for_network(network: Network) -> list[Partner]:
    """The partners linked to a network, with how many contact moments it had with each. 1 query."""
    return list(
        Partner.objects.filter(networks=network)
        .annotate(contact_count=Count("contacts", filter=Q(contacts__network=network)))
        .order_by("archived", "name")
    )


def contacts_for_network(network: Network) -> list[PartnerContact]:
    """The network's contact moments with partners, newest first. 1 query."""
    return list(
        PartnerContact.objects.filter(network=network)
        .select_related("partner", "recorded_by")
        .order_by("-date", "-id")
    )


def partner_detail(*, user: User, partner: Partner) -> dict:
    """A partner's networks, contact moments and referrals in and out, within the user's reach. 4 queries."""
    network_ids = access.network_ids_for(user, "participant.view")
    contact_ids = access.network_ids_for(user, "partner.contact")
    networks = list(partner.networks.order_by("name"))
    contacts = list(
        partner.contacts.filter(network_id__in=contact_ids)
        .select_related("network", "recorded_by")
        .order_by("-date", "-id")
    )
    referrals = list(
        RouteEvent.objects.filter(partner=partner, participation__network_id__in=network_ids)
        .select_related("participation__participant", "participation__network")
        .order_by("-date", "-id")
    )
    return {
        "networks": networks,
        "contacts": contacts,
        # A step naming the partner: "referred elsewhere" is a referral out, any other (invited, first
        # visit, returned) came in through the partner.
        "referrals_in": [e for e in referrals if e.stage != Stage.REFERRED],
        "referrals_out": [e for e in referrals if e.stage == Stage.REFERRED],
    }


# ----- merging: the confirmation page ---------------------------------------------------------------


def _record_facts(person: Participant) -> dict:
    return {
        "participations": list(person.participations.select_related("network").order_by("network__name")),
        "counts": [
            *hooks.activity_counts(person),
            *hooks.support_counts(person),
            *hooks.interview_counts(person),
            *hooks.logbook_counts(person),
        ],
        "consents": hooks.consents(person),
    }


def merge_preview(*, keep: Participant, remove: Participant) -> dict:
    """Both records side by side, the profile after merging, and where they overlap."""
    from people.services import PROFILE_FIELDS, merge_profile

    merged = merge_profile(keep, remove)
    profile_rows = []
    for name in PROFILE_FIELDS:
        field_ = Participant._meta.get_field(name)

        def shown(obj, value, field_=field_):
            if value in ("", None):
                return ""
            if field_.choices:
                return dict(field_.flatchoices).get(value, value)
            return str(value)

        profile_rows.append(
            {
                "label": field_.verbose_name,
                "keep": shown(keep, getattr(keep, name)),
                "remove": shown(remove, getattr(remove, name)),
                "result": shown(keep, merged[name]),
            }
        )
    keep_facts, remove_facts = _record_facts(keep), _record_facts(remove)
    shared_networks = sorted(
        {p.network.name for p in keep_facts["participations"]}
        & {p.network.name for p in remove_facts["participations"]}
    )
    shared_sessions = hooks.shared_sessions(keep, remove)
    shared_consent = sorted(
        {c.get_scope_display() for c in keep_facts["consents"]}
        & {c.get_scope_display() for c in remove_facts["consents"]}
    )
    return {
        "profile_rows": profile_rows,
        "keep_facts": keep_facts,
        "remove_facts": remove_facts,
        "count_rows": [
            (label, k, r)
            for (label, k), (_label, r) in zip(keep_facts["counts"], remove_facts["counts"], strict=True)
        ],
        "shared_networks": shared_networks,
        "shared_sessions": shared_sessions,
        "shared_consent": shared_consent,
    }
