"""The process evaluation as a .docx: the same tables and charts as the page (charts as PNG)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from core.charts import render_png
from quality.selectors import REACH, reach_labels


def _pct(value) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def process_docx(*, data: dict, charts: list) -> bytes:
    from docx import Document
    from docx.shared import Inches

    document = Document()
    document.add_heading(_("Process evaluation of the support networks"), level=0)
    totals = data["totals"]
    document.add_paragraph(
        _("Period %(start)s to %(end)s, %(n)s support networks. Made on %(today)s.") % {
            "start": data["start"].strftime("%d-%m-%Y"), "end": data["end"].strftime("%d-%m-%Y"),
            "n": totals["networks"], "today": timezone.localdate().strftime("%d-%m-%Y"),
        }
    )  # fmt: skip
    document.add_heading(_("Per network"), level=1)
    labels = reach_labels()
    headers = [_("Network"), _("phases on time"), _("preconditions met"), _("checklist 'yes'")]
    headers += [str(labels[k]) for k in REACH] + [_("interview change"), _("sub-goals achieved")]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(text)
    for row in data["rows"]:
        values = [
            row.network.name, f"{row.phases_on_time}/{row.phases_done}", str(row.preconditions_met),
            _pct(row.checklist_share), *[str(row.reach[k]) for k in REACH],
            "–" if row.interview_change is None else f"{row.interview_change:+.1f} (n={row.interview_n})",
            f"{row.goals_achieved}/{row.goals_rated}" if row.latest_evaluation else "–",
        ]  # fmt: skip
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    for chart, headers, rows in charts:
        document.add_heading(chart.title, level=1)
        document.add_picture(io.BytesIO(render_png(chart)), width=Inches(6))
        t = document.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, headers, strict=True):
            cell.text = str(text)
        for values in rows:
            for cell, text in zip(t.add_row().cells, values, strict=True):
                cell.text = str(text)
    document.add_heading(_("Recommendations"), level=1)
    for network, evaluation in data["recommendations"]:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{network.name}, {evaluation['date']:%d-%m-%Y}: ").bold = True
        paragraph.add_run(evaluation["recommendations"])
    if not data["recommendations"]:
        document.add_paragraph(_("No recommendations recorded in this period."))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
