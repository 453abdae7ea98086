"""The demo's planning data fits the story of the three networks, and its pages open."""

import datetime as dt
from decimal import Decimal

from accounts.testing import sign_in
from core.demo import BUILDERS, build_demo
from planning.models import Budget, Expense, HoursEntry, HoursRole, Income
from planning.services import week_monday


def test_demo_planning_data_tells_the_networks_story(db, client):
    builders = BUILDERS[: BUILDERS.index("planning.demo") + 1]
    ctx = build_demo(builders=builders)
    soup, crafts, toys = ctx.networks["soup"], ctx.networks["crafts"], ctx.networks["toys"]
    # Every past week of each network has hours; the backup covered the lead's summer leave.
    for network in (soup, crafts, toys):
        weeks = set(HoursEntry.objects.filter(network=network).values_list("week", flat=True))
        first = week_monday(network.start_date)
        last = week_monday(ctx.today) - dt.timedelta(weeks=1)  # the current week is still being worked
        assert weeks == {first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)}
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
