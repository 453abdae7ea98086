"""The support app's tables in the research export (privacy/research.py), registered in its ready()."""

from django.utils.translation import gettext_lazy as _

from core.files import flag


def _consenting_ties(ctx, *fields: str) -> list[tuple]:
    """The ties between two consenting participants, as tuples of `fields` (receiver first).

    The organisation is filtered in SQL, consent here: with the consenting ids as lists in SQL,
    SQLite's planner scanned every observation and probed the tie index once per consenting
    receiver for each of them (docs/performance.md, changes 20 and 22).
    """
    from support.models import SupportTie

    ids = ctx.participant_ids
    rows = SupportTie.objects.filter(
        observation__network__organisation_id=ctx.study.organisation_id
    ).values_list("receiver_id", "observation__giver_id", *fields)
    return [t for t in rows.iterator(chunk_size=5000) if t[0] in ids and t[1] in ids]


def _support_ties(ctx):
    from support.models import SupportObservation

    ids = ctx.participant_ids
    rows = [
        (
            ctx.pseudonym(giver),
            ctx.pseudonym(receiver),
            kind,
            ctx.month(date),
            flag(outside),
            ctx.network(nid),
        )
        for receiver, giver, kind, date, outside, nid in _consenting_ties(
            ctx,
            "observation__kind",
            "observation__date",
            "observation__outside_hours",
            "observation__network_id",
        )
    ]
    rows += [
        (ctx.pseudonym(giver), "group", kind, ctx.month(date), flag(outside), ctx.network(nid))
        for giver, kind, date, outside, nid in SupportObservation.objects.filter(
            network__organisation_id=ctx.study.organisation_id, to_group=True
        ).values_list("giver_id", "kind", "date", "outside_hours", "network_id")
        if giver in ids
    ]
    rows.sort(key=lambda r: (r[0], r[1], r[3]))
    return ["giver", "receiver", "kind", "month", "outside_hours", "network"], rows


def _support_edges(ctx):
    for receiver, giver, kind, date in _consenting_ties(ctx, "observation__kind", "observation__date"):
        yield giver, receiver, {"kind": kind, "month": ctx.month(date)}


def register() -> None:
    from privacy.research import register_edges, register_table

    register_table("support_ties", _("Support ties"), _support_ties)
    register_edges(_support_edges)
