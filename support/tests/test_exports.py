import networkx as nx
import pytest
from django.urls import reverse

from core.files import read_csv
from core.readers import GRAPHML_SCHEMA, validate_xml

NO_ACCESS = {
    "evaluator": 403,
    "researcher": 403,
    "admin": 403,
    "norole": 403,
    "worker_b": 404,
    "outsider": 404,
}


@pytest.fixture
def history(group, record):
    record(group["anne"], [group["janneke"], group["kees"]], note='=HYPERLINK("http://x")')
    record(group["janneke"], [group["anne"]], kind="emotional", outside_hours=True)
    record(group["kees"], [], to_group=True, kind="companionship")
    return group


def _get(client, world, fmt, **params):
    return client.get(reverse(f"support:export_{fmt}", args=[world.network_a.pk]), params)


def test_graphml_has_pseudonyms_and_weights_and_no_names(world, history, login):
    response = _get(login(world.worker_a), world, "graphml")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="wie-steunt-wie-')
    text = response.content.decode()
    for name in ("Anne", "Janneke", "Kees", "HYPERLINK"):
        assert name not in text
    graph = nx.parse_graphml(text)
    # Anne, Janneke, Kees, Fatima, Henk are in the group: P01..P05 in participant order.
    assert sorted(graph.nodes) == ["P01", "P02", "P03", "P04", "P05"]
    anne, janneke, kees = "P01", "P02", "P03"
    assert graph[anne][janneke]["weight"] == 1 and graph[janneke][anne]["emotional"] == 1
    assert graph[janneke][anne]["outside_hours"] == 1
    assert graph.has_edge(anne, kees) and not graph.has_edge(kees, anne)
    assert "GROUP" not in graph  # the group is no node, as in the figures


def test_csv_lists_every_pair_with_the_group_as_a_row(world, history, login):
    response = _get(login(world.worker_a), world, "csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, `;`: what Dutch Excel opens
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response.content)
    assert rows[0] == ["entry", "date", "giver", "receiver", "kind", "outside_hours"]
    assert [r[2:] for r in rows[1:]] == [
        ["P01", "P02", "practical", "0"],
        ["P01", "P03", "practical", "0"],
        ["P02", "P01", "emotional", "1"],
        ["P03", "GROUP", "companionship", "0"],
    ]
    assert [r[0] for r in rows[1:]] == ["1", "1", "2", "3"]  # one entry with two receivers
    assert "Anne" not in response.content.decode()


def test_the_export_follows_the_chosen_kind(world, history, login):
    response = _get(login(world.worker_a), world, "csv", soort="emotional")
    rows = read_csv(response.content)
    assert len(rows) == 2 and rows[1][4] == "emotional"


def test_every_export_is_reported(world, history, login, monkeypatch):
    from core import hooks

    calls = []
    monkeypatch.setattr(hooks, "on_export", lambda **kw: calls.append(kw))
    _get(login(world.worker_a), world, "graphml")
    _get(login(world.worker_a), world, "csv")
    assert [c["what"] for c in calls] == ["support_graphml", "support_csv"]
    assert set(calls[0]["participant_ids"]) == {p.pk for p in history.values()}
    assert calls[0]["user"] == world.worker_a


def test_graphml_is_valid_graphml_1_0_with_true_false_booleans_and_unique_edge_ids(world, history, login):
    content = _get(login(world.worker_a), world, "graphml").content
    assert validate_xml(content, GRAPHML_SCHEMA) == []
    text = content.decode()
    assert 'attr.type="boolean"' in text and ">false<" in text
    assert ">False<" not in text and ">True<" not in text
    graph = nx.read_graphml(__import__("io").BytesIO(content))
    assert graph.nodes["P01"]["structural"] in (True, False)


def test_graphml_opens_in_rustworkx(world, history, login, tmp_path):
    rustworkx = pytest.importorskip("rustworkx", reason="rustworkx is a dev dependency; bin/test installs it")
    path = tmp_path / "steun.graphml"
    path.write_bytes(_get(login(world.worker_a), world, "graphml").content)
    (graph,) = rustworkx.read_graphml(str(path))
    assert graph.num_nodes() == 5 and graph.num_edges() == 3


def test_the_graphml_schema_check_can_fail():
    bad = (
        b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">'
        b'<node id="a"/><edge id="e" source="a" target="a"/><edge id="e" source="a" target="a"/></graph></graphml>'
    )
    assert validate_xml(bad, GRAPHML_SCHEMA)


@pytest.mark.parametrize("fmt", ["graphml", "csv"])
@pytest.mark.parametrize("persona,status", NO_ACCESS.items())
def test_others_cannot_export(world, login, persona, status, fmt):
    assert _get(login(getattr(world, persona)), world, fmt).status_code == status


@pytest.mark.parametrize("persona", ["backup_a", "coordinator"])
def test_the_backup_and_the_coordinator_can_export(world, login, persona):
    assert _get(login(getattr(world, persona)), world, "csv").status_code == 200
