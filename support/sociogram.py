"""The sociogram as server-rendered SVG: deterministic, printable, readable on a 390px phone.

Participants sit on a circle (networkx circular layout, ordered by participant id, so the same
data always gives the same picture). One-way ties are thin grey arrows; mutual ties are one
thicker orange line with an arrowhead at both ends. Only presentation attributes are used (no
style attributes: CSP), so the picture prints and works without the stylesheet.
"""

from __future__ import annotations

import math

import networkx as nx
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

RADIUS = 180
NODE_R = 10
LABEL_GAP = 16
FONT_RADIAL = 20  # many participants: labels along the radius
FONT_FLAT = 22
ONE_WAY = "#4a5560"
MUTUAL = "#8a4b00"
NODE_TIE = "#0b5d5b"
NODE_NONE = "#ffffff"
NODE_LINE = "#0b5d5b"
LABEL = "#1b1f23"


def _size(labels: list[str], font: int) -> int:
    """Room for the circle and the longest label on both sides, so short initials give a bigger picture."""
    longest = max((len(label) for label in labels), default=1)
    return round(2 * (RADIUS + LABEL_GAP + 0.62 * font * longest + 10))


def _layout(graph: nx.DiGraph, size: int) -> dict[int, tuple[float, float]]:
    ordered = nx.DiGraph()
    ordered.add_nodes_from(sorted(graph.nodes))
    if len(ordered) == 1:
        return {next(iter(ordered)): (size / 2, size / 2)}
    pos = nx.circular_layout(ordered, scale=RADIUS, center=(size / 2, size / 2))
    return {node: (float(x), float(y)) for node, (x, y) in pos.items()}


def _shorten(x1: float, y1: float, x2: float, y2: float, by_start: float, by_end: float):
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    return x1 + ux * by_start, y1 + uy * by_start, x2 - ux * by_end, y2 - uy * by_end


def _width(weight: int) -> float:
    return 1.5 + min(weight, 6) * 0.5


def render_sociogram(
    graph: nx.DiGraph, labels: dict[int, str], *, title: str, desc: str, dom_id: str = "sociogram"
) -> SafeString:
    radial = graph.number_of_nodes() > 16
    font = FONT_RADIAL if radial else FONT_FLAT
    size = _size([labels.get(node, "?") for node in graph.nodes], font)
    pos = _layout(graph, size)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" class="sociogram" '
        f'role="img" aria-labelledby="{dom_id}-title {dom_id}-desc" font-family="system-ui, sans-serif">',
        f'<title id="{dom_id}-title">{escape(title)}</title>',
        f'<desc id="{dom_id}-desc">{escape(desc)}</desc>',
        "<defs>",
        f'<marker id="{dom_id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" markerHeight="11" '
        f'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{ONE_WAY}"/></marker>',
        f'<marker id="{dom_id}-arrow-mutual" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="13" '
        f'markerHeight="13" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{MUTUAL}"/></marker>',
        "</defs>",
        '<g class="ties">',
    ]
    drawn: set[frozenset[int]] = set()
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        pair = frozenset((u, v))
        if pair in drawn:
            continue
        drawn.add(pair)
        (x1, y1), (x2, y2) = pos[u], pos[v]
        gap = NODE_R + 2
        if graph.has_edge(v, u):
            weight = data["weight"] + graph[v][u]["weight"]
            a, b, c, d = _shorten(x1, y1, x2, y2, gap, gap)
            parts.append(
                f'<line x1="{a:.1f}" y1="{b:.1f}" x2="{c:.1f}" y2="{d:.1f}" stroke="{MUTUAL}" '
                f'stroke-width="{_width(weight) + 1:.1f}" marker-start="url(#{dom_id}-arrow-mutual)" '
                f'marker-end="url(#{dom_id}-arrow-mutual)"/>'
            )
        else:
            a, b, c, d = _shorten(x1, y1, x2, y2, gap, gap)
            parts.append(
                f'<line x1="{a:.1f}" y1="{b:.1f}" x2="{c:.1f}" y2="{d:.1f}" stroke="{ONE_WAY}" '
                f'stroke-width="{_width(data["weight"]):.1f}" marker-end="url(#{dom_id}-arrow)"/>'
            )
    parts.append("</g>")
    parts.append('<g class="people">')
    centre = size / 2
    for node in sorted(graph.nodes):
        x, y = pos[node]
        has_tie = graph.degree(node) > 0
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{NODE_R}" fill="{NODE_TIE if has_tie else NODE_NONE}" '
            f'stroke="{NODE_LINE}" stroke-width="2"/>'
        )
        angle = math.atan2(y - centre, x - centre)
        lx, ly = (
            centre + (RADIUS + LABEL_GAP) * math.cos(angle),
            centre + (RADIUS + LABEL_GAP) * math.sin(angle),
        )
        label = escape(labels.get(node, "?"))
        if radial:
            degrees = math.degrees(angle)
            left = abs(degrees) > 90
            rotate = degrees + 180 if left else degrees
            anchor = "end" if left else "start"
            parts.append(
                f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="{font}" fill="{LABEL}" text-anchor="{anchor}" '
                f'dominant-baseline="middle" transform="rotate({rotate:.1f} {lx:.1f} {ly:.1f})">{label}</text>'
            )
        else:
            cos = math.cos(angle)
            anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
            ly += 6 * math.sin(angle)
            parts.append(
                f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="{font}" fill="{LABEL}" text-anchor="{anchor}" '
                f'dominant-baseline="middle">{label}</text>'
            )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text node is escaped above  # nosec B308, B703
