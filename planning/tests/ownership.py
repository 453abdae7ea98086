"""Organisation B's network for the ownership walk in core/tests/test_ownership.py."""

CASES = {
    "planning:hours": lambda w: {"network_id": w.other_network.pk},
    "planning:budget": lambda w: {"network_id": w.other_network.pk},
    "planning:budget_edit": lambda w: {"network_id": w.other_network.pk},
    "planning:forecast": lambda w: {"network_id": w.other_network.pk},
}
