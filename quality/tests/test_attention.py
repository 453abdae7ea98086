"""The needs-attention signals: each rule, the facts they read, and where they are shown."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import TODAY
from core.dates import add_months
from networks.models import Network, Phase
from planning.selectors import PlanningFacts
from quality import attention
from quality.attention import NetworkFacts


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def _network(**fields) -> Network:
    values = {
        "pk": 1,
        "name": "Tuinclub",
        "organisation_id": 1,
        "location_id": 1,
        "phase": Phase.BUILDUP,
        "phase_since": TODAY - dt.timedelta(days=30),
        "start_date": TODAY - dt.timedelta(days=120),
        "weekly_hours": Decimal("4"),
        **fields,
    }
    return Network(**values)


def _facts(network=None, **fields) -> NetworkFacts:
    planning = PlanningFacts(
        hours_window=Decimal("52"),
        longest_activity_minutes=120,
        budget_total=Decimal("1000"),
        spent=Decimal("100"),
    )
    values = {
        "active": 15,
        "structural": 10,
        "structural_before": 10,
        "has_backup": True,
        "planning": planning,
        "precondition_status": dict.fromkeys(attention.catalogue.PRECONDITION_KEYS, "met"),
        **fields,
    }
    return NetworkFacts(network=network or _network(), **values)


def test_a_network_in_good_shape_has_no_signals():
    assert attention.signals(_facts(), TODAY) == []


# ----- one test per rule ------------------------------------------------------------------------------


def test_phase_overdue_says_how_long_and_links_to_the_phase():
    since = TODAY - dt.timedelta(days=200)
    facts = _facts(_network(phase=Phase.EXPLORATION, phase_since=since))
    signal = attention.phase_overdue(facts, TODAY)
    days = (TODAY - add_months(since, 3)).days
    assert signal.text == f"Verkenning duurt {days} dagen langer dan de geplande 3 maanden."
    assert signal.url == reverse("networks:phase", args=[1]) and signal.urgent
    assert attention.phase_overdue(_facts(_network(phase_since=TODAY - dt.timedelta(days=30))), TODAY) is None


def test_preconditions_recorded_or_known_to_be_missing():
    facts = _facts(
        _network(location_id=None),
        has_backup=False,
        precondition_status={"room": "not_met", "partners": "partly"},
    )
    signal = attention.preconditions_unmet(facts, TODAY)
    assert signal.text == (
        "4 randvoorwaarden niet vervuld: achterwacht, locatie, ruimte voor de groep, partners."
    )
    assert signal.url == reverse("quality:network", args=[1]) + "#randvoorwaarden"
    # unchecked ones are not unmet: nothing recorded, nothing known to be missing
    assert attention.preconditions_unmet(_facts(precondition_status={}), TODAY) is None


def test_only_the_fact_keys_have_facts():
    from quality.selectors import PRECONDITION_FACT_KEYS, precondition_fact_ok

    for key in attention.catalogue.PRECONDITION_KEYS:
        known = precondition_fact_ok(key, weekly_hours=0, norm_hours=4, has_backup=False, has_location=False)
        assert (known is not None) == (key in PRECONDITION_FACT_KEYS), key


def test_preconditions_count_the_hours_against_the_staffing_norm_of_planning():
    # 21 taking part: the norm (planning/norm.py) asks 4.5 hours, 4 are agreed
    signal = attention.preconditions_unmet(_facts(active=21), TODAY)
    assert signal is not None and "uren sociaal werker" in signal.text
    assert attention.preconditions_unmet(_facts(active=20), TODAY) is None


def test_evaluation_overdue_due_today_and_coming_up():
    overdue = _facts(_network(start_date=TODAY - dt.timedelta(days=400)))
    signal = attention.evaluation_due(overdue, TODAY)
    assert signal.urgent and signal.text.startswith("Evaluatie na een jaar te laat sinds ")
    assert signal.url == reverse("quality:evaluation_new", args=[1]) + "?soort=one_year"
    today = _facts(_network(start_date=add_months(TODAY, -12)))
    assert attention.evaluation_due(today, TODAY).text == "Evaluatie na een jaar staat voor vandaag gepland."
    soon = attention.evaluation_due(_facts(_network(start_date=add_months(TODAY, -11))), TODAY)
    assert soon.level == attention.SOON and "gepland op" in soon.text
    assert attention.evaluation_due(_facts(_network(start_date=add_months(TODAY, -6))), TODAY) is None


def test_a_recorded_evaluation_ends_the_signal():
    facts = _facts(
        _network(start_date=TODAY - dt.timedelta(days=400)),
        evaluations=[attention.EvaluationRow(5, "one_year", TODAY - dt.timedelta(days=10), "final")],
    )
    assert attention.evaluation_due(facts, TODAY) is None


def test_structural_count_falling_by_two_or_more():
    signal = attention.structural_falling(_facts(structural=12, structural_before=15), TODAY)
    assert signal.text == "De stabiele kern wordt kleiner: 12 vaste deelnemers, 8 weken geleden 15."
    assert signal.url == reverse("practice:stages", args=[1])
    assert attention.structural_falling(_facts(structural=14, structural_before=15), TODAY) is None


def test_follow_ups_waiting_longer_than_three_weeks():
    oldest = TODAY - dt.timedelta(days=30)
    signal = attention.followups_waiting(_facts(waiting_followups=2, oldest_followup=oldest), TODAY)
    assert signal.text.startswith("2 opvolgingen staan al meer dan drie weken open (de oudste sinds ")
    assert signal.url == reverse("practice:followups", args=[1])


def test_budget_nearly_spent_and_overspent():
    def planning(spent):
        return PlanningFacts(Decimal("52"), None, Decimal("1000"), Decimal(spent))

    signal = attention.budget_nearly_spent(_facts(planning=planning("957.24")), TODAY)
    assert signal.text == "Nog maar € 42,76 over van het budget van € 1.000,00." and not signal.urgent
    assert signal.url == reverse("planning:budget", args=[1])
    over = attention.budget_nearly_spent(_facts(planning=planning("1012")), TODAY)
    assert over.urgent and over.text == "Het budget is met € 12,00 overschreden (budget € 1.000,00)."
    assert attention.budget_nearly_spent(_facts(planning=planning("899.99")), TODAY) is None


def test_hours_below_the_norm_agreed_spent_and_a_second_worker():
    agreed = attention.hours_below_norm(_facts(active=22), TODAY)
    assert agreed.text == "4 uur per week afgesproken; met 22 deelnemers vraagt de interventie 4,5 uur."
    assert agreed.url == reverse("planning:hours", args=[1])
    low = _facts(planning=PlanningFacts(Decimal("13"), None, Decimal("1000"), Decimal("0")))
    assert "1 uur per week besteed" in attention.hours_below_norm(low, TODAY).text  # 13 hours in 13 weeks
    second = attention.hours_below_norm(_facts(_network(weekly_hours=Decimal("6")), active=31), TODAY)
    assert second.text == "Met 31 deelnemers vraagt de interventie om een tweede sociaal werker."
    assert attention.hours_below_norm(_facts(active=20), TODAY) is None


def test_the_most_urgent_signals_come_first():
    facts = _facts(_network(phase=Phase.EXPLORATION, phase_since=TODAY - dt.timedelta(days=200)), active=22)
    kinds = [s.kind for s in attention.signals(facts, TODAY)]
    assert kinds == ["phase", "preconditions", "hours"]  # hours: coming up, last


# ----- the facts of many networks ---------------------------------------------------------------------


def _facts_of(world, today=TODAY):
    scope = Network.objects.filter(organisation=world.org)
    networks = list(scope.only(*attention.NETWORK_FIELDS))
    return attention.network_facts(networks=networks, scope=scope, today=today)


def test_the_structural_count_of_eight_weeks_ago_comes_from_the_routes(world):
    from people.models import Stage
    from people.services import participant_register, route_record

    start = TODAY - dt.timedelta(days=180)
    people = [
        participant_register(actor=None, network=world.network_b, name=f"Vast {i}", date=start)
        for i in range(3)
    ]
    for person in people:
        route_record(
            actor=None,
            participation=person.participations.get(),
            stage=Stage.STRUCTURAL,
            date=start + dt.timedelta(days=95),
        )
    # two leave in the last eight weeks, one became structural long ago and stays
    for person in people[:2]:
        route_record(
            actor=None,
            participation=person.participations.get(),
            stage=Stage.DROPPED_OUT,
            date=TODAY - dt.timedelta(days=10),
            dropout_reason="illness",
        )
    facts = _facts_of(world)[world.network_b.pk]
    assert (facts.structural, facts.structural_before) == (1, 3)
    signal = attention.structural_falling(facts, TODAY)
    assert signal is not None and "1 vaste deelnemers, 8 weken geleden 3" in signal.text


def test_the_facts_read_follow_ups_budget_and_backups(world):
    from planning.services import expense_record
    from practice.models import FollowUp

    participation = world.bert.participations.get()
    FollowUp.objects.create(
        participation=participation,
        network=world.network_b,
        missed=3,
        opened_on=TODAY - dt.timedelta(days=22),
    )
    expense_record(
        actor=world.worker_b,
        network=world.network_b,
        date=TODAY,
        amount=Decimal("957.24"),
        category="activities",
        description="Materiaal",
    )
    facts = _facts_of(world)
    b, a = facts[world.network_b.pk], facts[world.network_a.pk]
    assert (b.waiting_followups, b.oldest_followup) == (1, TODAY - dt.timedelta(days=22))
    assert a.waiting_followups == 0
    assert b.planning.remaining == Decimal("42.76") and a.planning.remaining == Decimal("1000")
    assert (a.has_backup, b.has_backup) == (True, False)


# ----- where they are shown ---------------------------------------------------------------------------


def test_the_coordinators_home_lists_what_needs_attention(world, login):
    page = login(world.coordinator).get(reverse("home"))
    html = page.content.decode()
    assert "Vraagt aandacht" in html and "2 van de 2 vangnetwerken vragen aandacht." in html
    assert "Verkenning duurt" in html and reverse("networks:phase", args=[world.network_b.pk]) in html
    assert "Je bent nog niet aan een vangnetwerk gekoppeld" not in html  # a coordinator's home is not that
    assert reverse("networks:list") + "?aandacht=alle" in html


def test_a_worker_sees_the_signals_of_their_own_networks_only(world, login):
    html = login(world.worker_a).get(reverse("home")).content.decode()
    assert "1 van de 1 vangnetwerken vraagt aandacht." in html
    assert reverse("networks:phase", args=[world.network_b.pk]) not in html


def test_the_evaluator_gets_no_needs_attention_view(world, login):
    assert "Vraagt aandacht" not in login(world.evaluator).get(reverse("home")).content.decode()


def test_the_home_section_has_a_fixed_number_of_queries(world, django_assert_num_queries):
    from networks.services import network_create
    from quality.services import evaluation_create
    from quality.tests.helpers import evaluation_data

    # the networks, their kept signals, seven reads of the facts of those that changed
    # (quality.attention.network_facts) and storing their signals; without a change only the first two
    with django_assert_num_queries(10):
        before = attention.home_section(world.coordinator)
    with django_assert_num_queries(2):
        assert attention.home_section(world.coordinator) == before
    for i in range(12):
        network = network_create(
            actor=None,
            organisation=world.org,
            name=f"Extra {i}",
            start_date=TODAY - dt.timedelta(days=500),
            lead=world.worker_b,
        )
        evaluation_create(actor=world.worker_b, network=network, **evaluation_data())
    with django_assert_num_queries(10):
        after = attention.home_section(world.coordinator)
    with django_assert_num_queries(2):
        attention.home_section(world.coordinator)
    assert after["networks"] == before["networks"] + 12
    assert len(after["rows"]) == attention.HOME_ROWS and after["more"] == 14 - attention.HOME_ROWS


def test_the_network_cards_carry_the_same_signals_and_filter_on_them(world, login):
    from planning.services import expense_record

    expense_record(
        actor=world.worker_b,
        network=world.network_b,
        date=TODAY,
        amount=Decimal("957.24"),
        category="activities",
        description="Materiaal",
    )
    client = login(world.coordinator)
    page = client.get(reverse("networks:list"))
    cards = {card.name: card for card in page.context["networks"]}
    assert {s.kind for s in cards["Creaclub"].signals} >= {"phase", "preconditions", "budget"}
    html = page.content.decode()
    assert "Nog maar € 42,76 over van het budget van € 1.000,00." in html
    filtered = client.get(reverse("networks:list") + "?aandacht=budget")
    assert [card.name for card in filtered.context["networks"]] == ["Creaclub"]
    home = attention.home_section(world.coordinator)
    on_home = {row.name: [s.text for s in row.signals] for row in home["rows"]}
    assert on_home["Creaclub"] == [s.text for s in cards["Creaclub"].signals]


def test_the_network_list_paginates(world, login, settings):
    from networks import selectors

    for i in range(3):
        Network.objects.create(organisation=world.org, name=f"Z {i}", start_date=TODAY, phase_since=TODAY)
    client = login(world.coordinator)
    original = selectors.CARDS_PER_PAGE
    selectors.CARDS_PER_PAGE = 2
    try:
        first = client.get(reverse("networks:list"))
        last = client.get(reverse("networks:list") + "?pagina=3")
    finally:
        selectors.CARDS_PER_PAGE = original
    assert len(first.context["networks"]) == 2 and "Pagina 1 van 3" in first.content.decode()
    assert [c.name for c in last.context["networks"]] == ["Z 2"]
