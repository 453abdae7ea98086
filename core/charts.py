"""One chart description, two renderers: SVG for pages, PNG for documents.

Describe a chart with the dataclasses below, then
- ``render_svg(chart)`` gives an accessible inline SVG (role="img", <title>, <desc>, a viewBox so it
  scales down to a 390px phone, no inline style attributes so the CSP allows it, prints in black and
  white thanks to dash patterns and hollow/filled markers). Hand-written and fast: no matplotlib on
  the page path.
- ``render_png(chart)`` draws the SAME description with matplotlib (Agg) for .docx documents.
- ``chart_table(chart)`` gives the numbers as headers + rows, the text alternative every chart on a
  page needs next to it (e.g. in a <details> table).

The module holds no user-facing strings of its own: titles, descriptions and axis labels come from
the caller, already translated.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.dates import MONTHS_3
from django.utils.formats import get_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = float | int

# Colours pass WCAG AA contrast on white; dash patterns keep series apart in print and for
# colour-blind readers.
PALETTE = ("#0b5d5b", "#8a4b00", "#0a4f9e", "#6b2d8a", "#a1262b", "#1d6b2f")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
REFERENCE_COLOUR = "#4a5560"


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Number | None]  # aligned with the chart's x_labels; None leaves a gap


@dataclass(frozen=True)
class ReferenceLine:
    """A horizontal target or expectation, e.g. 'target 15 participants'."""

    value: Number
    label: str


@dataclass(frozen=True)
class LineChart:
    title: str
    description: str
    x_labels: Sequence[str]
    series: Sequence[Series]
    references: Sequence[ReferenceLine] = ()
    x_label: str = ""
    y_label: str = ""
    y_min: Number | None = 0
    y_max: Number | None = None
    chart_id: str = ""


@dataclass(frozen=True)
class BarChart:
    """One bar per label. ``horizontal`` suits long labels such as names."""

    title: str
    description: str
    labels: Sequence[str]
    values: Sequence[Number]
    references: Sequence[ReferenceLine] = ()
    x_label: str = ""
    y_label: str = ""
    horizontal: bool = False
    y_max: Number | None = None
    value_suffix: str = ""  # e.g. "%" printed after each bar's value
    chart_id: str = ""


@dataclass(frozen=True)
class PairedItem:
    label: str
    before: Number | None
    now: Number | None


@dataclass(frozen=True)
class PairedDotChart:
    """Before → now per item (e.g. a retrospective post-then-pre score per question)."""

    title: str
    description: str
    items: Sequence[PairedItem]
    before_label: str
    now_label: str
    x_min: Number | None = None
    x_max: Number | None = None
    x_label: str = ""
    chart_id: str = ""


@dataclass(frozen=True)
class Histogram:
    """Counts of ``values`` per bin; ``bins`` is a number of equal bins or explicit edges."""

    title: str
    description: str
    values: Sequence[Number]
    bins: int | Sequence[Number] = 10
    x_label: str = ""
    y_label: str = ""
    chart_id: str = ""


Chart = LineChart | BarChart | PairedDotChart | Histogram


@dataclass(frozen=True)
class ChartTable:
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def body_html(self) -> SafeString:
        """<thead> and <tbody>, every cell escaped; the first cell of a row is its header.

        Written here rather than in a template loop: a three-year weekly chart has 156 rows, and the
        dashboard's tables cost more to render through the template engine than the charts themselves.
        """
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in self.headers)
        body = "".join(
            "<tr>"
            + "".join(
                f'<th scope="row">{escape(cell)}</th>' if i == 0 else f"<td>{escape(cell)}</td>"
                for i, cell in enumerate(row)
            )
            + "</tr>"
            for row in self.rows
        )
        return mark_safe(f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>")  # nosec B308, B703 - escaped


# ---------------------------------------------------------------------------------------------
# Shared helpers


def fmt(value: Number | None) -> str:
    """A number for people: integers without decimals, others with one, localised separator.

    The same text as Django's number_format, without its per-call format lookups: a dashboard
    formats some 450 numbers (docs/performance.md).
    """
    if value is None:
        return "–"
    number = float(value)
    if settings.USE_THOUSAND_SEPARATOR:  # grouping depends on the locale: leave it to Django
        return number_format(int(number)) if number.is_integer() else number_format(round(number, 1), 1)
    if number.is_integer():
        return str(int(number))
    return f"{round(number, 1):.1f}".replace(".", _decimal_separator(translation.get_language()))


@functools.lru_cache(maxsize=16)
def _decimal_separator(language: str | None) -> str:
    return str(get_format("DECIMAL_SEPARATOR"))


def day_month(day: dt.date) -> str:
    """'3 mrt' / '3 Mar': a date as an axis label, without Django's formatter per call. Dutch writes
    months in lowercase (Django's 'j M' capitalises them: '3 Mrt'); English capitalises them."""
    month = str(MONTHS_3[day.month])
    return f"{day.day} {month if (translation.get_language() or '').startswith('nl') else month.title()}"


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering lo..hi (1, 2, 2.5 or 5 times a power of ten)."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    value = start
    while value < hi + step * 0.5:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < hi:
        ticks.append(round(value, 10))
    return ticks


def histogram_counts(chart: Histogram) -> tuple[list[float], list[int]]:
    values = [float(v) for v in chart.values]
    if isinstance(chart.bins, int):
        lo = min(values, default=0.0)
        hi = max(values, default=1.0)
        if hi == lo:
            hi = lo + 1
        width = (hi - lo) / chart.bins
        edges = [lo + i * width for i in range(chart.bins)] + [hi]
    else:
        edges = [float(e) for e in chart.bins]
    counts = [0] * (len(edges) - 1)
    for value in values:
        for i in range(len(counts)):
            last = i == len(counts) - 1
            if edges[i] <= value < edges[i + 1] or (last and value == edges[i + 1]):
                counts[i] += 1
                break
    return edges, counts


def chart_table(chart: Chart) -> ChartTable:
    """The chart's numbers as a table: the text alternative shown next to the picture."""
    if isinstance(chart, LineChart):
        headers = [chart.x_label] + [s.label for s in chart.series]
        headers += [r.label for r in chart.references]
        rows = []
        for i, x in enumerate(chart.x_labels):
            row = [x] + [fmt(s.values[i] if i < len(s.values) else None) for s in chart.series]
            row += [fmt(r.value) for r in chart.references]
            rows.append(row)
        return ChartTable(headers, rows)
    if isinstance(chart, BarChart):
        rows = [
            [label, fmt(value) + chart.value_suffix]
            for label, value in zip(chart.labels, chart.values, strict=False)
        ]
        rows += [[r.label, fmt(r.value) + chart.value_suffix] for r in chart.references]
        return ChartTable([chart.x_label, chart.y_label], rows)
    if isinstance(chart, PairedDotChart):
        rows = [[item.label, fmt(item.before), fmt(item.now)] for item in chart.items]
        return ChartTable([chart.x_label, chart.before_label, chart.now_label], rows)
    if isinstance(chart, Histogram):
        edges, counts = histogram_counts(chart)
        rows = [[f"{fmt(edges[i])}–{fmt(edges[i + 1])}", fmt(c)] for i, c in enumerate(counts)]
        return ChartTable([chart.x_label, chart.y_label], rows)
    raise TypeError(f"not a chart: {type(chart).__name__}")


def _chart_id(chart: Chart) -> str:
    if chart.chart_id:
        return chart.chart_id
    # Deterministic, so the same page renders the same markup (handy for caching and tests).
    digest = hashlib.sha1(repr(chart).encode(), usedforsecurity=False).hexdigest()[:8]
    return f"chart-{digest}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# SVG

WIDTH = 400  # viewBox units; with font-size 12 text stays readable when scaled to a 360px column
FONT = 12


class _Svg:
    def __init__(self, chart: Chart, height: int):
        self.chart = chart
        self.height = height
        self.parts: list[str] = []

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        anchor: str = "start",
        css: str = "",
        size: int = FONT,
        fill: str = "#1b1f23",
    ) -> None:
        cls = f' class="{css}"' if css else ""
        self.add(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}"{cls}>'
            f"{escape(content)}</text>"
        )

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        *,
        stroke: str = "#c9d1d9",
        width: float = 1,
        dash: str = "",
        css: str = "",
    ) -> None:
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        extra += f' class="{css}"' if css else ""
        self.add(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
            f'stroke-width="{width}"{extra}/>'
        )

    def legend(self, entries: list[tuple[str, str, str, str]], y: float) -> float:
        """entries: (label, colour, dash, kind) with kind 'line', 'box', 'dot' or 'ring'. Returns next y."""
        x = 8.0
        for label, colour, dash, kind in entries:
            width_needed = 24 + len(label) * FONT * 0.55
            if x + width_needed > WIDTH - 4 and x > 8:
                x = 8.0
                y += FONT + 6
            if kind == "line":
                self.line(x, y - 4, x + 18, y - 4, stroke=colour, width=2.5, dash=dash)
            elif kind == "box":
                self.add(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>')
            elif kind == "dot":
                self.add(f'<circle cx="{x + 6:.1f}" cy="{y - 4:.1f}" r="5" fill="{colour}"/>')
            else:
                self.add(
                    f'<circle cx="{x + 6:.1f}" cy="{y - 4:.1f}" r="4.5" fill="#ffffff" stroke="{colour}" '
                    'stroke-width="2"/>'
                )
            self.text(x + 22, y, label)
            x += width_needed + 10
        return y + FONT + 8

    def render(self) -> SafeString:
        chart_id = _chart_id(self.chart)
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {self.height}" class="chart" '
            f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}" '
            'preserveAspectRatio="xMidYMid meet" font-family="system-ui, sans-serif">'
            f'<title id="{chart_id}-title">{escape(self.chart.title)}</title>'
            f'<desc id="{chart_id}-desc">{escape(self.chart.description)}</desc>'
            f'<rect x="0" y="0" width="{WIDTH}" height="{self.height}" fill="#ffffff"/>'
        )
        return mark_safe(head + "".join(self.parts) + "</svg>")  # noqa: S308 - every text is escaped above  # nosec B308, B703


