"""Likely duplicates: is the person being registered already known under a similar name?

Names are compared with Jaro-Winkler similarity (rapidfuzz), which suits short first names and
typing slips ("Anne"/"Anna", "Bert"/"Berd", "Ane"/"Anne"), after folding case, accents and spaces.
Each side is compared by its whole name and by its first word, against the first name or nickname
and the full name of everyone in the organisation. The warning is cheap to dismiss, so the threshold
errs towards asking.
"""

from __future__ import annotations

import unicodedata

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

# Jaro-Winkler similarity (0..1) from which two names count as "probably the same person".
THRESHOLD = 0.88
# At most this many people are shown in one warning, the most similar first.
LIMIT = 5


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: 'Anné  de Vries' -> 'anne de vries'."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def _variants(text: str) -> set[str]:
    folded = fold(text)
    if not folded:
        return set()
    return {folded, folded.split(" ")[0]}


def similar_ids(query: str, people: list[tuple[int, str, str]]) -> list[tuple[int, float]]:
    """(id, similarity) of the people whose name or full name resembles `query`, most similar first.

    `people` holds (id, name, full_name) rows.
    """
    wanted = _variants(query)
    if not wanted:
        return []
    choices: list[str] = []
    owners: list[int] = []
    for pk, name, full_name in people:
        for variant in _variants(name) | _variants(full_name):
            choices.append(variant)
            owners.append(pk)
    best: dict[int, float] = {}
    for variant in wanted:
        for _choice, score, index in process.extract(
            variant, choices, scorer=JaroWinkler.normalized_similarity, score_cutoff=THRESHOLD, limit=None
        ):
            pk = owners[index]
            best[pk] = max(best.get(pk, 0.0), score)
    return sorted(best.items(), key=lambda item: (-item[1], item[0]))[:LIMIT]
