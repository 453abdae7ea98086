from core.demo import build_demo
from quality.models import ChecklistReflection, NetworkEvaluation, Precondition
from quality.selectors import network_quality


def test_the_demo_tells_the_quality_story(db):
    ctx = build_demo()
    soup, crafts, toys = ctx.networks["soup"], ctx.networks["crafts"], ctx.networks["toys"]
    assert sorted(NetworkEvaluation.objects.filter(network=soup).values_list("kind", flat=True)) == [
        "final",
        "one_year",
    ]
    assert ChecklistReflection.objects.filter(network=soup).count() == 2
    assert ChecklistReflection.objects.filter(network=crafts).count() == 1
    assert Precondition.objects.filter(network=toys, status="working").exists()
    soup_due = {row.kind: row.state for row in network_quality(network=soup)["due"]}
    assert soup_due["one_year"] == "done" and soup_due["final"] == "done"
    assert network_quality(network=crafts)["unmet"]  # continuation not arranged yet
