from django.urls import reverse

from accounts import access
from core.registry import NAVIGATION


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for permission, url_name, label in NAVIGATION:
        if access.can(user, permission):
            url = reverse(url_name)
            items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {"nav_items": items}
