import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from core import charts
from core.charts import BarChart, Histogram, LineChart, PairedDotChart, PairedItem, ReferenceLine, Series

SVG = "{http://www.w3.org/2000/svg}"


def line_chart(**kwargs):
    defaults = {
        "title": "Structural participants",
        "description": "Week by week, with the target of 15.",
        "x_labels": [f"wk {i}" for i in range(1, 27)],
        "series": [
            Series("Structural", [10 + i % 6 for i in range(26)]),
            Series("Present", [None, 3, 4] * 8 + [5, 6]),
        ],
        "references": [ReferenceLine(15, "Target")],
        "x_label": "Week",
        "y_label": "People",
    }
    defaults.update(kwargs)
    return LineChart(**defaults)


ALL_CHARTS = [
    line_chart(),
    BarChart(
        title="Funnel",
        description="Invited, first visit, structural.",
        labels=["Invited", "First visit", "Structural"],
        values=[40, 30, 14],
        references=[ReferenceLine(15, "About half")],
        x_label="Step",
        y_label="People",
    ),
    BarChart(
        title="Contributions",
        description="Per participant, alphabetical.",
        labels=["Anna de Vries-van der Berg", "Bram", "Cor"],
        values=[12, 0, 3],
        horizontal=True,
        x_label="Participant",
        y_label="Contributions",
    ),
    PairedDotChart(
        title="Meedoen",
        description="A year ago and now.",
        before_label="A year ago",
        now_label="Now",
        items=[
            PairedItem("I take part", 3, 7),
            PairedItem("I feel useful", 5, 5),
            PairedItem("No answer", None, 6),
        ],
        x_min=0,
        x_max=10,
        x_label="Score",
    ),
    Histogram(
        title="Group size",
        description="Networks by size.",
        values=[3, 5, 8, 12, 12, 15, 21, 30],
        bins=5,
        x_label="Participants",
        y_label="Networks",
    ),
]


def parse(markup):
    return ET.fromstring(str(markup))  # noqa: S314 - our own output


@pytest.mark.parametrize("chart", ALL_CHARTS, ids=lambda c: type(c).__name__)
def test_svg_is_accessible_scalable_and_csp_safe(chart):
    markup = charts.render_svg(chart)
    root = parse(markup)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox").startswith("0 0 ")
    assert root.get("width") is None and root.get("height") is None  # scales to a 390px phone via CSS
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == chart.title and desc.text == chart.description
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "style=" not in markup and "<script" not in markup and "<style" not in markup


def test_svg_escapes_labels():
    chart = line_chart(
        title="<b>Tom & Jerry</b>", series=[Series("<script>x</script>", [1, 2])], x_labels=["a", "b"]
    )
    markup = charts.render_svg(chart)
    assert "<script>" not in markup and "<b>" not in markup
    assert parse(markup).find(f"{SVG}title").text == "<b>Tom & Jerry</b>"


def test_line_chart_draws_each_series_and_the_target_line():
    root = parse(charts.render_svg(line_chart()))
    polylines = root.findall(f".//{SVG}polyline")
    # The second series has gaps (None), so it is drawn in separate runs; the first is one line.
    first = [p for p in polylines if p.get("stroke") == charts.PALETTE[0]]
    assert len(first) == 1 and len(first[0].get("points").split()) == 26
    assert len([p for p in polylines if p.get("stroke") == charts.PALETTE[1]]) == 8
    reference = root.findall(f".//{SVG}line[@class='chart-reference']")
    assert len(reference) == 1
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Target" in texts and "Structural" in texts


def test_target_line_sits_at_its_value():
    chart = line_chart(
        series=[Series("s", [0, 20])], x_labels=["a", "b"], references=[ReferenceLine(10, "half")]
    )
    root = parse(charts.render_svg(chart))
    ref = root.find(f".//{SVG}line[@class='chart-reference']")
    ys = [float(c.get("cy")) for c in root.iter(f"{SVG}circle")]
    assert float(ref.get("y1")) == pytest.approx((ys[0] + ys[1]) / 2, abs=0.2)


def test_long_x_axis_thins_labels_so_they_do_not_overlap():
    chart = line_chart(
        x_labels=[f"w{i}" for i in range(78)], series=[Series("s", list(range(78)))], references=[]
    )
    root = parse(charts.render_svg(chart))
    x_axis_labels = [
        t for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("w") and t.text[1:].isdigit()
    ]
    assert 4 <= len(x_axis_labels) <= 10