def _y_axis(svg: _Svg, ticks: list[float], left: float, right: float, scale, label: str, top: float) -> None:
    for tick in ticks:
        y = scale(tick)
        svg.line(left, y, right, y, stroke="#e3e8ec")
        svg.text(left - 4, y + 4, fmt(tick), anchor="end", size=11, fill="#4a5560")
    if label:
        svg.text(left - 30, top - 12, label, size=11, fill="#4a5560")


def _x_label_step(count: int, plot_width: float) -> int:
    """Show every nth x label so labels do not overlap on a narrow viewBox."""
    fits = max(int(plot_width // 42), 1)
    return max(math.ceil(count / fits), 1)


def _svg_line(chart: LineChart) -> SafeString:
    legend_entries = [
        (s.label, PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)], "line")
        for i, s in enumerate(chart.series)
    ]
    legend_entries += [(r.label, REFERENCE_COLOUR, "5 4", "line") for r in chart.references]
    svg = _Svg(chart, 260)
    top = svg.legend(legend_entries, 16) + 10
    left, right, bottom = 40.0, WIDTH - 10.0, 260 - 34.0
    values = [v for s in chart.series for v in s.values if v is not None] + [
        r.value for r in chart.references
    ]
    lo = chart.y_min if chart.y_min is not None else min(values, default=0)
    hi = chart.y_max if chart.y_max is not None else max(values, default=1)
    ticks = nice_ticks(float(lo), float(hi))
    lo, hi = ticks[0], ticks[-1]

    def y_of(v: float) -> float:
        return bottom - (float(v) - lo) / (hi - lo) * (bottom - top)

    count = len(chart.x_labels)

    def x_of(i: int) -> float:
        return left + (i + 0.5) * (right - left) / max(count, 1)

    _y_axis(svg, ticks, left, right, y_of, chart.y_label, top)
    svg.line(left, bottom, right, bottom, stroke="#6b7682")
    step = _x_label_step(count, right - left)
    for i, x_label in enumerate(chart.x_labels):
        if i % step == 0:
            svg.text(x_of(i), bottom + 14, _shorten(x_label, 8), anchor="middle", size=10, fill="#4a5560")
    if chart.x_label:
        svg.text((left + right) / 2, bottom + 30, chart.x_label, anchor="middle", size=11, fill="#4a5560")
    for ref in chart.references:
        y = y_of(ref.value)
        svg.line(left, y, right, y, stroke=REFERENCE_COLOUR, width=1.5, dash="5 4", css="chart-reference")
    markers = count <= 40
    for index, series in enumerate(chart.series):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(series.values):
            if value is None:
                runs.append([])
            else:
                runs[-1].append((x_of(i), y_of(value)))
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                svg.add(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5" '
                    f'stroke-linejoin="round"{dash_attr} class="chart-series"/>'
                )
            if markers or len(run) == 1:
                for x, y in run:
                    svg.add(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>')
    return svg.render()


def _svg_bar(chart: BarChart) -> SafeString:
    legend_entries = [(r.label, REFERENCE_COLOUR, "5 4", "line") for r in chart.references]
    values = [float(v) for v in chart.values] + [float(r.value) for r in chart.references]
    hi = chart.y_max if chart.y_max is not None else max(values, default=1)
    ticks = nice_ticks(0.0, float(hi) or 1.0)
    top_value = ticks[-1]
    colour = PALETTE[0]
    if chart.horizontal:
        row = 22
        height = int(30 + row * len(chart.labels) + 30 + (FONT + 8 if legend_entries else 0))
        svg = _Svg(chart, height)
        top = svg.legend(legend_entries, 16) if legend_entries else 12.0
        left, right = 130.0, WIDTH - 40.0
        bottom = top + row * len(chart.labels)

        def x_of(v: float) -> float:
            return left + float(v) / top_value * (right - left)

        for tick in ticks:
            svg.line(x_of(tick), top, x_of(tick), bottom, stroke="#e3e8ec")
            svg.text(x_of(tick), bottom + 14, fmt(tick), anchor="middle", size=11, fill="#4a5560")
        for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=False)):
            y = top + i * row
            svg.text(left - 6, y + 15, _shorten(label, 17), anchor="end")
            width = max(x_of(value) - left, 0)
            svg.add(
                f'<rect x="{left:.1f}" y="{y + 4:.1f}" width="{width:.1f}" height="{row - 8}" fill="{colour}"/>'
            )
            svg.text(left + width + 4, y + 15, fmt(value) + chart.value_suffix, size=11)
        for ref in chart.references:
            svg.line(
                x_of(ref.value),
                top,
                x_of(ref.value),
                bottom,
                stroke=REFERENCE_COLOUR,
                width=1.5,
                dash="5 4",
                css="chart-reference",
            )
        svg.line(left, top, left, bottom, stroke="#6b7682")
        if chart.y_label:
            svg.text((left + right) / 2, bottom + 28, chart.y_label, anchor="middle", size=11, fill="#4a5560")
        return svg.render()

    svg = _Svg(chart, 260)
    top = (svg.legend(legend_entries, 16) if legend_entries else 12.0) + 10
    left, right, bottom = 40.0, WIDTH - 10.0, 260 - 34.0
    count = max(len(chart.labels), 1)

    def y_of(v: float) -> float:
        return bottom - float(v) / top_value * (bottom - top)

    _y_axis(svg, ticks, left, right, y_of, chart.y_label, top)
    slot = (right - left) / count
    step = _x_label_step(count, right - left)
    for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=False)):
        x = left + i * slot + slot * 0.15
        y = y_of(value)
        svg.add(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bottom - y:.1f}" fill="{colour}"/>'
        )
        if count <= 12:
            svg.text(x + slot * 0.35, y - 3, fmt(value) + chart.value_suffix, anchor="middle", size=11)
        if i % step == 0:
            svg.text(
                x + slot * 0.35,
                bottom + 14,
                _shorten(label, max(int(slot * step / 6.5), 6)),
                anchor="middle",
                size=10,
                fill="#4a5560",
            )
    for ref in chart.references:
        y = y_of(ref.value)
        svg.line(left, y, right, y, stroke=REFERENCE_COLOUR, width=1.5, dash="5 4", css="chart-reference")
    svg.line(left, bottom, right, bottom, stroke="#6b7682")
    if chart.x_label:
        svg.text((left + right) / 2, bottom + 30, chart.x_label, anchor="middle", size=11, fill="#4a5560")
    return svg.render()


