"""The group board in the demo: most participants of the soup group and the crafts club agreed to be
on it; a few signed up for tasks, said whether they come and shared ideas, through the shared link.

The demo stores no usable link (only hashes are stored): the worker makes one on the network's
"Groepsbord" tab, as in real use.
"""

import datetime as dt

from board import services
from board.selectors import board_people, board_window
from people.models import ACTIVE_STAGES
from practice.models import Activity, Task
from practice.services import activity_dates
from privacy.actor import acting_as
from privacy.models import Consent, ConsentScope

IDEAS = {
    "soup": [
        "Samen naar de markt",
        "Een keer pannenkoeken bakken",
        "Wandelen in het park als het mooi weer is",
    ],
    "crafts": ["Kerstkaarten maken voor de buren", "Een breiochtend"],
}


def build(ctx) -> None:
    today = ctx.today
    start, end = board_window(today)
    worker = ctx.users.get("sanne") or next(iter(ctx.users.values()))
    for key in ("soup", "crafts"):
        network = ctx.networks.get(key)
        if network is None:
            continue
        active = list(
            network.participations.filter(stage__in=ACTIVE_STAGES).values_list("participant_id", flat=True)
        )
        recorded = set(
            Consent.objects.filter(participant_id__in=active, scope=ConsentScope.GROUP_BOARD).values_list(
                "participant_id", flat=True
            )
        )
        Consent.objects.bulk_create(
            Consent(
                participant_id=pid, scope=ConsentScope.GROUP_BOARD, given=True, date=today, recorded_by=worker
            )
            for pid in active
            if pid not in recorded and ctx.rng.random() < 0.8
        )
        with acting_as(worker):
            link, _raw = services.link_renew_shared(actor=worker, network=network)
        people = list(board_people(network))
        if not people:
            continue
        tasks = list(Task.objects.filter(network=network, archived=False, needs_text=False)[:4])
        slots = [
            (activity, date)
            for activity in Activity.objects.filter(network=network)
            for date in activity_dates(activity, today + dt.timedelta(days=1), end)
        ]
        for i, (activity, date) in enumerate(slots):
            for j, task in enumerate(tasks[: 2 + i % 2]):
                services.task_signup(
                    link=link,
                    participant_id=people[(i * 3 + j) % len(people)],
                    activity_id=activity.pk,
                    date=date,
                    task_id=task.pk,
                    doing=True,
                )
            for j, pid in enumerate(people[:6]):
                services.intention_set(
                    link=link, participant_id=pid, activity_id=activity.pk, date=date, coming=(i + j) % 5 != 0
                )
        for i, text in enumerate(IDEAS[key]):
            idea = services.idea_propose(link=link, participant_id=people[i % len(people)], text=text)
            for pid in people[i + 1 : i + 1 + (3 - i)]:
                services.idea_join(link=link, participant_id=pid, idea_id=idea.pk, joining=True)
