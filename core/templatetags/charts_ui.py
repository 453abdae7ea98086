"""Empty states in words: a chart with nothing to show is not drawn (no axes running from 0 to 1)."""

from django import template

from core import charts

register = template.Library()


@register.filter
def chart_has_data(chart) -> bool:
    """Whether drawing the chart shows something.

    A line chart without any point (a new network's sessions) has nothing; one with points has, zeros
    included (nobody contributed is an answer). A bar chart has something when a bar is longer than zero.
    """
    if isinstance(chart, charts.LineChart):
        return bool(chart.x_labels) and any(v is not None for series in chart.series for v in series.values)
    if isinstance(chart, charts.BarChart):
        return any(value for value in chart.values if value is not None)
    if isinstance(chart, charts.PairedDotChart):
        return any(item.before is not None or item.now is not None for item in chart.items)
    return True
