"""The quarterly figures table's rows, written out in Python (every value escaped).

Eight quarters of nine figures, each with its n, cost more to render through the template
engine than to compute once remembered (docs/performance.md); the markup is the template's.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

QUARTER_COLUMNS = (
    "connected", "ties", "density", "reciprocity", "mutual_pairs", "give_and_receive",
    "structural_isolates", "outside_hours", "centralisation",
)  # fmt: skip


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
