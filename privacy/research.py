"""Pseudonymised research export, organisation-wide, of participants who consented to research.

- Participants and networks appear as keyed pseudonyms: HMAC-SHA256 with the study's random key,
  so the same person has the same pseudonym throughout one study and an unlinkable one in another.
- Birth year becomes an age band, dates become months; no names, contact details, free text or
  internal ids.
- Each app adds its tables with `register_table` (in its AppConfig.ready()):

      from privacy.research import register_table
      register_table("attendance_monthly", "Monthly attendance", provider)

  where provider(ctx: ExportContext) -> (headers, rows) uses ctx.pseudonym(), ctx.network(),
  ctx.month() and only rows of ctx.participant_ids; rows may be any iterable (a generator keeps
  memory flat). Graph edges: `register_edges(provider)` with provider(ctx) -> iterable of
  (source_participant_id, target_participant_id, {attributes}).
- The export of a whole organisation can take a minute: it is made in the background (jobs app,
  `jobs/kinds.py`) and written straight into its file, table by table (`write_export`), so its memory
  does not grow with the organisation. The files follow `core/files.py`: CSV in the Dutch Excel
  dialect, .xlsx with typed text cells, booleans 1/0; GraphML is valid GraphML 1.0 (unique edge ids).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr  # nosec B406 - only escapes what it writes, parses nothing

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.files import CSV_ENCODING, XlsxBook, clean_text, write_csv
from people.models import Participant, Participation, RouteEvent
from privacy.models import Consent, ConsentScope, Study

# Age bands as text that no spreadsheet program reads as a number or a date ("75+" became 75).
AGE_BANDS = [
    (0, 17, "0-17"),
    (18, 29, "18-29"),
    (30, 44, "30-44"),
    (45, 64, "45-64"),
    (65, 74, "65-74"),
    (75, 200, "75-plus"),
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GRAPHML_TYPE = "application/graphml+xml"
CSV_TYPE = "text/csv; charset=utf-8"


@dataclass
class ExportContext:
    study: Study
    today: dt.date
    participant_ids: set[int]
    _cache: dict = field(default_factory=dict)
    _months: dict = field(default_factory=dict)

    def _hmac(self, kind: str, pk: int) -> str:
        # Remembered per export: a whole organisation's tables ask for the same few thousand
        # pseudonyms hundreds of thousands of times.
        key = (kind, pk)
        value = self._cache.get(key)
        if value is None:
            digest = hmac.new(bytes.fromhex(self.study.key), f"{kind}:{pk}".encode(), hashlib.sha256)
            value = self._cache[key] = digest.hexdigest()[:16]
        return value

    def pseudonym(self, participant_id: int | None) -> str:
        return "" if participant_id is None else "P-" + self._hmac("participant", participant_id)

    def network(self, network_id: int | None) -> str:
        return "" if network_id is None else "N-" + self._hmac("network", network_id)

    def month(self, value: dt.date | dt.datetime | None) -> str:
        if not value:
            return ""
        key = (value.year, value.month)
        text = self._months.get(key)
        if text is None:
            text = self._months[key] = f"{value.year:04d}-{value.month:02d}"
        return text

    def age_band(self, birth_year: int | None) -> str:
        if not birth_year:
            return ""
        age = self.today.year - birth_year
        return next((label for low, high, label in AGE_BANDS if low <= age <= high), "")


Provider = Callable[[ExportContext], tuple[list[str], Iterable]]
TABLES: dict[str, tuple[str, Provider]] = {}
EDGE_PROVIDERS: list[Callable[[ExportContext], Iterable[tuple[int, int, dict]]]] = []


def register_table(key: str, title: str, provider: Provider) -> None:
    TABLES[key] = (title, provider)


def register_edges(provider) -> None:
    if provider not in EDGE_PROVIDERS:
        EDGE_PROVIDERS.append(provider)


# ----- foundation tables ---------------------------------------------------------------------------


def _participants(ctx: ExportContext):
    ids = ctx.participant_ids
    rows = [
        (
            ctx.pseudonym(pk),
            ctx.age_band(birth_year),
            invited_via,
            ctx.pseudonym(invited_by) if invited_by in ids else "",
        )
        for pk, birth_year, invited_via, invited_by in Participant.objects.filter(
            organisation_id=ctx.study.organisation_id
        ).values_list("id", "birth_year", "invited_via", "invited_by_participant_id")
        if pk in ids
    ]
    rows.sort()  # by pseudonym: row order reveals nothing about registration order
    return ["participant", "age_band", "invited_via", "invited_by"], rows


def _participations(ctx: ExportContext):
    ids = ctx.participant_ids
    rows = [
        (ctx.pseudonym(pid), ctx.network(nid), stage, ctx.month(first), ctx.month(since))
        for pid, nid, stage, first, since in Participation.objects.filter(
            network__organisation_id=ctx.study.organisation_id
        ).values_list("participant_id", "network_id", "stage", "first_visit", "stage_since")
        if pid in ids
    ]
    rows.sort()
    return ["participant", "network", "stage", "first_visit_month", "stage_since_month"], rows


def _route_events(ctx: ExportContext):
    ids = ctx.participant_ids
    rows = [
        (ctx.pseudonym(pid), ctx.network(nid), stage, ctx.month(date), reason, target, partner_kind or "")
        for pid, nid, stage, date, reason, target, partner_kind in RouteEvent.objects.filter(
            participation__network__organisation_id=ctx.study.organisation_id
        ).values_list(
            "participation__participant_id",
            "participation__network_id",
            "stage",
            "date",
            "dropout_reason",
            "referral_target",
            "partner__kind",
        )
        if pid in ids
    ]
    rows.sort(key=lambda r: (r[0], r[3]))
    return ["participant", "network", "step", "month", "dropout_reason", "referred_to", "partner_kind"], rows


def _networks(ctx: ExportContext):
    from networks.models import Network

    rows = [
        (ctx.network(pk), phase, ctx.month(start), target)
        for pk, phase, start, target in Network.objects.filter(
            organisation_id=ctx.study.organisation_id
        ).values_list("id", "phase", "start_date", "target_size")
    ]
    rows.sort()
    return ["network", "phase", "start_month", "target_size"], rows


def _invited_by_edges(ctx: ExportContext):
    ids = ctx.participant_ids
    for pk, invited_by in Participant.objects.filter(
        organisation_id=ctx.study.organisation_id, invited_by_participant_id__isnull=False
    ).values_list("id", "invited_by_participant_id"):
        if pk in ids and invited_by in ids:
            yield invited_by, pk, {"kind": "invited", "month": ""}


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


def tables(ctx: ExportContext) -> dict[str, tuple[str, list[str], list]]:
    """Every table in memory (for tests and small organisations; the export streams instead)."""
    out = {}
    for key, (title, provider) in TABLES.items():
        headers, rows = provider(ctx)
        out[key] = (title, headers, [list(r) for r in rows])
    return out


def formats() -> list[str]:
    return ["xlsx", "graphml", *TABLES]


def file_name(study: Study, fmt: str) -> tuple[str, str]:
    slug = f"onderzoek-{clean_text(study.name)[:40]}".replace(" ", "-").replace("/", "-")
    slug = "".join(c for c in slug if c.isalnum() or c in "-_")
    if fmt == "xlsx":
        return f"{slug}.xlsx", XLSX_TYPE
    if fmt == "graphml":
        return f"{slug}.graphml", GRAPHML_TYPE
    return f"{slug}-{fmt}.csv", CSV_TYPE


STEP_CONSENT = gettext_noop("Reading who agreed to research")
STEP_TABLES = gettext_noop("Writing the tables")
STEP_GRAPH = gettext_noop("Writing the network of ties")
STEP_SAVE = gettext_noop("Saving the file")


def write_export(ctx: ExportContext, fmt: str, out, progress=None) -> None:
    """Write the export in `fmt` (xlsx, graphml or a table's key for its CSV) into the binary file `out`,
    one table at a time. `progress(fraction, step)` is called between tables."""
    progress = progress or (lambda fraction, step: None)
    if fmt == "graphml":
        progress(0.05, STEP_GRAPH)
        write_graphml(ctx, out)
        return
    if fmt in TABLES:
        progress(0.05, STEP_TABLES)
        _title, provider = TABLES[fmt]
        headers, rows = provider(ctx)
        text = io.TextIOWrapper(out, encoding=CSV_ENCODING, newline="", write_through=False)
        write_csv(text, headers, rows)  # booleans as 1/0, as in the .xlsx
        text.flush()
        text.detach()
        return
    if fmt != "xlsx":
        raise ValueError(fmt)
    keys = list(TABLES)
    with XlsxBook(out) as book:
        for i, key in enumerate(keys):
            progress(0.05 + 0.9 * i / len(keys), STEP_TABLES)
            _title, provider = TABLES[key]
            headers, rows = provider(ctx)
            book.sheet(key, headers, rows)
            del rows
        progress(0.96, STEP_SAVE)


def to_xlsx_bytes(ctx: ExportContext) -> bytes:
    out = io.BytesIO()
    write_export(ctx, "xlsx", out)
    return out.getvalue()


def csv_bytes_for(ctx: ExportContext, key: str) -> bytes:
    out = io.BytesIO()
    write_export(ctx, key, out)
    return out.getvalue()


def write_graphml(ctx: ExportContext, out) -> None:
    """GraphML 1.0 (valid against its schema): a directed multigraph of pseudonyms, each edge with a
    unique id; node attribute `networks`, edge attributes `kind` and `month`."""
    ids = ctx.participant_ids
    networks: dict[int, list[str]] = {}
    for pid, nid in Participation.objects.filter(
        network__organisation_id=ctx.study.organisation_id
    ).values_list("participant_id", "network_id"):
        if pid in ids:
            networks.setdefault(pid, []).append(ctx.network(nid))

    def write(text: str) -> None:
        out.write(text.encode("utf-8"))

    write(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        '  <key id="d0" for="node" attr.name="networks" attr.type="string"/>\n'
        '  <key id="d1" for="edge" attr.name="kind" attr.type="string"/>\n'
        '  <key id="d2" for="edge" attr.name="month" attr.type="string"/>\n'
        '  <graph id="G" edgedefault="directed">\n'
    )
    for node in sorted((ctx.pseudonym(pk), pk) for pk in ids):
        write(
            f'    <node id={quoteattr(node[0])}><data key="d0">'
            f"{escape(' '.join(sorted(networks.get(node[1], []))))}</data></node>\n"
        )
    number = 0
    for provider in EDGE_PROVIDERS:
        for source, target, attributes in provider(ctx):
            if source not in ids or target not in ids:
                continue
            kind = escape(clean_text(str(attributes.get("kind", ""))))
            month = escape(clean_text(str(attributes.get("month", ""))))
            write(
                f'    <edge id="e{number}" source="{ctx.pseudonym(source)}" target="{ctx.pseudonym(target)}">'
                f'<data key="d1">{kind}</data><data key="d2">{month}</data></edge>\n'
            )
            number += 1
    write("  </graph>\n</graphml>\n")


def to_graphml(ctx: ExportContext) -> bytes:
    out = io.BytesIO()
    write_graphml(ctx, out)
    return out.getvalue()
