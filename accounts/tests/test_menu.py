"""Every menu entry and network tab an app registers names a real page and a real permission: a
broken link fails here instead of disappearing from the menu."""

from django.urls import reverse

from accounts.access import PERMISSIONS
from core.registry import NAVIGATION, NETWORK_TABS


def test_every_menu_entry_resolves_and_names_a_permission():
    for permission, name, _label in NAVIGATION:
        assert permission in PERMISSIONS, permission
        assert reverse(name)


def test_every_network_tab_resolves_and_names_a_permission():
    for permission, name, _label in NETWORK_TABS:
        assert permission in PERMISSIONS, permission
        assert reverse(name, args=[1])
