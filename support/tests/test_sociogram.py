import re

from support.metrics import build_graph
from support.sociogram import render_sociogram


def _render(graph, labels=None):
    labels = labels or {n: f"P{n}" for n in graph.nodes}
    return render_sociogram(graph, labels, title="Steun <groep>", desc="Twee & meer")


def test_it_is_an_accessible_image():
    svg = _render(build_graph([1, 2], [(1, 2)]))
    assert 'role="img"' in svg and 'aria-labelledby="sociogram-title sociogram-desc"' in svg
    assert '<title id="sociogram-title">Steun &lt;groep&gt;</title>' in svg
    assert '<desc id="sociogram-desc">Twee &amp; meer</desc>' in svg
    assert "style=" not in svg  # CSP forbids style attributes


def test_one_way_and_mutual_ties_look_different():
    svg = _render(build_graph([1, 2, 3], [(1, 2), (2, 3), (3, 2)]))
    lines = re.findall(r"<line [^>]*>", svg)
    assert len(lines) == 2  # a mutual pair is one line
    one_way = [line for line in lines if "marker-start" not in line]
    mutual = [line for line in lines if "marker-start" in line and "marker-end" in line]
    assert len(one_way) == 1 and len(mutual) == 1


def test_participants_without_a_tie_are_drawn_open():
    svg = _render(build_graph([1, 2, 3], [(1, 2)]))
    assert svg.count('fill="#ffffff"') == 1


def test_the_same_data_gives_the_same_picture():
    ties = [(i, (i * 7) % 40 + 1) for i in range(1, 41) if i != (i * 7) % 40 + 1]
    first = _render(build_graph(range(1, 41), ties))
    again = _render(build_graph(reversed(range(1, 41)), list(reversed(ties))))
    assert first == again


def test_labels_are_escaped():
    svg = _render(build_graph([1], []), {1: "<b>"})
    assert "&lt;b&gt;" in svg and "<b>" not in svg
