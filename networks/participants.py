"""Who takes part in a network, as the people app tells it.

The participants (people) sit above networks in the layers, so the networks' pages do not read
them: the people app gives these reads once, at start-up (`people/apps.py`), with
`participants.implement(name, function)`. A call looks the implementation up when it runs; a
second, different implementation is refused (`core.hooks.HookRegistry`). Without the people app a
network has nobody.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.hooks import HookRegistry

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from networks.models import Network

REGISTRY = HookRegistry()
implement = REGISTRY.implement


@REGISTRY.hook
def participant_counts(networks: QuerySet[Network]) -> dict[int, tuple[int, int]]:
    """{network id: (taking part, structural)} for `networks` (one query); a network nobody takes
    part in may be missing."""
    return {}


@REGISTRY.hook
def participants_by_stage(network: Network) -> dict:
    """The network page's figures (one query): `stage_counts` [(stage, label, number)] for every stage
    of the route in order, `active_count` (taking part) and `structural_count`."""
    return {"stage_counts": [], "active_count": 0, "structural_count": 0}
