"""Reports an organisation hands over, as .docx through core.reports (Dutch, A4, header, page numbers):

- the process evaluation across networks: everything its page shows, charts with their numbers;
- the evaluation of one network (one-year, final or yearly): sub-goals a-i with their evidence, what
  the app knows of the year (participants per stage, sessions and presence, the route, the support
  network with its sociogram and reciprocity, the evaluation conversations and their themes), success
  and failure factors and recommendations.

No participant names: the sociogram numbers people (P1, P2, ...) per document; themes are counts.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from core.charts import BarChart, fmt
from core.formatting import localised
from core.reports import Report, dutch_date, period_text
from quality import catalogue
from quality.models import EvaluationStatus, GoalResult
from quality.selectors import REACH, reach_labels


def _pct(value) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def process_docx(*, data: dict, charts: list, organisation: str, author: str) -> bytes:
    totals = data["totals"]
    report = Report(
        title=_("Process evaluation of the support networks"),
        organisation=organisation,
        period=period_text(data["start"], data["end"]),
        author=author,
        subject=_("Process evaluation"),
    )
    report.heading(_("Method"), 1)
    report.paragraph(
        _(
            "This report brings together what the organisation recorded about its support networks in the "
            "period: the phases of each network, the preconditions and checklist reflections (carried out as "
            "planned?), the route of participants (reach), the evaluation conversations with participants "
            "(appreciation and yield) and the network evaluations with the group (sub-goals, success and "
            "failure factors, recommendations). %(n)s support networks are included."
        )
        % {"n": totals["networks"]}
    )
    report.heading(_("Carried out as planned?"), 1)
    report.bullets(
        [
            _("%(a)s of %(b)s finished phases took no longer than planned.")
            % {"a": totals["phases_on_time"], "b": totals["phases_done"]},
            _("%(a)s of %(b)s preconditions met.")
            % {"a": totals["preconditions_met"], "b": totals["preconditions_total"]},
            _("Checklist: %(a)s of %(b)s answers 'yes' in the latest reflections.")
            % {"a": totals["checklist_yes"], "b": totals["checklist_answered"]}
            if totals["checklist_share"] is not None
            else _("No checklist reflections in this period."),
        ]
    )
    by_id = {chart.chart_id: (chart, headers, rows) for chart, headers, rows in charts}
    report.heading(_("Reach"), 1)
    if "reach" in by_id:
        report.chart(*by_id["reach"])
    report.heading(_("Appreciation and yield"), 1)
    if totals["interview_change"] is not None:
        report.paragraph(
            _(
                "Evaluation interviews: the score on 'taking part' (per person the mean over the items) changed "
                "by %(c)s points on average (now minus a year ago), over %(n)s participants with an agreed "
                "interview in this period. Someone interviewed more than once counts once, with their latest "
                "agreed interview."
            )
            % {"c": localised(totals["interview_change"], 1), "n": totals["interview_n"]}
        )
        p = totals["interview"].wilcoxon_p if totals["interview"] else None
        if p is not None:
            report.paragraph(
                _("Wilcoxon signed-rank test: p < 0.001.")
                if p < 0.001
                else _("Wilcoxon signed-rank test: p = %(p)s.") % {"p": localised(p, 3)}
            )
    else:
        report.paragraph(_("No evaluation interviews agreed in this period."))
    report.paragraph(
        _("%(e)s of %(n)s networks have a final evaluation in this period.")
        % {"e": totals["evaluated"], "n": totals["networks"]}
    )
    if "goals" in by_id:
        report.chart(*by_id["goals"])
    report.table(
        [_("Sub-goal"), _("achieved"), _("partly achieved"), _("not achieved")],
        [[f"{letter}. {text}", a, p, n] for letter, text, a, p, n in data["goals"]],
    )
    report.heading(_("Success and failure factors"), 1)
    for key in ("success", "failure"):
        if key in by_id:
            report.chart(*by_id[key])
    report.heading(_("Per network"), 1)
    labels = reach_labels()
    headers = [_("Network"), _("phases on time"), _("preconditions met"), _("checklist 'yes'")]
    headers += [str(labels[k]) for k in REACH] + [_("interview change"), _("sub-goals achieved")]
    rows = [
        [
            row.network.name,
            f"{row.phases_on_time}/{row.phases_done}",
            row.preconditions_met,
            _pct(row.checklist_share),
            *[row.reach[k] for k in REACH],
            "–" if row.interview_change is None else f"{fmt(row.interview_change)} (n={row.interview_n})",
            f"{row.goals_achieved}/{row.goals_rated}" if row.latest_evaluation else "–",
        ]
        for row in data["rows"]
    ]
    rows.append(
        [
            _("Total"),
            f"{totals['phases_on_time']}/{totals['phases_done']}",
            totals["preconditions_met"],
            _pct(totals["checklist_share"]),
            *[totals["reach"][k] for k in REACH],
            "–" if totals["interview_change"] is None else fmt(totals["interview_change"]),
            f"{totals['goals_achieved']}/{totals['goals_rated']}",
        ]
    )
    report.table(headers, rows)
    report.heading(_("Recommendations"), 1)
    for network, evaluation in data["recommendations"]:
        paragraph = report.paragraph(style="List Bullet")
        paragraph.add_run(f"{network.name}, {dutch_date(evaluation['date'])}: ").bold = True
        paragraph.add_run(report_text(evaluation["recommendations"]))
    if not data["recommendations"]:
        report.paragraph(_("No recommendations recorded in this period."))
    _caveats(report)
    return report.bytes()


def report_text(value: str) -> str:
    from core.files import clean_text

    return clean_text(value or "")


def _caveats(report: Report) -> None:
    report.heading(_("Caveats"), 1)
    report.bullets(
        [
            _("The figures are what was recorded in the app; what was not recorded is not counted."),
            _(
                "The numbers per network are small: a difference between networks or years is no evidence on its own."
            ),
            _(
                "The change in the 'taking part' score compares now with how it was a year ago, asked in the same "
                "conversation; memory colours the second answer."
            ),
        ]
    )


def _sociogram_png(graph, structural: set[int]) -> tuple[bytes, dict[int, str]]:
    """The support network as a picture: people as numbered circles (P1, P2, ... in a fixed order,
    structural participants filled), arrows from giver to receiver, thicker for more support."""
    import networkx as nx
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    nodes = sorted(graph.nodes)
    names = {pk: f"P{i}" for i, pk in enumerate(nodes, start=1)}
    figure = Figure(figsize=(6, 6), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    axes.set_axis_off()
    if nodes:
        positions = nx.circular_layout(nodes)
        weights = [graph[u][v].get("weight", 1) for u, v in graph.edges]
        nx.draw_networkx_edges(
            graph,
            positions,
            ax=axes,
            width=[0.8 + min(w, 10) * 0.4 for w in weights],
            edge_color="#6b7682",
            arrows=True,
            arrowsize=12,
            node_size=700,
            connectionstyle="arc3,rad=0.08",
        )
        nx.draw_networkx_nodes(
            graph,
            positions,
            ax=axes,
            node_size=700,
            linewidths=1.5,
            edgecolors="#1f4e79",
            node_color=["#1f4e79" if n in structural else "white" for n in nodes],
            nodelist=nodes,
        )
        for node in nodes:
            x, y = positions[node]
            axes.text(
                x,
                y,
                names[node],
                ha="center",
                va="center",
                fontsize=8,
                color="white" if node in structural else "#1f4e79",
            )
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue(), names


def network_evaluation_docx(
    *, evaluation, facts: dict, route: dict, support, themes, organisation: str, author: str
) -> bytes:
    """One network's evaluation as a report to hand over."""
    from docx.shared import Mm

    network = evaluation.network
    kind = evaluation.get_kind_display()
    report = Report(
        title=f"{kind[:1].upper()}{kind[1:]}: {network.name}",
        organisation=organisation,
        period=period_text(facts["start"], facts["end"]),
        author=author,
        subject=_("Evaluation of a support network"),
    )
    if evaluation.status == EvaluationStatus.DRAFT:
        report.paragraph(_("Draft: this evaluation has not been finalised yet."), bold=True)
    report.heading(_("Method"), 1)
    report.paragraph(
        _(
            "The evaluation was a conversation on %(date)s with %(who)s%(count)s, about the goals of the support "
            "network. Next to what was said, this report gives what the app recorded about the year before the "
            "conversation (%(period)s): participants, sessions and presence, the route of participants, the "
            "support they gave each other and the evaluation conversations with participants."
        )
        % {
            "date": dutch_date(evaluation.date),
            "who": evaluation.get_took_part_display(),
            "count": f" ({evaluation.participants_count} {_('participants')})"
            if evaluation.participants_count
            else "",
            "period": period_text(facts["start"], facts["end"]),
        }
    )
    results = dict(GoalResult.choices)
    report.heading(_("Main goal"), 1)
    report.paragraph(str(catalogue.MAIN_GOAL), italic=True)
    report.labelled(_("Result"), results.get(evaluation.main_goal, "–"))
    if evaluation.main_goal_note:
        report.labelled(_("Evidence"), evaluation.main_goal_note)
    report.heading(_("Sub-goals"), 1)
    report.table(
        [_("Sub-goal"), _("Result"), _("Evidence")],
        [
            [
                f"{letter}. {text}",
                results.get(evaluation.goals.get(letter, {}).get("result"), "–"),
                evaluation.goals.get(letter, {}).get("note", "") or "–",
            ]
            for letter, text in catalogue.SUB_GOALS
        ],
    )
    report.heading(_("What the app knows about the year"), 1)
    report.heading(_("Participants per stage now"), 2)
    report.table(
        [_("Stage"), _("Participants")],
        [[str(label)[:1].upper() + str(label)[1:], n] for label, n in facts["stages"]],
    )
    report.heading(_("Sessions and presence"), 2)
    report.table(
        [_("Figure"), _("Value")],
        [
            [_("Sessions held"), facts["sessions_held"]],
            [
                _("Present per session (average)"),
                fmt(facts["attendance_average"]) if facts["attendance_average"] is not None else "–",
            ],
        ],
    )
    labels = reach_labels()
    report.chart(
        BarChart(
            title=_("The route of participants in the year"),
            description=_("Number of people per step of the route in the year before the conversation."),
            labels=[str(labels[k]) for k in REACH],
            values=[route.get(k, 0) for k in REACH],
            horizontal=True,
            y_label=_("people"),
            chart_id="route",
        ),
        [_("step of the route"), _("people")],
        [[str(labels[k]), route.get(k, 0)] for k in REACH],
    )
    report.heading(_("Who supports whom"), 2)
    png, names = _sociogram_png(support.graph, support.structural)
    picture = report.document.add_picture(io.BytesIO(png), width=Mm(120))
    description = _(
        "Sociogram: each circle is a participant (numbered, no names; filled: structural "
        "participant), each arrow runs from who gave support to who received it."
    )
    picture._inline.docPr.set("descr", description)
    report.paragraph(description, italic=True)
    reciprocity, give_receive = facts["reciprocity"], facts["give_and_receive"]
    report.table(
        [_("Figure"), _("Value")],
        [
            [_("Support observations"), facts["observations"]],
            [_("People in the sociogram"), len(names)],
            [_("Support ties (giver to receiver)"), support.graph.number_of_edges()],
            [str(reciprocity.label)[:1].upper() + str(reciprocity.label)[1:], reciprocity.display],
            [
                str(give_receive.label)[:1].upper() + str(give_receive.label)[1:],
                f"{give_receive.display} / {give_receive.n}",
            ],
        ],
    )
    report.heading(_("Evaluation conversations with participants"), 2)
    domain = facts["domain"]
    if facts["interviews"] and domain is not None and domain.n:
        report.table(
            [_("Figure"), _("Value")],
            [
                [_("Conversations that count (agreed report, consent)"), facts["interviews"]],
                [_("Mean 'taking part' score a year ago"), fmt(domain.mean_before)],
                [_("Mean 'taking part' score now"), fmt(domain.mean_now)],
                [_("Mean change (now minus a year ago)"), fmt(facts["domain_change"])],
                [_("People higher / lower / the same"), f"{domain.n_up} / {domain.n_down} / {domain.n_zero}"],
            ],
        )
    else:
        report.paragraph(_("No evaluation conversations of finished rounds count for this network yet."))
    counted = [(row, total) for row, total in themes if total]
    report.heading(_("Themes from the conversations"), 2)
    if counted:
        report.table(
            [_("Theme"), _("Conversations")],
            [[("– " if row.depth else "") + row.theme.name, total] for row, total in counted],
        )
    else:
        report.paragraph(_("No passages of this network's conversations have been marked with themes yet."))
    report.heading(_("What made it work or not"), 1)
    success = [
        str(catalogue.FACTOR_TEXT[k]) for k in evaluation.success_factors if k in catalogue.FACTOR_TEXT
    ]
    failure = [
        str(catalogue.FACTOR_TEXT[k]) for k in evaluation.failure_factors if k in catalogue.FACTOR_TEXT
    ]
    report.heading(_("Success factors"), 2)
    report.bullets(success or ["–"])
    report.heading(_("Failure factors"), 2)
    report.bullets(failure or ["–"])
    if evaluation.factors_note:
        report.paragraph(evaluation.factors_note)
    report.heading(_("What is needed to sustain the network"), 1)
    for line in report_text(evaluation.sustain or "–").split("\n"):
        if line.strip():
            report.paragraph(line)
    report.heading(_("Recommendations"), 1)
    for line in report_text(evaluation.recommendations or "–").split("\n"):
        if line.strip():
            report.paragraph(line)
    _caveats(report)
    return report.bytes()