def test_bar_heights_are_proportional():
    chart = BarChart(title="t", description="d", labels=["a", "b"], values=[10, 5])
    rects = [
        r for r in parse(charts.render_svg(chart)).iter(f"{SVG}rect") if r.get("fill") == charts.PALETTE[0]
    ]
    assert float(rects[0].get("height")) == pytest.approx(2 * float(rects[1].get("height")), rel=0.01)


def test_paired_dots_mark_before_and_now():
    root = parse(charts.render_svg(ALL_CHARTS[3]))
    assert len(root.findall(f".//{SVG}circle[@class='chart-before']")) == 2
    assert len(root.findall(f".//{SVG}circle[@class='chart-now']")) == 3


def test_histogram_counts_every_value_once():
    edges, counts = charts.histogram_counts(ALL_CHARTS[4])
    assert len(edges) == 6 and sum(counts) == 8 and counts[-1] == 1  # the maximum lands in the last bin
    edges, counts = charts.histogram_counts(Histogram("t", "d", [0, 1, 2, 9, 10], bins=[0, 5, 10]))
    assert counts == [3, 2]


def test_table_alternative_has_the_numbers():
    table = charts.chart_table(line_chart())
    assert table.headers == ["Week", "Structural", "Present", "Target"]
    assert table.rows[0] == ["wk 1", "10", "–", "15"]
    table = charts.chart_table(ALL_CHARTS[3])
    assert table.rows[0] == ["I take part", "3", "7"]


def test_numbers_are_localised():
    with translation.override("nl"):
        assert charts.fmt(2.5) == "2,5"
    with translation.override("en"):
        assert charts.fmt(2.5) == "2.5"
    assert charts.fmt(3.0) == "3"


def test_nice_ticks_cover_the_range():
    ticks = charts.nice_ticks(0, 17)
    assert ticks[0] == 0 and ticks[-1] >= 17 and len(ticks) <= 7
    assert charts.nice_ticks(5, 5)[-1] > 5


def test_empty_charts_still_render():
    for chart in (
        line_chart(x_labels=[], series=[], references=[]),
        BarChart(title="t", description="d", labels=[], values=[]),
        PairedDotChart(title="t", description="d", items=[], before_label="b", now_label="n"),
        Histogram(title="t", description="d", values=[]),
    ):
        parse(charts.render_svg(chart))
        assert charts.render_png(chart).startswith(b"\x89PNG")


def test_page_path_does_not_import_matplotlib():
    import subprocess
    import sys

    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'vangnet.settings'); django.setup();"
        "import sys; from core import charts;"
        "charts.render_svg(charts.BarChart(title='t', description='d', labels=['a'], values=[1]));"
        "print('matplotlib' in sys.modules)"
    )
    result = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("chart", ALL_CHARTS, ids=lambda c: type(c).__name__)
def test_png_renders_the_same_description(chart):
    from PIL import Image

    data = charts.render_png(chart, width_inches=5, dpi=100)
    assert data.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(data))
    assert image.size[0] == 500
    # Something was drawn in the brand colour (bars, lines or dots), not just an empty frame.
    brand = tuple(int(charts.PALETTE[0][i : i + 2], 16) for i in (1, 3, 5))
    import numpy

    pixels = numpy.asarray(image.convert("RGB"), dtype=int)
    assert (numpy.abs(pixels - numpy.array(brand)).max(axis=2) < 30).sum() > 20


def test_svg_renders_a_long_series():
    # Speed is measured by the benchmark (perf/), never asserted in a unit test.
    chart = line_chart(x_labels=[str(i) for i in range(80)], series=[Series("s", list(range(80)))] * 3)
    assert re.search(r"<polyline", charts.render_svg(chart))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_fast_number_and_day_labels_are_djangos_text(language):
    """fmt and day_month skip Django's formatter per call; they must write exactly what it writes."""
    import datetime as dt

    from django.utils.formats import date_format, number_format

    with translation.override(language):
        for value in [0, 3, 10.0, 2.5, 2.25, -1.5, 0.05, 1234.56, 99.95]:
            number = float(value)
            django = number_format(int(number)) if number.is_integer() else number_format(round(number, 1), 1)
            assert charts.fmt(value) == django
        for month in range(1, 13):
            day = dt.date(2026, month, 3)
            # Dutch writes months in lowercase ("3 dec", Django's "b"); English capitalises them ("3 Dec").
            assert charts.day_month(day) == date_format(day, "j b" if language == "nl" else "j M")
