"""Every page that shows a participant's file writes its audit entry.

Walks every named URL with GET as the people of organisation B who may read files (its lead worker and
a coordinator), filling id arguments from the apps' ownership cases (organisation B's objects,
`<app>/tests/ownership.py`). Olga's file gets identifiers found nowhere else (full name, phone, e-mail,
address, a point of attention); a page that answers 200 with any of them must have written an audit
entry for her. A new page that shows them without the audit call fails here.
"""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.models import Role
from accounts.services import user_invite
from accounts.testing import sign_in
from core.tests.test_ownership import _cases, _named_patterns
from people.services import participant_update
from privacy import services
from privacy.models import AuditEntry

IDENTIFIERS = (
    "Olga Tjoelker-Zwanenburg",
    "0698765432",
    "olga.tjoelker@example.org",
    "Westerstraat 77",
    "Olga houdt niet van harde muziek",
)


def _urls(world):
    cases = _cases()
    for name, pattern in _named_patterns():
        if pattern.pattern.converters:
            make = cases.get(name)
            if make is None:
                continue
            try:
                yield name, reverse(name, kwargs=make(world))
            except NoReverseMatch:
                continue
        else:
            try:
                yield name, reverse(name)
            except NoReverseMatch:
                continue


@pytest.fixture
def olga_file(world):
    olga = world.olga
    participant_update(
        actor=world.outsider,
        participant=olga,
        expected_version=olga.version,
        full_name=IDENTIFIERS[0],
        phone=IDENTIFIERS[1],
        email=IDENTIFIERS[2],
        address=IDENTIFIERS[3],
    )
    services.consent_set(actor=world.outsider, participant=olga, scope="points_of_attention", given=True)
    services.attention_add(actor=world.outsider, participant=olga, text=IDENTIFIERS[4])
    west_coordinator = user_invite(
        actor=None,
        organisation=world.other_org,
        username="westcoord",
        email="wc@example.org",
        roles=[Role.COORDINATOR],
        password="correct-horse-battery",
    )
    return olga, [world.outsider, west_coordinator]


def test_every_page_that_shows_a_file_writes_its_audit_entry(world, olga_file):
    olga, readers = olga_file
    walked, showing, silent = 0, set(), []
    for user in readers:
        client = sign_in(Client(), user)
        for name, url in _urls(world):
            if name in ("accounts:logout",):
                continue
            before = AuditEntry.objects.filter(participant_id=olga.pk).count()
            response = client.get(url)
            walked += 1
            if response.status_code != 200 or not hasattr(response, "content"):
                continue
            body = response.content.decode(errors="replace")
            if any(identifier in body for identifier in IDENTIFIERS):
                showing.add(name)
                if AuditEntry.objects.filter(participant_id=olga.pk).count() == before:
                    silent.append((user.username, name, url))
    assert walked > 100  # the walk reached the whole app
    assert {"people:detail", "people:edit", "privacy:participant"} <= showing
    assert silent == [], f"pages that show a file without an audit entry: {silent}"
