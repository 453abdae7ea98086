"""The demo's planning data fits the story of the three networks, and its pages open."""

from decimal import Decimal

from core.demo import BUILDERS, build_demo
from core.testing import sign_in
from planning.models import Budget, Expense, HoursEntry, HoursRole, Income


def test_demo_planning_data_tells_the_networks_story(db, client):
    builders = BUILDERS[: BUILDERS.index("planning.demo") + 1]
    ctx = build_demo(builders=builders)
    soup, crafts, toys = ctx.networks["soup"], ctx.networks["crafts"], ctx.networks["toys"]
    # Every past week of each network has hours; the backup covered the lead's summer leave.
    for network in (soup, crafts, toys):
        weeks = set(HoursEntry.objects.filter(network=network).values_list("week", flat=True))
        assert len(weeks) == (ctx.today - network.start_date).days // 7 or len(weeks) >= 6
    assert HoursEntry.objects.filter(network=soup, role=HoursRole.BACKUP).exists()
    # Money: the soup group buys groceries monthly and collects own contributions; the toy point pays rent.
    assert Expense.objects.filter(network=soup).count() >= 25
    assert Income.objects.filter(network=soup, source="own_contribution").exists()
    assert Budget.objects.get(network=toys).rent == Decimal("600")
    assert not Budget.objects.filter(network=crafts).exists()  # the defaults
    sign_in(client, ctx.users["ingrid"])
    for name in ("hours", "budget", "forecast"):
        for network in (soup, crafts, toys):
            paths = {"hours": "uren", "budget": "budget", "forecast": "groeiprognose"}
            assert client.get(f"/planning/netwerk/{network.pk}/{paths[name]}/").status_code == 200
    assert client.get("/planning/").status_code == 200
