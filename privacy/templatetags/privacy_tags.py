"""For the participant page (people:detail): `{% load privacy_tags %}{% participant_privacy participant %}`."""

from django import template

from accounts import access
from privacy.models import Consent, ConsentScope

register = template.Library()


@register.inclusion_tag("privacy/_participant_section.html", takes_context=True)
def participant_privacy(context, participant):
    """A short consent summary and a link to the privacy page (one query)."""
    user = context["request"].user
    if not access.can(user, "consent.view"):
        return {"show": False}
    given = dict(Consent.objects.filter(participant=participant).values_list("scope", "given"))
    rows = [{"label": label, "given": given.get(scope)} for scope, label in ConsentScope.choices]
    return {"show": True, "participant": participant, "rows": rows}
