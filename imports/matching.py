"""Which people in a sheet are already known in the network: the ONE place the import asks that.

Two kinds of match, best first:
- the same name (after `imports.mapping.normalise`): the preview takes that person unless the user
  chooses otherwise;
- a similar name by the app's duplicate rule (`people.duplicates.similar_ids`, the rule that warns when
  a worker registers someone or types a walk-in): shown as "perhaps the same person", new unless the
  user picks the existing one.
"""

from __future__ import annotations

from dataclasses import dataclass

from imports.mapping import normalise
from networks.models import Network
from people.duplicates import similar_ids
from people.models import Participation


@dataclass(frozen=True)
class Existing:
    """A participant already on the network's route who may be the same person as a sheet row."""

    participant_id: int
    name: str
    full_name: str
    stage: str
    exact: bool = True  # the same name; False: a similar name by the duplicate rule


def match_existing(*, network: Network, people: list[tuple[str, str]]) -> list[list[Existing]]:
    """For each (first name or nickname, full name) from the sheet, the network's participants who
    are probably the same person, best first; an empty list when nobody matches.

    Rule: names are compared after `imports.mapping.normalise` (case, accents, punctuation and
    spacing ignored). A sheet row with a full name matches a participant whose full name is the same,
    or whose first name is the same when that participant has no full name recorded; a row with only
    a first name matches a participant with the same first name. Anonymised participants never
    match. One query, whatever the number of rows.
    """
    known = list(
        Participation.objects.filter(network=network, participant__anonymised_at__isnull=True)
        .order_by("participant_id")
        .values_list("participant_id", "participant__name", "participant__full_name", "stage")
    )
    everyone = {pid: Existing(pid, name, full_name, stage) for pid, name, full_name, stage in known}
    rows = [(pid, name, full_name) for pid, name, full_name, _stage in known]
    by_full: dict[str, list[Existing]] = {}
    by_first: dict[str, list[Existing]] = {}
    for pid, name, full_name, stage in known:
        person = Existing(participant_id=pid, name=name, full_name=full_name, stage=stage)
        if full_name:
            by_full.setdefault(normalise(full_name), []).append(person)
        by_first.setdefault(normalise(name), []).append(person)
    results: list[list[Existing]] = []
    for name, full_name in people:
        found: list[Existing] = []
        if full_name and normalise(full_name):
            found = list(by_full.get(normalise(full_name), []))
            found += [p for p in by_first.get(normalise(name), []) if not p.full_name and p not in found]
            if not found:
                found = [p for p in by_first.get(normalise(full_name), []) if not p.full_name]
        else:
            found = list(by_first.get(normalise(name), []))
        seen = {p.participant_id for p in found}
        for pk, _score in similar_ids(full_name or name, rows):
            if pk not in seen:
                person = everyone[pk]
                found.append(
                    Existing(person.participant_id, person.name, person.full_name, person.stage, exact=False)
                )
                seen.add(pk)
        results.append(found)
    return results
