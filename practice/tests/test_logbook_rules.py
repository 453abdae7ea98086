import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conftest import TODAY
from practice import services
from practice.models import HouseRule, HouseRuleRevision, LogEntry


def logbook_url(world, query="") -> str:
    return f"/praktijk/netwerk/{world.network_a.pk}/logboek/{query}"


def test_a_logbook_entry_with_linked_participants(world, login):
    client = login(world.worker_a)
    response = client.post(
        logbook_url(world, "nieuw/"),
        {
            "date": TODAY.isoformat(),
            "category": "interpreting",
            "text": "Uitgelegd wat er gebeurde.",
            "participants": [world.anne.pk],
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert (entry.author, list(entry.participants.all())) == (world.worker_a, [world.anne])
    page = client.get(logbook_url(world)).content.decode()
    assert "Uitgelegd wat er gebeurde." in page and "Anne" in page


def test_participants_of_another_network_cannot_be_linked(world, login):
    client = login(world.worker_a)
    response = client.post(
        logbook_url(world, "nieuw/"),
        {"date": TODAY.isoformat(), "category": "group", "text": "x", "participants": [world.bert.pk]},
    )
    assert response.status_code == 200 and not LogEntry.objects.exists()
    with pytest.raises(ValidationError):
        services.logentry_create(
            actor=world.worker_a,
            network=world.network_a,
            date=TODAY,
            category="group",
            text="x",
            participants=[world.bert],
        )


def test_the_logbook_filters_by_category_and_period(world, login):
    for days, category, text in [
        (100, "recruitment", "Oud wervingsgesprek"),
        (10, "recruitment", "Nieuw wervingsgesprek"),
        (5, "milestone", "Eerste eigen uitje"),
    ]:
        services.logentry_create(
            actor=world.worker_a,
            network=world.network_a,
            date=TODAY - dt.timedelta(days=days),
            category=category,
            text=text,
        )
    client = login(world.worker_a)
    page = client.get(logbook_url(world, "?category=recruitment")).content.decode()
    assert (
        "Oud wervingsgesprek" in page and "Nieuw wervingsgesprek" in page and "Eerste eigen uitje" not in page
    )
    start = (TODAY - dt.timedelta(days=30)).isoformat()
    page = client.get(logbook_url(world, f"?category=recruitment&start={start}&end={TODAY}")).content.decode()
    assert "Oud wervingsgesprek" not in page and "Nieuw wervingsgesprek" in page


def test_logbook_list_queries_do_not_grow(world, login, django_assert_max_num_queries):
    client = login(world.worker_a)
    for i in range(3):
        services.logentry_create(
            actor=world.worker_a,
            network=world.network_a,
            date=TODAY,
            category="other",
            text=f"e{i}",
            participants=[world.anne],
        )
    with django_assert_max_num_queries(12) as few:
        client.get(logbook_url(world))
    for i in range(20):
        services.logentry_create(
            actor=world.worker_a,
            network=world.network_a,
            date=TODAY,
            category="other",
            text=f"f{i}",
            participants=[world.anne],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(logbook_url(world))


def test_a_future_logbook_date_is_refused(world):
    with pytest.raises(ValidationError):
        services.logentry_create(
            actor=world.worker_a,
            network=world.network_a,
            date=TODAY + dt.timedelta(days=1),
            category="other",
            text="x",
        )


def test_editing_a_logbook_entry_that_changed_meanwhile_is_a_conflict(world, login):
    entry = services.logentry_create(
        actor=world.worker_a, network=world.network_a, date=TODAY, category="other", text="eerst"
    )
    services.logentry_update(
        actor=world.backup_a, entry=entry, expected_version=1, date=TODAY, category="other", text="tweede"
    )
    client = login(world.worker_a)
    response = client.post(
        logbook_url(world, f"{entry.pk}/"),
        {"date": TODAY.isoformat(), "category": "other", "text": "mijn versie", "version": 1},
    )
    assert response.status_code == 409
    entry.refresh_from_db()
    assert entry.text == "tweede"


def test_house_rule_changes_are_kept(world, login):
    client = login(world.worker_a)
    base = f"/praktijk/netwerk/{world.network_a.pk}/huisregels/"
    agreed = TODAY - dt.timedelta(days=60)
    client.post(base + "nieuw/", {"text": "We laten elkaar uitpraten.", "agreed_on": agreed.isoformat()})
    rule = HouseRule.objects.get()
    client.post(
        base + f"{rule.pk}/",
        {
            "text": "We laten elkaar rustig uitpraten.",
            "agreed_on": TODAY.isoformat(),
            "version": rule.version,
        },
    )
    rule.refresh_from_db()
    assert rule.text == "We laten elkaar rustig uitpraten." and rule.agreed_on == TODAY
    assert list(
        HouseRuleRevision.objects.filter(rule=rule).order_by("id").values_list("text", flat=True)
    ) == [
        "We laten elkaar uitpraten.",
        "We laten elkaar rustig uitpraten.",
    ]
    page = client.get(base).content.decode()
    assert "We laten elkaar rustig uitpraten." in page and "We laten elkaar uitpraten." in page


def test_a_withdrawn_house_rule_is_listed_apart(world, login):
    rule = services.houserule_create(
        actor=world.worker_a,
        network=world.network_a,
        text="We koken om de beurt.",
        agreed_on=TODAY - dt.timedelta(days=90),
    )
    services.houserule_update(
        actor=world.worker_a,
        rule=rule,
        expected_version=1,
        text=rule.text,
        agreed_on=rule.agreed_on,
        withdrawn_on=TODAY,
    )
    page = login(world.worker_a).get(f"/praktijk/netwerk/{world.network_a.pk}/huisregels/").content.decode()
    current, withdrawn = page.split('class="house-rules"')[1].split("</ol>", 1)
    assert "We koken om de beurt." not in current and "We koken om de beurt." in withdrawn


def test_house_rule_conflict_overwrites_nothing(world, login):
    rule = services.houserule_create(actor=world.worker_a, network=world.network_a, text="A", agreed_on=TODAY)
    services.houserule_update(actor=world.backup_a, rule=rule, expected_version=1, text="B", agreed_on=TODAY)
    response = login(world.worker_a).post(
        f"/praktijk/netwerk/{world.network_a.pk}/huisregels/{rule.pk}/",
        {"text": "C", "agreed_on": TODAY.isoformat(), "version": 1},
    )
    assert response.status_code == 409
    rule.refresh_from_db()
    assert rule.text == "B"


def test_the_task_list_is_editable_per_network(world, login, activity):
    client = login(world.worker_a)
    url = f"/praktijk/netwerk/{world.network_a.pk}/taken/"
    client.post(url, {"name": "Tuin wieden"})
    tasks = world.network_a.tasks
    assert tasks.filter(name="Tuin wieden").exists()
    response = client.post(url, {"name": "tuin wieden"})
    assert response.status_code == 200 and tasks.filter(name__iexact="tuin wieden").count() == 1
    task = tasks.get(name="Tuin wieden")
    client.post(url, {"toggle": task.pk})
    task.refresh_from_db()
    assert task.archived
    assert not world.network_b.tasks.filter(name="Tuin wieden").exists()
