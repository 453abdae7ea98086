"""The quarterly figures table's rows, written out in Python (every value escaped).

Eight quarters of nine figures, each with its n, cost more to render through the template
engine than to compute once remembered (docs/performance.md); the markup is the template's.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()

QUARTER_COLUMNS = (
    "connected",
    "ties",
    "density",
    "reciprocity",
    "mutual_pairs",
    "give_and_receive",
    "structural_isolates",
    "outside_hours",
    "centralisation",
)


@register.simple_tag
def quarter_rows(quarters) -> SafeString:
    rows = []
    for row in quarters:
        cells = "".join(
            f'<td>{escape(row.figures[key].display)} <span class="n">n={escape(row.figures[key].n)}</span></td>'
            for key in QUARTER_COLUMNS
        )
        rows.append(f'<tr><th scope="row">{escape(row.label)}</th>{cells}</tr>')
    return mark_safe("".join(rows))  # nosec B308, B703 - every value above went through escape()


# The plain table a social worker reads first: counts in words ("3 of 7"), no n, no technical terms.
# (key, how the count is read from the figure) per column; shares are turned back into counts.
PLAIN_COLUMNS = ("connected", "mutual_pairs", "give_and_receive", "structural_isolates", "outside_hours")


def _plain_cell(figure) -> str:
    """'3 of 7', or 'too little data' when the figure rests on fewer than MIN_FOR_A_SHARE cases."""
    from support.metrics import MIN_FOR_A_SHARE

    if figure.n < MIN_FOR_A_SHARE or figure.value is None:
        return escape(gettext("too little data"))
    count = round(figure.value * figure.n) if figure.is_share else figure.value
    return escape(gettext("%(count)s of %(n)s") % {"count": count, "n": figure.n})


@register.simple_tag
def plain_quarter_rows(quarters) -> SafeString:
    rows = []
    for row in quarters:
        cells = "".join(f"<td>{_plain_cell(row.figures[key])}</td>" for key in PLAIN_COLUMNS)
        rows.append(f'<tr><th scope="row">{escape(row.label)}</th>{cells}</tr>')
    return mark_safe("".join(rows))  # nosec B308, B703 - every value above went through escape()


@register.simple_tag
def min_for_a_share() -> int:
    from support.metrics import MIN_FOR_A_SHARE

    return MIN_FOR_A_SHARE
