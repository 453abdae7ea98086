"""Pseudonymised research export, organisation-wide, of participants who consented to research.

- Participants and networks appear as keyed pseudonyms: HMAC-SHA256 with the study's random key,
  so the same person has the same pseudonym throughout one study and an unlinkable one in another.
- Birth year becomes an age band, dates become months; no names, contact details or free text.
- Each app adds its tables with `register_table` (in its AppConfig.ready()):

      from privacy.research import register_table
      register_table("attendance_monthly", "Monthly attendance", provider)

  where provider(ctx: ExportContext) -> (headers, rows) uses ctx.pseudonym(), ctx.network(),
  ctx.month() and only rows of ctx.participant_ids. Graph edges: `register_edges(provider)`
  with provider(ctx) -> [(source_participant_id, target_participant_id, {attributes})].
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Participant, Participation, RouteEvent
from privacy.models import Consent, ConsentScope, Study

AGE_BANDS = [
    (0, 17, "<18"),
    (18, 29, "18-29"),
    (30, 44, "30-44"),
    (45, 64, "45-64"),
    (65, 74, "65-74"),
    (75, 200, "75+"),
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ExportContext:
    study: Study
    today: dt.date
    participant_ids: set[int]
    _cache: dict = field(default_factory=dict)

    def _hmac(self, kind: str, pk: int) -> str:
        # Remembered per export: a whole organisation's tables ask for the same few thousand
        # pseudonyms hundreds of thousands of times.
        key = (kind, pk)
        if key not in self._cache:
            digest = hmac.new(bytes.fromhex(self.study.key), f"{kind}:{pk}".encode(), hashlib.sha256)
            self._cache[key] = digest.hexdigest()[:16]
        return self._cache[key]

    def pseudonym(self, participant_id: int | None) -> str:
        return "" if participant_id is None else "P-" + self._hmac("participant", participant_id)

    def network(self, network_id: int | None) -> str:
        return "" if network_id is None else "N-" + self._hmac("network", network_id)

    @staticmethod
    def month(value: dt.date | dt.datetime | None) -> str:
        return value.strftime("%Y-%m") if value else ""

    def age_band(self, birth_year: int | None) -> str:
        if not birth_year:
            return ""
        age = self.today.year - birth_year
        return next((label for low, high, label in AGE_BANDS if low <= age <= high), "")


Provider = Callable[[ExportContext], tuple[list[str], list[list]]]
TABLES: dict[str, tuple[str, Provider]] = {}
EDGE_PROVIDERS: list[Callable[[ExportContext], list[tuple[int, int, dict]]]] = []


def register_table(key: str, title: str, provider: Provider) -> None:
    TABLES[key] = (title, provider)


def register_edges(provider) -> None:
    if provider not in EDGE_PROVIDERS:
        EDGE_PROVIDERS.append(provider)


# ----- foundation tables ---------------------------------------------------------------------------


def _participants(ctx: ExportContext):
    rows = [
        [
            ctx.pseudonym(p["id"]),
            ctx.age_band(p["birth_year"]),
            p["invited_via"],
            ctx.pseudonym(p["invited_by_participant_id"])
            if p["invited_by_participant_id"] in ctx.participant_ids
            else "",
        ]
        for p in Participant.objects.filter(pk__in=ctx.participant_ids)
        .values("id", "birth_year", "invited_via", "invited_by_participant_id")
        .order_by("id")
    ]
    rows.sort(key=lambda r: r[0])  # by pseudonym: row order reveals nothing about registration order
    return ["participant", "age_band", "invited_via", "invited_by"], rows


def _participations(ctx: ExportContext):
    rows = [
        [
            ctx.pseudonym(p["participant_id"]),
            ctx.network(p["network_id"]),
            p["stage"],
            ctx.month(p["first_visit"]),
            ctx.month(p["stage_since"]),
        ]
        for p in Participation.objects.filter(participant_id__in=ctx.participant_ids).values(
            "participant_id", "network_id", "stage", "first_visit", "stage_since"
        )
    ]
    rows.sort()
    return ["participant", "network", "stage", "first_visit_month", "stage_since_month"], rows


def _route_events(ctx: ExportContext):
    rows = [
        [
            ctx.pseudonym(e["participation__participant_id"]),
            ctx.network(e["participation__network_id"]),
            e["stage"],
            ctx.month(e["date"]),
            e["dropout_reason"],
            e["referral_target"],
            e["partner__kind"] or "",
        ]
        for e in RouteEvent.objects.filter(participation__participant_id__in=ctx.participant_ids).values(
            "participation__participant_id",
            "participation__network_id",
            "stage",
            "date",
            "dropout_reason",
            "referral_target",
            "partner__kind",
        )
    ]
    rows.sort(key=lambda r: (r[0], r[3]))
    return ["participant", "network", "step", "month", "dropout_reason", "referred_to", "partner_kind"], rows


def _networks(ctx: ExportContext):
    from networks.models import Network

    rows = [
        [ctx.network(n["id"]), n["phase"], ctx.month(n["start_date"]), n["target_size"]]
        for n in Network.objects.filter(organisation_id=ctx.study.organisation_id).values(
            "id", "phase", "start_date", "target_size"
        )
    ]
    rows.sort()
    return ["network", "phase", "start_month", "target_size"], rows


def _invited_by_edges(ctx: ExportContext):
    return [
        (p["invited_by_participant_id"], p["id"], {"kind": "invited"})
        for p in Participant.objects.filter(
            pk__in=ctx.participant_ids, invited_by_participant_id__in=ctx.participant_ids
        ).values("id", "invited_by_participant_id")
    ]


register_table("participants", _("Participants"), _participants)
register_table("participations", _("Participation per network"), _participations)
register_table("route_events", _("Route events"), _route_events)
register_table("networks", _("Networks"), _networks)
register_edges(_invited_by_edges)


# ----- building the export -------------------------------------------------------------------------


def consenting_ids(organisation_id: int) -> set[int]:
    return set(
        Consent.objects.filter(
            participant__organisation_id=organisation_id,
            participant__anonymised_at__isnull=True,
            scope=ConsentScope.RESEARCH,
            given=True,
        ).values_list("participant_id", flat=True)
    )


def context_for(study: Study) -> ExportContext:
    return ExportContext(
        study=study, today=timezone.localdate(), participant_ids=consenting_ids(study.organisation_id)
    )


def tables(ctx: ExportContext) -> dict[str, tuple[str, list[str], list[list]]]:
    out = {}
    for key, (title, provider) in TABLES.items():
        headers, rows = provider(ctx)
        out[key] = (title, headers, rows)
    return out


def neutralise(value):
    """Spreadsheet programs run a cell that starts with = + - @ as a formula: make it plain text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(headers: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([[neutralise(v) for v in row] for row in rows])
    return buffer.getvalue()


def to_xlsx(data: dict[str, tuple[str, list[str], list[list]]]) -> bytes:
    """The tables as sheets, written in openpyxl's write-only mode: rows stream to the file instead
    of becoming cell objects first (for a whole organisation: about a third of the time and memory,
    docs/performance.md). `neutralise` makes sure no text starts like a formula."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for key, (_title, headers, rows) in data.items():
        sheet = workbook.create_sheet(key[:31])
        sheet.append(headers)
        for row in rows:
            sheet.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_graphml(ctx: ExportContext) -> bytes:
    import networkx as nx

    graph = nx.MultiDiGraph()
    participations = {}
    for p in Participation.objects.filter(participant_id__in=ctx.participant_ids).values(
        "participant_id", "network_id"
    ):
        participations.setdefault(p["participant_id"], []).append(ctx.network(p["network_id"]))
    for pk in sorted(ctx.participant_ids, key=ctx.pseudonym):
        graph.add_node(ctx.pseudonym(pk), networks=" ".join(sorted(participations.get(pk, []))))
    for provider in EDGE_PROVIDERS:
        for source, target, attributes in provider(ctx):
            if source in ctx.participant_ids and target in ctx.participant_ids:
                graph.add_edge(ctx.pseudonym(source), ctx.pseudonym(target), **attributes)
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    return buffer.getvalue()
