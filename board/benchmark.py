"""The board page in the benchmark (perf/benchmark.py): a network's board as a participant sees it."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from board import services
from board.selectors import board_people, board_window
from people.models import ACTIVE_STAGES
from practice.models import Activity, Task
from practice.services import activity_dates
from privacy.models import Consent, ConsentScope


def board_url(network, worker) -> str:
    """Everyone taking part agreed to the board, a few signed up and said they come, two ideas; a new
    shared link (the previous one stops); the page of the first person on the board."""
    active = set(
        network.participations.filter(stage__in=ACTIVE_STAGES).values_list("participant_id", flat=True)
    )
    asked = set(
        Consent.objects.filter(participant_id__in=active, scope=ConsentScope.GROUP_BOARD).values_list(
            "participant_id", flat=True
        )
    )
    today = timezone.localdate()
    Consent.objects.bulk_create(
        Consent(participant_id=pid, scope=ConsentScope.GROUP_BOARD, given=True, date=today)
        for pid in active - asked
    )
    link, raw = services.link_renew_shared(actor=worker, network=network)
    people = list(board_people(network))
    tasks = list(
        Task.objects.filter(network=network, archived=False, needs_text=False).values_list("pk", flat=True)
    )
    _start, end = board_window(today)
    for activity in Activity.objects.filter(network=network):
        for date in activity_dates(activity, today + dt.timedelta(days=1), end):
            for i, pid in enumerate(people[:12]):
                services.task_signup(
                    link=link,
                    participant_id=pid,
                    activity_id=activity.pk,
                    date=date,
                    task_id=tasks[i % len(tasks)],
                    doing=True,
                )
                services.intention_set(
                    link=link, participant_id=pid, activity_id=activity.pk, date=date, coming=i % 4 != 0
                )
    for i, text in enumerate(["Samen naar de markt", "Een keer pannenkoeken bakken"]):
        idea = services.idea_propose(link=link, participant_id=people[i % len(people)], text=text)
        for pid in people[1:6]:
            services.idea_join(link=link, participant_id=pid, idea_id=idea.pk, joining=True)
    return reverse("board:person", args=[raw, people[0]])
