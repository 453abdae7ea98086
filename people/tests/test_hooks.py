"""What the apps above people give it at start-up (people/hooks.py, networks/participants.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from networks import participants
from people import hooks


@pytest.mark.parametrize("registry", [hooks.REGISTRY, participants.REGISTRY], ids=["people", "networks"])
def test_every_hook_has_its_implementation(registry):
    """No merge step, count or history falls back to its default ("nothing there") in the running app."""
    assert sorted(registry.implementations) == sorted(registry.defaults)


def test_a_second_merge_step_for_the_same_rows_stops_the_start_up():
    def another(keep, remove, summary):
        return ()

    with pytest.raises(ImproperlyConfigured, match="merge_consent"):
        hooks.implement("merge_consent", another)
