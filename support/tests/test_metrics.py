"""The figures against small graphs whose values are worked out by hand."""

import pytest

from support.metrics import build_graph, freeman_degree_centralisation, network_figures


def figures(nodes, ties, *, structural=(), observations=None, outside=0, group=0):
    graph = build_graph(nodes, ties)
    observations = len(ties) if observations is None else observations
    result = network_figures(
        graph,
        structural=set(structural),
        observations=observations,
        outside_hours=outside,
        group_observations=group,
    )
    return {f.key: (f.value, f.n) for f in result}


def test_a_one_way_tie_and_an_isolate():
    # A -> B, C has no tie. 1 of 3*2 possible ties; nothing returned.
    f = figures([1, 2, 3], [(1, 2)], structural=[1, 2, 3])
    assert f["connected"] == (2, 3)
    assert f["ties"] == (1, 1)
    assert f["density"] == (pytest.approx(1 / 6), 3)
    assert f["reciprocity"] == (0.0, 1)
    assert f["mutual_pairs"] == (0.0, 1)
    assert f["give_and_receive"] == (0, 2)
    assert f["structural_isolates"] == (1, 3)
    # Undirected degrees 1, 1, 0: (0 + 0 + 1) / (2 * 1)
    assert f["centralisation"] == (pytest.approx(0.5), 3)


def test_a_mutual_pair():
    f = figures([1, 2], [(1, 2), (2, 1), (2, 1)])
    assert f["ties"] == (2, 3)  # two directed ties from three observed pairs
    assert f["density"] == (1.0, 2)
    assert f["reciprocity"] == (1.0, 2)
    assert f["mutual_pairs"] == (1.0, 1)
    assert f["give_and_receive"] == (2, 2)
    assert f["centralisation"] == (None, 2)  # undefined below three people


def test_a_star():
    # The centre supports three others: 3 of 4*3 possible ties; undirected degrees 3, 1, 1, 1.
    f = figures([1, 2, 3, 4], [(1, 2), (1, 3), (1, 4)])
    assert f["density"] == (0.25, 4)
    assert f["reciprocity"] == (0.0, 3)
    assert f["give_and_receive"] == (0, 4)
    # (0 + 2 + 2 + 2) / (3 * 2) = 1: a perfect star
    assert f["centralisation"] == (1.0, 4)


def test_a_star_with_one_returned_tie():
    f = figures([1, 2, 3, 4], [(1, 2), (1, 3), (1, 4), (2, 1)])
    assert f["reciprocity"] == (0.5, 4)  # 2 of 4 ties are returned
    assert f["mutual_pairs"] == (pytest.approx(1 / 3), 3)  # 1 mutual of 3 connected pairs
    assert f["give_and_receive"] == (2, 4)  # the centre and the one who returned
    assert f["centralisation"] == (1.0, 4)  # a returned tie adds no undirected contact


def test_everyone_equally_connected_is_not_centralised():
    # A triangle of one-way ties: every undirected degree is 2.
    assert freeman_degree_centralisation(build_graph([1, 2, 3], [(1, 2), (2, 3), (3, 1)])) == 0.0


def test_isolates_count_only_structural_participants():
    # 4 has no tie but is not structural (yet); 3 is structural without a tie.
    f = figures([1, 2, 3, 4], [(1, 2)], structural=[1, 3])
    assert f["structural_isolates"] == (1, 2)


def test_outside_hours_and_group_support_count_every_observation():
    # Three observations between people and one to the whole group; one of the four was outside hours.
    f = figures([1, 2], [(1, 2), (2, 1), (1, 2)], observations=4, outside=1, group=1)
    assert f["outside_hours"] == (0.25, 4)
    assert f["group_support"] == (1, 4)
    assert f["ties"] == (2, 3)  # the group is no node: it adds no tie


def test_an_empty_network_has_no_ratios():
    f = figures([1, 2, 3], [], observations=0)
    assert f["density"] == (0.0, 3)
    assert f["reciprocity"] == (None, 0)
    assert f["mutual_pairs"] == (None, 0)
    assert f["outside_hours"] == (None, 0)


def test_self_support_is_refused():
    with pytest.raises(ValueError):
        build_graph([1], [(1, 1)])
