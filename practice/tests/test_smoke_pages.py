import datetime as dt

from conftest import TODAY
from practice.tests.conftest import record, tuesdays


def test_pages_render(world, login, activity):
    client = login(world.worker_a)
    for date in tuesdays(activity, 8):
        record(world.worker_a, activity, date, present=[world.anne])
    n = world.network_a.pk
    for url in [
        f"/praktijk/netwerk/{n}/",
        f"/praktijk/netwerk/{n}/activiteiten/{activity.pk}/bijeenkomst/{tuesdays(activity, 1)[0]}/",
        f"/praktijk/netwerk/{n}/activiteiten/{activity.pk}/bijeenkomst/{TODAY + dt.timedelta(days=6)}/",
        f"/praktijk/netwerk/{n}/activiteiten/{activity.pk}/",
        f"/praktijk/netwerk/{n}/taken/",
        f"/praktijk/netwerk/{n}/routes/",
        f"/praktijk/netwerk/{n}/logboek/",
        f"/praktijk/netwerk/{n}/logboek/nieuw/",
        f"/praktijk/netwerk/{n}/huisregels/",
        f"/praktijk/netwerk/{n}/huisregels/nieuw/",
        f"/praktijk/netwerk/{n}/opvolging/",
        f"/praktijk/netwerk/{n}/dashboard/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
