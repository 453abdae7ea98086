"""Query helpers shared by the apps' selectors."""

from django.db.models import OuterRef, QuerySet, Subquery


def per_network(queryset: QuerySet, aggregate) -> Subquery:
    """`aggregate` (Sum, Max, Count...) over the rows of `queryset` that belong to the network of the outer
    query (a Network queryset): a correlated subquery, NULL for a network without rows.

    For pages over hundreds of networks: each network's rows are read through the index that starts with
    network_id, which costs less than grouping a whole table and joining the networks (docs/performance.md).
    """
    return Subquery(
        queryset.filter(network_id=OuterRef("pk"))
        .order_by()
        .values("network_id")
        .annotate(v=aggregate)
        .values("v")
    )
