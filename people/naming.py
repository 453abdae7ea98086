"""How participants are named on shared pages (sociogram, printed overviews).

Names only for people who consented to their first name on shared pages; otherwise initials,
made unique within the page (A., A.2, ...).
"""

from collections.abc import Iterable

from core import hooks


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p]
    return "".join(p[0].upper() for p in parts[:2]) + "." if parts else "?"


def shared_display_names(participants: Iterable) -> dict[int, str]:
    people = list(participants)
    consented = hooks.first_name_consent_ids([p.pk for p in people])
    names: dict[int, str] = {}
    seen: dict[str, int] = {}
    for person in sorted(people, key=lambda p: p.pk):
        label = person.name if person.pk in consented else initials(person.name)
        seen[label] = seen.get(label, 0) + 1
        names[person.pk] = label if seen[label] == 1 else f"{label}{seen[label]}"
    return names
