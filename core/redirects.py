"""Where a form may send the user back to: the one check of a `next` address."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str) -> str:
    """The `next` address of the request (POST first, then GET) when it stays on this site, else `default`.

    On this host only, and over HTTPS when the request came over HTTPS (no downgrade to http://).
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
