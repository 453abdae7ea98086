from django import template
from django.urls import reverse

from accounts import access
from core.registry import NETWORK_TABS

register = template.Library()


@register.inclusion_tag("networks/_tabs.html", takes_context=True)
def network_tabs(context, network):
    """The tab bar on every network page: apps register their tabs in core.registry.NETWORK_TABS."""
    request = context["request"]
    tabs = []
    for permission, url_name, label in NETWORK_TABS:
        if access.can(request.user, permission):
            url = reverse(url_name, args=[network.pk])
            tabs.append({"url": url, "label": label, "active": request.path == url})
    return {"tabs": tabs, "network": network}
