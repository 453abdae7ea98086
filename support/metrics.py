"""The figures of a support network, computed with networkx from a directed graph.

Nodes are participants who belonged to the group during the period (plus anyone in a tie);
a directed edge giver -> receiver exists when at least one observation in the period has that
pair, with the number of observations as its weight. Support to "the group" is no edge: it
counts in the observation totals only (docs/support.md explains why).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _


def build_graph(nodes: Iterable[int], ties: Iterable[tuple[int, int]]) -> nx.DiGraph:
    """A directed graph; repeated giver -> receiver pairs add to the edge weight. Self-ties are refused."""
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    for giver, receiver in ties:
        if giver == receiver:
            raise ValueError("A participant cannot support themselves.")
        if graph.has_edge(giver, receiver):
            graph[giver][receiver]["weight"] += 1
        else:
            graph.add_edge(giver, receiver, weight=1)
    return graph


def mutual_pairs(graph: nx.DiGraph) -> set[frozenset[int]]:
    return {frozenset((u, v)) for u, v in graph.edges if graph.has_edge(v, u)}


def connected_pairs(graph: nx.DiGraph) -> set[frozenset[int]]:
    return {frozenset((u, v)) for u, v in graph.edges}


def freeman_degree_centralisation(graph: nx.DiGraph) -> float | None:
    """Freeman's degree centralisation on the undirected graph (a tie in either direction links two people).

    sum(max degree - degree of each node) / ((N - 1)(N - 2)): 1 for a star, 0 when everyone has the
    same number of contacts. Undefined below three participants.
    """
    undirected = graph.to_undirected(as_view=True)
    n = undirected.number_of_nodes()
    if n < 3:
        return None
    degrees = [d for _node, d in undirected.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


# Below this many cases (people, pairs, observations) a share says more about chance than about the
# group: one pair that helps each other once is "100% mutual". Plain pages then say "too little data";
# the technical table (behind "how computed") keeps the figure with its n.
MIN_FOR_A_SHARE = 5


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: float | int | None
    n: int
    n_label: str
    is_share: bool = False

    @property
    def display(self) -> str:
        if self.value is None:
            return "–"
        if self.is_share:
            return f"{round(self.value * 100)}%"
        if isinstance(self.value, float):
            return number_format(self.value, 2)
        return str(self.value)


def network_figures(
    graph: nx.DiGraph,
    *,
    structural: set[int],
    observations: int,
    outside_hours: int,
    group_observations: int,
) -> list[Figure]:
    """The figures a researcher expects, each with the n it is computed over."""
    nodes = graph.number_of_nodes()
    edges = graph.number_of_edges()
    tie_observations = sum(w for _u, _v, w in graph.edges(data="weight", default=1))
    connected = [node for node in graph if graph.degree(node) > 0]
    both = [node for node in graph if graph.in_degree(node) > 0 and graph.out_degree(node) > 0]
    mutual, pairs = len(mutual_pairs(graph)), len(connected_pairs(graph))
    structural_in_graph = [node for node in structural if node in graph]
    isolates = [node for node in structural_in_graph if graph.degree(node) == 0]
    return [
        Figure(
            "connected", _("participants with at least one tie"), len(connected), nodes, _("participants")
        ),
        Figure("ties", _("ties (who supports whom)"), edges, tie_observations, _("observed pairs")),
        Figure(
            "density",
            _("density of the directed network"),
            nx.density(graph) if nodes >= 2 else None,
            nodes,
            _("participants"),
            is_share=True,
        ),
        Figure(
            "reciprocity",
            _("reciprocity: share of ties that are returned"),
            nx.overall_reciprocity(graph) if edges else None,
            edges,
            _("ties"),
            is_share=True,
        ),
        Figure(
            "mutual_pairs",
            _("mutual pairs among connected pairs"),
            mutual / pairs if pairs else None,
            pairs,
            _("connected pairs"),
            is_share=True,
        ),
        Figure(
            "give_and_receive",
            _("participants who both give and receive"),
            len(both),
            len(connected),
            _("participants with a tie"),
        ),
        Figure(
            "structural_isolates",
            _("structural participants without a tie"),
            len(isolates),
            len(structural_in_graph),
            _("structural participants"),
        ),
        Figure(
            "outside_hours",
            _("observations outside the group's hours"),
            outside_hours / observations if observations else None,
            observations,
            _("observations"),
            is_share=True,
        ),
        Figure(
            "group_support",
            _("observations of support to the whole group"),
            group_observations,
            observations,
            _("observations"),
        ),
        Figure(
            "centralisation",
            _("degree centralisation (Freeman, undirected)"),
            freeman_degree_centralisation(graph),
            nodes,
            _("participants"),
        ),
    ]
