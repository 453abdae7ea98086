"""The client's address, for login throttling (django-axes) and nothing else.

Directly connected, the client is REMOTE_ADDR, and a header the client sends is ignored: anyone can
write X-Forwarded-For. Behind a reverse proxy every request comes from the proxy's address, so one
person's wrong passwords would lock everyone out; there the proxy's X-Forwarded-For names the client,
but only a proxy listed in TRUSTED_PROXIES (settings, environment variable; default: none) is
believed. The header is read from the right: each trusted proxy appended the address it saw, so the
first address from the right that is not a trusted proxy is the client. Addresses to its left
were written by the client and are never used.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(value, strict=False) for value in settings.TRUSTED_PROXIES]


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.5:51234
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks()
    peer = _address(remote)
    if peer is None or not networks or not _trusted(peer, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for value in reversed(forwarded.split(",")):
        address = _address(value)
        if address is None:
            return remote  # a hop we cannot read: do not guess past it
        if not _trusted(address, networks):
            return str(address)
    return remote
