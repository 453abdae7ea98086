"""Charts of the paired analysis, described once with core.charts (SVG on the page, PNG in the .docx)."""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from core import charts
from evaluation.selectors import Analysis


def _difference_edges(diffs: list[float], step: float) -> list[float]:
    """Bins centred on whole (or half) points, so a difference of 0 has its own bar."""
    lo = math.floor(min(diffs, default=0) / step) * step
    hi = math.ceil(max(diffs, default=0) / step) * step
    count = round((hi - lo) / step) + 1
    return [lo - step / 2 + i * step for i in range(count + 1)]


LABEL_CHARS = 16  # what fits the label column of a paired-dot chart


def short_label(number: int, text: str) -> str:
    label = f"{number}. {text}"
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def analysis_charts(analysis: Analysis) -> dict:
    """{"items": chart of mean before -> now per item, "domain": histogram of the domain-mean differences,
    "per_item": [(label, paired dots per person, histogram of differences)]}, each as (svg, table)."""

    def pack(chart, row_header: str | None = None) -> dict:
        table = charts.chart_table(chart)
        if row_header:
            # The paired-dot x label names the score axis; the table's first column holds the rows.
            table.headers[0] = row_header
        return {"svg": charts.render_svg(chart), "table": table, "title": chart.title}

    described = analysis_chart_descriptions(analysis)
    out: dict = {"per_item": []}
    if "items" in described:
        out["items"] = pack(described["items"], row_header=_("Item"))
    if "domain" in described:
        out["domain"] = pack(described["domain"])
    for label, dots, histogram in described["per_item"]:
        out["per_item"].append((label, pack(dots, _("Person")), pack(histogram)))
    return out


def document_charts(analysis: Analysis) -> list[charts.Chart]:
    """The overview charts of the page (means per item, change in the domain mean), for documents.

    Not the per-item charts: a dot row per person grows with the organisation (hundreds of rows
    in a pooled report) and each PNG costs ~0.1 s in a report that is already the slowest export.
    """
    described = analysis_chart_descriptions(analysis)
    return [described[key] for key in ("items", "domain") if key in described]


def analysis_chart_descriptions(analysis: Analysis) -> dict:
    """The chart descriptions behind analysis_charts (same keys), for any renderer."""
    before, now = _("A year ago"), _("Now")
    out: dict = {"per_item": []}
    if not analysis.items:
        return out
    out["items"] = charts.PairedDotChart(
        title=_("Mean score per item, a year ago and now"),
        description=_("For each item the mean score a year ago (ring) and now (dot), on a scale of 0 to 10."),
        items=[
            charts.PairedItem(short_label(n, i.label), i.result.mean_before, i.result.mean_now)
            for n, i in enumerate(analysis.items, start=1)
        ],
        before_label=before,
        now_label=now,
        x_min=0,
        x_max=10,
        x_label=_("Score (0 to 10)"),
        chart_id="items",
    )
    diffs = [n - b for n, b in analysis.domain_pairs]
    if diffs:
        out["domain"] = charts.Histogram(
            title=_("Change in the domain mean per person"),
            description=_("How many people went down, stayed the same or went up, rounded to whole points."),
            values=diffs,
            bins=_difference_edges(diffs, 1),
            x_label=_("Difference (now minus a year ago)"),
            y_label=_("People"),
            chart_id="domain-diff",
        )
    for index, item in enumerate(analysis.items):
        if not item.pairs:
            continue
        ordered = sorted(item.pairs, key=lambda p: (p[1], p[0]))
        dots = charts.PairedDotChart(
            title=_("%(item)s: each person a year ago and now") % {"item": item.label},
            description=_("One row per person, sorted by the score a year ago."),
            items=[
                charts.PairedItem(_("Person %(n)s") % {"n": n}, b, a) for n, (a, b) in enumerate(ordered, 1)
            ],
            before_label=before,
            now_label=now,
            x_min=0,
            x_max=10,
            x_label=_("Score (0 to 10)"),
            chart_id=f"item-{index}",
        )
        item_diffs = [a - b for a, b in item.pairs]
        histogram = charts.Histogram(
            title=_("%(item)s: distribution of the differences") % {"item": item.label},
            description=_("How many people scored lower, the same or higher than a year ago."),
            values=item_diffs,
            bins=_difference_edges(item_diffs, 1),
            x_label=_("Difference (now minus a year ago)"),
            y_label=_("People"),
            chart_id=f"item-diff-{index}",
        )
        out["per_item"].append((f"{index + 1}. {item.label}", dots, histogram))
    return out