def _svg_paired(chart: PairedDotChart) -> SafeString:
    row = 24
    legend_entries = [(chart.before_label, PALETTE[1], "", "ring"), (chart.now_label, PALETTE[0], "", "dot")]
    height = int(36 + row * len(chart.items) + 30)
    svg = _Svg(chart, height)
    top = svg.legend(legend_entries, 16)
    values = [float(v) for item in chart.items for v in (item.before, item.now) if v is not None]
    lo = float(chart.x_min) if chart.x_min is not None else min(values, default=0.0)
    hi = float(chart.x_max) if chart.x_max is not None else max(values, default=1.0)
    ticks = nice_ticks(lo, hi)
    if chart.x_min is None or chart.x_max is None:
        lo, hi = ticks[0], ticks[-1]
    ticks = [t for t in ticks if lo <= t <= hi]
    left, right = 140.0, WIDTH - 16.0
    bottom = top + row * len(chart.items)

    def x_of(v: float) -> float:
        return left + (float(v) - lo) / ((hi - lo) or 1) * (right - left)

    for tick in ticks:
        svg.line(x_of(tick), top, x_of(tick), bottom, stroke="#e3e8ec")
        svg.text(x_of(tick), bottom + 14, fmt(tick), anchor="middle", size=11, fill="#4a5560")
    for i, item in enumerate(chart.items):
        y = top + i * row + row / 2
        svg.text(left - 8, y + 4, _shorten(item.label, 19), anchor="end")
        if item.before is not None and item.now is not None:
            svg.line(x_of(item.before), y, x_of(item.now), y, stroke="#6b7682", width=2)
        if item.before is not None:
            svg.add(
                f'<circle cx="{x_of(item.before):.1f}" cy="{y:.1f}" r="5" fill="#ffffff" stroke="{PALETTE[1]}" '
                'stroke-width="2" class="chart-before"/>'
            )
        if item.now is not None:
            svg.add(
                f'<circle cx="{x_of(item.now):.1f}" cy="{y:.1f}" r="5.5" fill="{PALETTE[0]}" class="chart-now"/>'
            )
    if chart.x_label:
        svg.text((left + right) / 2, bottom + 28, chart.x_label, anchor="middle", size=11, fill="#4a5560")
    return svg.render()


