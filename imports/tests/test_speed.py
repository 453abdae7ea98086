"""The import writes its sessions at once and replays the derivations day by day: the outcome must be
what recording each session on its own day through `practice.services.session_record` gives, and the
number of queries must grow with the sessions and people, not with the cells of the sheet."""

import datetime as dt
import time
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import TODAY
from imports import services
from imports.tests.conftest import with_new_activity
from people.models import DropoutReason, Participant, Participation, RouteEvent, Stage
from people.services import participant_register, route_record
from practice import services as practice
from practice.models import Attendance, Contribution, FollowUp, SessionChange
from privacy.models import FieldChange


def _name(participant_id: int) -> str:
    person = Participant.objects.get(pk=participant_id)
    return person.full_name or person.name


def outcome(network) -> dict:
    """Everything the replay decides, by name (ids differ between two imports)."""
    names = {p.pk: p.full_name or p.name for p in Participant.objects.filter(participations__network=network)}
    return {
        "participations": sorted(
            (names[p.participant_id], p.stage, p.stage_since, p.first_visit, p.stage_confirmed)
            for p in Participation.objects.filter(network=network)
        ),
        "route": sorted(
            (
                names[e.participation.participant_id],
                e.stage,
                e.date,
                e.recorded_by_id is None,
                e.dropout_reason,
                e.referral_target,
                e.note,
            )
            for e in RouteEvent.objects.filter(participation__network=network).select_related("participation")
        ),
        "followups": sorted(
            (
                names[f.participation.participant_id],
                f.opened_on,
                f.missed,
                f.last_present,
                f.outcome,
                f.closed_on,
                f.outcome_note,
                f.dropout_reason,
            )
            for f in FollowUp.objects.filter(network=network).select_related("participation")
        ),
        "attendance": sorted(
            (names[a.participant_id], a.session.date, a.status, a.reason)
            for a in Attendance.objects.filter(session__network=network).select_related("session")
        ),
        "contributions": sorted(
            (names[c.attendance.participant_id], c.attendance.session.date, c.task.name, c.text)
            for c in Contribution.objects.filter(attendance__session__network=network).select_related(
                "attendance__session", "task"
            )
        ),
        "changes": sorted(
            (
                c.session.date,
                str([{**line, "participant": names.get(line["participant"])} for line in c.changes]),
            )
            for c in SessionChange.objects.filter(session__network=network).select_related("session")
        ),
    }


def replay_through_session_record(monkeypatch) -> None:
    """Make the import record each date through session_record on its day, as it did before."""
    pending: dict = {}

    def stash(*, actor, activity, marks, token):
        pending.update(actor=actor, activity=activity, marks=marks, token=token)
        return {}

    def per_day(*, actor, network, day, present):
        practice.session_record(
            actor=pending["actor"],
            activity=pending["activity"],
            date=day,
            expected_version=0,
            token=f"{pending['token']}-{day}",
            marks=pending["marks"][day],
            refresh=False,
        )

    monkeypatch.setattr(practice, "sessions_record_past", stash)
    monkeypatch.setattr(services, "_route_steps_of_the_present", per_day)


def history_lines() -> Counter:
    return Counter(FieldChange.objects.values_list("model", "action"))


@pytest.mark.parametrize(
    ("file_name", "returning", "full_name", "year"),
    [("groep.xlsx", "Ans", "", 2026), ("jaar-40-deelnemers.xlsx", "Bram", "Bram de Boer", 2025)],
)
def test_the_outcome_is_that_of_recording_each_session_on_its_day(
    world, draft, monkeypatch, file_name, returning, full_name, year
):
    network = world.network_a
    # Someone in the network already: absent from every imported session (a follow-up opens).
    route_record(
        actor=world.worker_a,
        participation=world.anne.participations.get(),
        stage=Stage.SETTLING_IN,
        date=TODAY - dt.timedelta(days=150),
    )
    # Someone who had left before the list starts is on it (matched by name): a return on the route.
    back = participant_register(
        actor=world.worker_a, network=network, name=returning, full_name=full_name, date=dt.date(year, 2, 3)
    )
    route_record(
        actor=world.worker_a,
        participation=back.participations.get(),
        stage=Stage.DROPPED_OUT,
        date=dt.date(year, 3, 3),
        dropout_reason=DropoutReason.UNKNOWN,
    )

    batch = with_new_activity(draft(file_name))
    lines_before = history_lines()
    services.import_run(actor=world.worker_a, batch=batch)
    fast = outcome(network)
    fast_lines = history_lines() - lines_before
    assert fast["attendance"] and fast["followups"]
    assert (full_name or returning, Stage.RETURNED) in {
        (name, stage) for name, stage, *_rest in fast["route"]
    }

    services.import_undo(actor=world.worker_a, batch=batch)
    replay_through_session_record(monkeypatch)
    batch = with_new_activity(draft(file_name))
    lines_before = history_lines()
    services.import_run(actor=world.worker_a, batch=batch)
    slow = outcome(network)
    assert fast == slow
    assert fast_lines == history_lines() - lines_before  # the same field history, line for line


def test_a_year_of_a_40_person_group_takes_queries_per_session_and_person_not_per_cell(world, draft):
    batch = with_new_activity(draft("jaar-40-deelnemers.xlsx"))
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        services.import_run(actor=world.worker_a, batch=batch)
    seconds = time.perf_counter() - started
    batch.refresh_from_db()
    sessions, people = batch.summary["sessions"], batch.summary["participants"]
    cells = batch.summary["present"] + batch.summary["excused"]
    assert (sessions, people, cells) == (51, 40, 855)
    print(f"\nimport of a year of a 40-person group: {len(queries)} queries, {seconds:.2f} s")
    # Before the sessions were written at once it took about 4,750 queries (three per cell,
    # and a dozen per person).
    assert len(queries) <= 20 * sessions + 2 * people + 100, len(queries)  # 977 on 2026-12-05
