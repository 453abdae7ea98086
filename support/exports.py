"""Research exports of the support network: GraphML (Gephi, Network Canvas, networkx, igraph, rustworkx)
and CSV (R, spreadsheets), written through core.files (GraphML 1.0 with true/false booleans and unique
edge ids; CSV in the Dutch Excel dialect with 1/0 booleans).

No names leave the app: participants become pseudonyms P01, P02, ... numbered by their internal
order within this export only, so two exports cannot be linked by pseudonym. Notes are left out.
Support to the whole group is a CSV row with receiver GROUP; it is no node in the GraphML graph,
just as in the figures on the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from core.files import csv_bytes, graphml_bytes
from networks.models import Network
from support.models import SupportKind
from support.selectors import load_observations, network_members, period_network

GROUP = "GROUP"
CSV_HEADERS = ["entry", "date", "giver", "receiver", "kind", "outside_hours"]


@dataclass
class ExportData:
    start: dt.date
    end: dt.date
    kind: str | None
    graph: nx.DiGraph  # nodes are pseudonyms
    rows: list[list[object]]  # entry, date, giver, receiver, kind, outside_hours (1/0)
    participant_ids: list[int]


def export_data(*, network: Network, start: dt.date, end: dt.date, kind: str | None) -> ExportData:
    members = network_members(network)
    observations = load_observations(network, start, end, kind)
    period = period_network(members=members, observations=observations, start=start, end=end, kind=kind)
    ids = sorted(set(period.graph.nodes) | {o.giver_id for o in observations})
    width = max(2, len(str(len(ids))))
    pseudonym = {pk: f"P{i:0{width}d}" for i, pk in enumerate(ids, start=1)}
    graph = nx.DiGraph(start=start.isoformat(), end=end.isoformat(), kind=kind or "all")
    for pk in ids:
        graph.add_node(pseudonym[pk], structural=pk in period.structural)
    for o in observations:
        for r in o.receiver_ids:
            u, v = pseudonym[o.giver_id], pseudonym[r]
            if not graph.has_edge(u, v):
                graph.add_edge(u, v, weight=0, outside_hours=0, **dict.fromkeys(SupportKind.values, 0))
            edge = graph[u][v]
            edge["weight"] += 1
            edge[o.kind] += 1
            edge["outside_hours"] += int(o.outside_hours)
    rows = []
    for entry, o in enumerate(sorted(observations, key=lambda o: (o.date, o.id)), start=1):
        receivers = [pseudonym[r] for r in o.receiver_ids] + ([GROUP] if o.to_group else [])
        for receiver in receivers:
            rows.append([entry, o.date, pseudonym[o.giver_id], receiver, o.kind, bool(o.outside_hours)])
    return ExportData(start, end, kind, graph, rows, ids)


def as_csv(data: ExportData) -> bytes:
    """Dutch Excel dialect (`;`, UTF-8 with BOM), ISO dates, outside_hours as 1/0."""
    return csv_bytes(CSV_HEADERS, data.rows)


def as_graphml(data: ExportData) -> bytes:
    return graphml_bytes(data.graph)
