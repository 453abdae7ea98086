"""core.redirects.safe_next: the one check of a `next` address (sign-in, two-step, support form)."""

import pytest
from django.test import RequestFactory

from core.redirects import safe_next


def _get(next_url: str, *, secure: bool = False):
    return RequestFactory().get("/x/", {"next": next_url}, secure=secure, HTTP_HOST="testserver")


@pytest.mark.parametrize("target", ["/netwerken/3/", "/", "https://testserver/netwerken/"])
def test_an_address_on_this_site_is_kept(target):
    assert safe_next(_get(target, secure=True), "/home/") == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http:///evil.example",
        "javascript:alert(1)",
        "",
    ],
)
def test_an_address_elsewhere_falls_back(target):
    assert safe_next(_get(target, secure=True), "/home/") == "/home/"


def test_no_downgrade_from_https_to_http():
    assert safe_next(_get("http://testserver/netwerken/", secure=True), "/home/") == "/home/"
    # over plain http (development) the same address is this site's
    assert safe_next(_get("http://testserver/netwerken/"), "/home/") == "http://testserver/netwerken/"


def test_the_posted_address_comes_first():
    request = RequestFactory().post("/x/?next=/a/", {"next": "/b/"}, HTTP_HOST="testserver")
    assert safe_next(request, "/home/") == "/b/"


def test_both_views_use_it():
    """The sign-in and support views call this check, not a copy of their own."""
    import accounts.views_auth
    import support.views

    for module in (accounts.views_auth, support.views):
        assert module.safe_next is safe_next
        assert "url_has_allowed_host_and_scheme" not in vars(module)
