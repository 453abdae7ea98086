"""The networks' stamps (networks/stamps.py): renewed by the database on every write to a watched table."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import F

from conftest import TODAY
from networks import stamps
from networks.models import NetworkStamp


def stamp_of(network) -> int | None:
    return NetworkStamp.objects.filter(network_id=network.pk).values_list("stamp", flat=True).first()


def model_of(table: str):
    return next(m for m in apps.get_models() if m._meta.db_table == table)


@pytest.mark.django_db
def test_every_watched_table_has_its_triggers():
    assert {"networks_network", "people_participation", "people_routeevent", "planning_expense"} <= set(
        stamps.SOURCES
    )
    assert stamps.installed() == set(stamps.SOURCES)


@pytest.mark.django_db
def test_the_step_after_migrate_puts_back_triggers_a_rebuilt_table_lost():
    """Django rebuilds a table on SQLite for many schema changes, which drops its triggers."""
    table = "planning_expense"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in stamps.trigger_names(table):
                cursor.execute(f"DROP TRIGGER {name}")
        else:
            cursor.execute(f"DROP TRIGGER vg_stamp_{table} ON {table}")
    assert table not in stamps.installed()
    stamps.install_after_migrate(sender=apps.get_app_config("networks"), using="default")
    assert stamps.installed() == set(stamps.SOURCES)


def test_writes_of_every_kind_renew_the_stamp_of_their_network_only(world):
    from people.models import Participation, Stage
    from people.services import participant_register, route_record
    from planning.models import Expense, HoursEntry

    a, b = world.network_a, world.network_b

    def renews(change, *, of=(a,), not_of=(b,)):
        before = {n.pk: stamp_of(n) for n in (*of, *not_of)}
        change()
        for n in of:
            assert stamp_of(n) != before[n.pk], n
        for n in not_of:
            assert stamp_of(n) == before[n.pk], n

    people = []
    renews(lambda: people.append(participant_register(actor=None, network=a, name="Cor", date=TODAY)))
    participation = Participation.objects.get(network=a, participant=people[0])
    renews(  # through the participation: a route event has no network of its own
        lambda: route_record(actor=None, participation=participation, stage=Stage.STRUCTURAL, date=TODAY)
    )
    renews(lambda: participation.events.filter(stage=Stage.STRUCTURAL).delete())
    renews(lambda: Participation.objects.filter(pk=participation.pk).update(stage_since=F("stage_since")))
    renews(  # bulk inserts, as the import writes
        lambda: HoursEntry.objects.bulk_create(
            [
                HoursEntry(
                    network=b,
                    worker=world.worker_b,
                    role="lead",
                    week=TODAY - dt.timedelta(days=7 * i),
                    hours=Decimal(3),
                    purpose="activity",
                )
                for i in range(3)
            ]
        ),
        of=(b,),
        not_of=(a,),
    )
    expense = Expense.objects.create(network=a, date=TODAY, amount=Decimal("12.50"), category="activities")
    renews(lambda: Expense.objects.filter(pk=expense.pk).update(network=b), of=(a, b), not_of=())
    renews(lambda: Expense.objects.filter(pk=expense.pk).delete(), of=(b,), not_of=(a,))
    with connection.cursor() as cursor:  # raw SQL too
        renews(lambda: cursor.execute("UPDATE networks_network SET name = name WHERE id = %s", [a.pk]))


def test_a_rolled_back_change_never_gives_a_stamp_that_comes_back(world):
    from planning.models import Expense

    before = stamp_of(world.network_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        Expense.objects.create(network=world.network_a, date=TODAY, amount=Decimal(1), category="activities")
        inside = stamp_of(world.network_a)
        raise RuntimeError
    assert stamp_of(world.network_a) == before
    Expense.objects.create(network=world.network_a, date=TODAY, amount=Decimal(2), category="activities")
    assert stamp_of(world.network_a) not in (before, inside)


def test_every_watched_table_renews_the_stamp_on_update_in_the_demo(db):
    """One existing row of each watched table, changed by plain SQL: its network's stamp changes."""
    from core.demo import build_demo

    build_demo()
    for table, source in stamps.SOURCES.items():
        model = model_of(table)
        row = model.objects.order_by("pk").values_list("pk", flat=True).first()
        assert row is not None, f"the demo has no row in {table}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {source.network_of('t')} FROM {table} t WHERE t.{model._meta.pk.column} = %s",  # noqa: S608
                [row],
            )
            network_id = cursor.fetchone()[0]
            before = (
                NetworkStamp.objects.filter(network_id=network_id).values_list("stamp", flat=True).first()
            )
            column = source.column
            cursor.execute(
                f"UPDATE {table} SET {column} = {column} WHERE {model._meta.pk.column} = %s",  # noqa: S608
                [row],
            )
        after = NetworkStamp.objects.get(network_id=network_id).stamp
        assert after != before, table


@pytest.mark.django_db(transaction=True)  # schema changes: no test transaction around them
def test_a_migrate_runs_with_the_triggers_off_and_renews_every_stamp_after(world):
    """Going back over evaluation 0003 rebuilds the interview table on SQLite (a dropped and renamed copy),
    which fails while the answers' trigger reads that table; migrate takes the triggers off first."""
    from django.core.management import call_command

    networks = (world.network_a, world.network_b)
    before = {n.pk: stamp_of(n) for n in networks}
    call_command("migrate", "evaluation", "0002", verbosity=0)
    assert stamps.installed() == set(stamps.SOURCES)
    call_command("migrate", verbosity=0)
    assert stamps.installed() == set(stamps.SOURCES)
    after = {n.pk: stamp_of(n) for n in networks}
    assert all(after[pk] not in (None, before[pk]) for pk in after)  # the migrations' writes are seen
    call_command("migrate", verbosity=0)  # nothing to apply: the stamps stay
    assert {n.pk: stamp_of(n) for n in networks} == after