def _svg_histogram(chart: Histogram) -> SafeString:
    edges, counts = histogram_counts(chart)
    svg = _Svg(chart, 250)
    top, left, right, bottom = 34.0, 40.0, WIDTH - 14.0, 250 - 34.0
    ticks = nice_ticks(0.0, float(max(counts, default=1) or 1))
    top_value = ticks[-1]
    lo, hi = edges[0], edges[-1]

    def x_of(v: float) -> float:
        return left + (v - lo) / ((hi - lo) or 1) * (right - left)

    def y_of(v: float) -> float:
        return bottom - v / top_value * (bottom - top)

    _y_axis(svg, [t for t in ticks if float(t).is_integer()], left, right, y_of, chart.y_label, top)
    for i, count in enumerate(counts):
        x1, x2 = x_of(edges[i]), x_of(edges[i + 1])
        y = y_of(count)
        svg.add(
            f'<rect x="{x1:.1f}" y="{y:.1f}" width="{max(x2 - x1 - 1, 0.5):.1f}" height="{bottom - y:.1f}" '
            f'fill="{PALETTE[0]}"/>'
        )
    step = _x_label_step(len(edges), right - left)
    for i, edge in enumerate(edges):
        if i % step == 0 or i == len(edges) - 1:
            svg.text(x_of(edge), bottom + 14, fmt(edge), anchor="middle", size=10, fill="#4a5560")
    svg.line(left, bottom, right, bottom, stroke="#6b7682")
    if chart.x_label:
        svg.text((left + right) / 2, bottom + 30, chart.x_label, anchor="middle", size=11, fill="#4a5560")
    return svg.render()


