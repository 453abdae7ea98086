from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import access

# (permission, url name, label). Apps add their main pages here; the nav shows what the user may open.
NAVIGATION = [
    ("network.view", "networks:list", _("Support networks")),
    ("participant.view", "people:list", _("Participants")),
    ("partner.view", "people:partners", _("Partners")),
    ("location.view", "accounts:locations", _("Locations")),
    ("user.manage", "accounts:users", _("Users")),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        {"url": reverse(url_name), "label": label, "active": request.path.startswith(reverse(url_name))}
        for permission, url_name, label in NAVIGATION
        if access.can(user, permission)
    ]
    return {"nav_items": items}
