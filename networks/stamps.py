"""A stamp per network that the database renews whenever data read about that network changes.

Figures derived from many tables per network (the needs-attention signals, the process evaluation's
figures) are stored with the stamp they were computed for (`kept`) and reused while the stamp is the
same, so a page over 750 networks recomputes only the networks that changed since they were stored.

The stamp is set by database triggers on every table those figures read, so no write can forget it:
the services, the import's bulk inserts, queryset updates and deletes, a cascade and raw SQL alike. A
new stamp is a random 63-bit number, not a counter: a counter comes back to the same value after a
rolled-back change (and the same network id comes back after a rolled-back insert on SQLite), so a value
computed inside that transaction could later look current.

The apps that keep such figures register the tables they read with `watch()` in their ready(). A migrate
that applies something drops every trigger first (`uninstall`: SQLite rebuilds a changed table by
dropping it, which breaks the triggers of the tables that read it), installs them again afterwards
(`install`) and then renews every stamp (`renew_all`), so what its migrations wrote is seen. A migrate
with nothing to apply only puts back triggers that are missing.
networks/tests/test_stamps.py checks that every registered table has its triggers and that each kind
of write renews the stamp; the apps' tests check that their figures read no table that is not registered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import Model, OuterRef, Subquery

from networks.models import Network, NetworkStamp

STAMP_TABLE = NetworkStamp._meta.db_table
# A new stamp in SQL: a random 63-bit number.
RANDOM = {"sqlite": "random()", "postgresql": "floor(random() * 9.2e18)::bigint"}


@dataclass(frozen=True)
class Source:
    table: str
    column: str  # the network's id on the row, or the foreign key of the first hop when `hops` is set
    hops: tuple[tuple[str, str, str], ...] = ()  # (table, primary key, next column) to the network

    def network_of(self, row: str) -> str:
        """SQL for the network id of the NEW or OLD row."""
        sql = f"{row}.{self.column}"
        for table, pk, column in self.hops:
            sql = f"(SELECT {column} FROM {table} WHERE {pk} = {sql})"  # noqa: S608  # nosec B608 - table and column names from the models' meta, no input
        return sql


SOURCES: dict[str, Source] = {}


def watch(model: type[Model], *, network: str = "network", via: str | None = None) -> None:
    """Renew the stamp of the row's network on every insert, update and delete of `model`.

    `network`: the field that holds the network (for Network itself: "id"). `via`: the foreign keys, as
    in a lookup ("interview__round"), to a model that has a `network` field, for rows that reach their
    network through others (a route event through its participation, an answer through its interview
    and that interview's round)."""
    meta = model._meta
    if via is None:
        field = meta.pk if network == "id" else meta.get_field(network)
        source = Source(meta.db_table, field.column)
    else:
        names = via.split("__")
        first = meta.get_field(names[0])
        hops = []
        parent = first.related_model._meta
        for name in names[1:]:
            fk = parent.get_field(name)
            hops.append((parent.db_table, parent.pk.column, fk.column))
            parent = fk.related_model._meta
        hops.append((parent.db_table, parent.pk.column, parent.get_field(network).column))
        source = Source(meta.db_table, first.column, tuple(hops))
    if SOURCES.get(source.table, source) != source:
        raise ValueError(f"{source.table} is watched twice with different paths to its network")
    SOURCES[source.table] = source


def stamp() -> Subquery:
    """The network's stamp, as an annotation of a Network queryset (NULL: nothing changed since the
    triggers were installed)."""
    return Subquery(NetworkStamp.objects.filter(network_id=OuterRef("pk")).values("stamp")[:1])


# ----- figures kept under the stamp ----------------------------------------------------------------


def kept(
    model: type[Model],
    *,
    networks: list,
    scope,
    key: dict,
    unique: tuple[str, ...],
    compute: Callable[[list, object], dict],
    dump: Callable[[object], dict],
    load: Callable[..., object],
) -> dict:
    """Figures per network of `networks` (objects with pk and stamp, from the Network queryset `scope`),
    kept in `model`: a table with `network`, `stamp`, the `key` fields (a day, a period) and the fields
    `dump` fills. Read where a kept row has the `key` and the network's current stamp (one query); the
    others are computed (`compute(stale networks, their queryset)` -> {pk: value}) and stored, `unique`
    being the table's unique fields. `load(network, *stored fields)` turns a kept row back into a value.
    """
    fields = model.KEPT_FIELDS
    by_pk = {n.pk: n for n in networks}
    found: dict = {}
    for pk, stored_stamp, *stored in model.objects.filter(
        network_id__in=scope.values("pk"), **key
    ).values_list("network_id", "stamp", *fields):
        network = by_pk.get(pk)
        if network is not None and stored_stamp == network.stamp:
            found[pk] = load(network, *stored)
    if len(found) < len(by_pk):
        stale = [n for n in networks if n.pk not in found]
        fresh = compute(stale, scope if not found else scope.filter(pk__in=[n.pk for n in stale]))
        model.objects.bulk_create(
            [
                model(network_id=pk, stamp=by_pk[pk].stamp, **key, **dump(fresh[pk]))
                for pk in sorted(fresh)  # one order: two requests storing the same networks never deadlock
            ],
            update_conflicts=True,
            unique_fields=list(unique),
            update_fields=["stamp", *[name for name in key if name not in unique], *fields],
        )
        found.update(fresh)
    return found


def stale_by_organisation(model: type[Model], *, key: dict, networks) -> dict[int, list[int]]:
    """The ids of `networks` ((pk, organisation id, stamp) each) whose row in `model` for `key` is missing
    or not for their current stamp, per organisation: what the worker's housekeeping computes."""
    kept_stamps = dict(model.objects.filter(**key).values_list("network_id", "stamp"))
    stale: dict[int, list[int]] = defaultdict(list)
    for pk, organisation_id, current in networks:
        if pk not in kept_stamps or kept_stamps[pk] != current:
            stale[organisation_id].append(pk)
    return dict(stale)


# ----- the triggers ----------------------------------------------------------------------------


def _sqlite_renew(network: str, condition: str = "") -> str:
    # The WHERE keeps SQLite's parser from reading ON CONFLICT as a join's ON (its documented ambiguity).
    return (
        f"INSERT INTO {STAMP_TABLE} (network_id, stamp) SELECT x, {RANDOM['sqlite']} FROM (SELECT {network} AS x) "  # noqa: S608  # nosec B608
        f"WHERE x IS NOT NULL{condition} ON CONFLICT (network_id) DO UPDATE SET stamp = excluded.stamp;"
    )


def _postgres_renew(network: str) -> str:
    return (
        f"INSERT INTO {STAMP_TABLE} (network_id, stamp) "  # noqa: S608  # nosec B608
        f"SELECT x, {RANDOM['postgresql']} FROM (SELECT {network} AS x) s WHERE x IS NOT NULL "
        f"ON CONFLICT (network_id) DO UPDATE SET stamp = excluded.stamp;"
    )


def trigger_names(table: str) -> list[str]:
    return [f"vg_stamp_{table}_{op}" for op in ("ins", "upd", "del")]


def sqlite_statements(source: Source) -> list[str]:
    ins, upd, delete = trigger_names(source.table)
    new, old = source.network_of("NEW"), source.network_of("OLD")
    return [
        f"CREATE TRIGGER IF NOT EXISTS {ins} AFTER INSERT ON {source.table} BEGIN {_sqlite_renew(new)} END;",
        f"CREATE TRIGGER IF NOT EXISTS {upd} AFTER UPDATE ON {source.table} BEGIN {_sqlite_renew(new)} "
        f"{_sqlite_renew(old, f' AND x IS NOT {new}')} END;",
        f"CREATE TRIGGER IF NOT EXISTS {delete} AFTER DELETE ON {source.table} BEGIN {_sqlite_renew(old)} END;",
    ]


def postgres_statements(source: Source) -> list[str]:
    name = f"vg_stamp_{source.table}"
    new, old = source.network_of("NEW"), source.network_of("OLD")
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN {_postgres_renew(new)}
          ELSIF TG_OP = 'DELETE' THEN {_postgres_renew(old)}
          ELSE
            {_postgres_renew(new)}
            IF {old} IS DISTINCT FROM {new} THEN {_postgres_renew(old)} END IF;
          END IF;
          RETURN NULL;
        END $$;""",
        f"CREATE OR REPLACE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {source.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}();",
    ]


def install(using: str = "default") -> list[str]:
    """Create the triggers of every registered table that exists (idempotent); returns those tables."""
    connection = connections[using]
    statements = {"sqlite": sqlite_statements, "postgresql": postgres_statements}.get(connection.vendor)
    if statements is None:
        return []
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if STAMP_TABLE not in existing:
            return []
        done = []
        for source in SOURCES.values():
            if {source.table, *(hop[0] for hop in source.hops)} <= existing:
                for statement in statements(source):
                    cursor.execute(statement)
                done.append(source.table)
    return done


def installed(using: str = "default") -> set[str]:
    """The registered tables whose triggers are all in the database."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            names = {row[0] for row in cursor.fetchall()}
            return {table for table in SOURCES if set(trigger_names(table)) <= names}
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
        return {table for table in SOURCES if f"vg_stamp_{table}" in names}


def uninstall(using: str = "default") -> None:
    """Drop every stamp trigger. Before a migrate: SQLite changes a table by copying it, dropping it and
    renaming the copy, and the rename fails while a trigger of another table reads the dropped one (an
    answer's trigger reads its interview)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'vg_stamp_%'")
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgname LIKE 'vg_stamp_%'"
            )
            for name, table in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")


def renew_all(using: str = "default") -> None:
    """A new stamp for every network: what was written while the triggers were off is seen (after a
    migrate that applied something, whose data migrations ran without them)."""
    connection = connections[using]
    value = RANDOM.get(connection.vendor)
    with connection.cursor() as cursor:
        if value is None or STAMP_TABLE not in connection.introspection.table_names(cursor):
            return
        cursor.execute(
            f"INSERT INTO {STAMP_TABLE} (network_id, stamp) SELECT id, {value} FROM {Network._meta.db_table} "  # noqa: S608  # nosec B608 - table names from the models' meta, no input
            "WHERE id IS NOT NULL ON CONFLICT (network_id) DO UPDATE SET stamp = excluded.stamp"
        )


def drop_before_migrate(sender, using: str = "default", plan=None, **kwargs) -> None:
    if plan:
        uninstall(using)


def install_after_migrate(sender, using: str = "default", plan=None, **kwargs) -> None:
    install(using)
    if plan:
        renew_all(using)