def render_svg(chart: Chart) -> SafeString:
    """Inline SVG markup for a page; put ``chart_table(chart)`` next to it as the text alternative."""
    if isinstance(chart, LineChart):
        return _svg_line(chart)
    if isinstance(chart, BarChart):
        return _svg_bar(chart)
    if isinstance(chart, PairedDotChart):
        return _svg_paired(chart)
    if isinstance(chart, Histogram):
        return _svg_histogram(chart)
    raise TypeError(f"not a chart: {type(chart).__name__}")


# ---------------------------------------------------------------------------------------------
# PNG (documents)


def _mpl_dash(dash: str):
    if not dash:
        return "solid"
    return (0, tuple(float(part) for part in dash.split()))


def render_png(chart: Chart, *, width_inches: float = 6.0, dpi: int = 150) -> bytes:
    """PNG bytes of the same chart, for Word documents. Imports matplotlib only when called."""
    import textwrap

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    def wrap(label: str, width: int = 38) -> str:  # whole labels on lines of their own, never cut
        return "\n".join(textwrap.wrap(str(label), width)) or str(label)

    rows = len(chart.labels) if isinstance(chart, BarChart) and chart.horizontal else 0
    rows = len(chart.items) if isinstance(chart, PairedDotChart) else rows
    labels = chart.labels if isinstance(chart, BarChart) else [i.label for i in getattr(chart, "items", ())]
    lines = sum(max(1, len(wrap(label).splitlines())) for label in labels) if rows else 0
    title = "\n".join(textwrap.wrap(chart.title, int(9 * width_inches)))
    height = max(3.2, 1.2 + 0.22 * lines + 0.12 * rows + 0.2 * title.count("\n"))
    figure = Figure(figsize=(width_inches, height), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    axes.set_title(title, fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)

    if isinstance(chart, LineChart):
        xs = list(range(len(chart.x_labels)))
        for i, series in enumerate(chart.series):
            ys = [math.nan if v is None else float(v) for v in series.values]
            axes.plot(
                xs[: len(ys)],
                ys,
                label=series.label,
                color=PALETTE[i % len(PALETTE)],
                linestyle=_mpl_dash(DASHES[i % len(DASHES)]),
                linewidth=2,
                marker="o" if len(xs) <= 40 else None,
                markersize=3,
            )
        for ref in chart.references:
            axes.axhline(
                float(ref.value), color=REFERENCE_COLOUR, linestyle="--", linewidth=1.5, label=ref.label
            )
        step = _x_label_step(len(xs), 500)
        axes.set_xticks(
            xs[::step], [chart.x_labels[i] for i in xs[::step]], rotation=45, ha="right", fontsize=8
        )
        if chart.y_min is not None:
            axes.set_ylim(bottom=float(chart.y_min))
        if chart.y_max is not None:
            axes.set_ylim(top=float(chart.y_max))
        axes.set_xlabel(chart.x_label)
        axes.set_ylabel(chart.y_label)
        if chart.series or chart.references:
            axes.legend(fontsize=8, frameon=False)
    elif isinstance(chart, BarChart):
        positions = list(range(len(chart.labels)))
        values = [float(v) for v in chart.values]
        if chart.horizontal:
            axes.barh(positions, values, color=PALETTE[0])
            axes.set_yticks(positions, [wrap(label) for label in chart.labels], fontsize=8)
            axes.invert_yaxis()
            for ref in chart.references:
                axes.axvline(float(ref.value), color=REFERENCE_COLOUR, linestyle="--", label=ref.label)
            axes.set_xlabel(chart.y_label)
        else:
            axes.bar(positions, values, color=PALETTE[0])
            axes.set_xticks(
                positions,
                list(chart.labels),
                rotation=45 if len(positions) > 6 else 0,
                ha="right" if len(positions) > 6 else "center",
                fontsize=8,
            )
            for ref in chart.references:
                axes.axhline(float(ref.value), color=REFERENCE_COLOUR, linestyle="--", label=ref.label)
            axes.set_xlabel(chart.x_label)
            axes.set_ylabel(chart.y_label)
        if chart.references:
            axes.legend(fontsize=8, frameon=False)
        if all(float(v).is_integer() for v in values):  # counts tick at whole numbers, not 0.2, 0.4
            (axes.xaxis if chart.horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))
    elif isinstance(chart, PairedDotChart):
        positions = list(range(len(chart.items)))
        for pos, item in zip(positions, chart.items, strict=True):
            if item.before is not None and item.now is not None:
                axes.plot([float(item.before), float(item.now)], [pos, pos], color="#6b7682", linewidth=1.5)
        before = [
            (p, float(i.before)) for p, i in zip(positions, chart.items, strict=True) if i.before is not None
        ]
        now = [(p, float(i.now)) for p, i in zip(positions, chart.items, strict=True) if i.now is not None]
        axes.scatter(
            [v for _, v in before],
            [p for p, _ in before],
            facecolors="white",
            edgecolors=PALETTE[1],
            linewidths=1.5,
            s=40,
            label=chart.before_label,
            zorder=3,
        )
        axes.scatter(
            [v for _, v in now], [p for p, _ in now], color=PALETTE[0], s=44, label=chart.now_label, zorder=4
        )
        axes.set_yticks(positions, [wrap(item.label) for item in chart.items], fontsize=8)
        axes.invert_yaxis()
        if chart.x_min is not None and chart.x_max is not None:
            axes.set_xlim(float(chart.x_min), float(chart.x_max))
        axes.set_xlabel(chart.x_label)
        if chart.items:
            axes.legend(fontsize=8, frameon=False)
    elif isinstance(chart, Histogram):
        edges, counts = histogram_counts(chart)
        axes.stairs(counts, edges, fill=True, color=PALETTE[0])
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel(chart.x_label)
        axes.set_ylabel(chart.y_label)
    else:
        raise TypeError(f"not a chart: {type(chart).__name__}")

    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
