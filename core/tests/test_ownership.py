"""Walk every URL that takes an object id with another organisation's objects: always 404.

Each app lists how to fill its URL arguments with organisation B's objects in
`<app>/tests/ownership.py` as CASES = {url name: callable(world) -> kwargs}. A URL with
arguments that no app lists makes this test fail, so a new view cannot skip the check.
"""

import importlib

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.testing import sign_in


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _cases() -> dict:
    cases = {}
    for app in settings.INSTALLED_APPS:
        if "." in app:
            continue
        try:
            module = importlib.import_module(f"{app}.tests.ownership")
        except ModuleNotFoundError:
            continue
        cases.update(module.CASES)
    return cases


def _urls_with_arguments():
    return sorted(name for name, pattern in _named_patterns() if pattern.pattern.converters)


def test_every_url_with_an_id_has_an_ownership_case():
    cases = _cases()
    missing = [name for name in _urls_with_arguments() if name not in cases]
    assert missing == [], f"Add these URLs to <app>/tests/ownership.py: {missing}"


@pytest.mark.parametrize("url_name", [name for name in _urls_with_arguments() if _cases().get(name)])
def test_other_organisations_objects_are_404(world, client, url_name):
    """Users of organisation A never reach an object of organisation B, whatever their role."""
    kwargs = _cases()[url_name](world)
    url = reverse(url_name, kwargs=kwargs)
    for user in (world.coordinator, world.worker_a, world.admin):
        sign_in(client, user)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (404, 403, 405), (user.username, method, url, response.status_code)
