from django import template
from django.urls import reverse
from django.utils.crypto import salted_hmac

register = template.Library()


def device_key(user) -> str:
    """An opaque name for the signed-in person on this device (no id, no name): the page script
    compares it with the one it stored, to remove everything when another person signs in."""
    if not user.is_authenticated:
        return ""
    return salted_hmac("offline.device", str(user.pk)).hexdigest()[:24]


@register.inclusion_tag("offline/_status.html", takes_context=True)
def offline_status(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "user_key": device_key(user) if user is not None else "",
        "pages_url": reverse("offline:session_pages"),
    }
