"""The demo's quality story: the Soepgroep evaluated after one year and at the end of the period,
the Creaclub reflecting and checking its preconditions, the Speelgoedpunt still arranging them."""

import datetime as dt

from core.dates import add_months
from quality import catalogue
from quality.services import evaluation_create, precondition_set, reflection_record


def _answers(ctx, chance_yes: float, notes: dict | None = None) -> dict:
    answers = {}
    for key in catalogue.CHECKLIST_KEYS:
        roll = ctx.rng.random()
        answer = "yes" if roll < chance_yes else ("partly" if roll < chance_yes + 0.25 else "not_yet")
        answers[key] = (answer, (notes or {}).get(key, ""))
    return answers


def _goals(results: str, notes: dict) -> dict:
    names = {"A": "achieved", "P": "partly", "N": "not", "U": "unknown"}
    return {
        letter: {"result": names[code], "note": notes.get(letter, "")}
        for letter, code in zip(catalogue.SUB_GOAL_LETTERS, results, strict=True)
    }


def build(ctx) -> None:
    users, today = ctx.users, ctx.today
    soup, crafts, toys = ctx.networks["soup"], ctx.networks["crafts"], ctx.networks["toys"]
    sanne, mohammed, coordinator = users["sanne"], users["mohammed"], users["ingrid"]

    for key in catalogue.PRECONDITION_KEYS:
        precondition_set(
            actor=coordinator,
            network=soup,
            key=key,
            status="met",
            expected_version=0,
            checked_on=add_months(soup.start_date, 1),
        )
    reflection_record(
        actor=sanne,
        network=soup,
        date=add_months(soup.start_date, 11),
        answers=_answers(
            ctx,
            0.5,
            {
                "re_outside": "Nog weinig contact buiten de dinsdag.",
            },
        ),
        note="Reflectie met Mohammed als achterwacht, voor het jaargesprek.",
    )
    reflection_record(
        actor=sanne,
        network=soup,
        date=add_months(soup.start_date, 19),
        answers=_answers(
            ctx,
            0.8,
            {
                "re_outside": "Deelnemers gaan samen naar de markt en zoeken elkaar op bij ziekte.",
            },
        ),
        note="Voor de eindevaluatie.",
    )
    evaluation_create(
        actor=sanne,
        network=soup,
        kind="one_year",
        date=add_months(soup.start_date, 12) + dt.timedelta(days=6),
        took_part="whole_group",
        participants_count=14,
        goals=_goals(
            "AAPPAPAUP",
            {
                "a": "Elf nieuwe mensen kwamen via de huisarts en het wijkteam.",
                "d": "Vooral de stabiele kern doet al veel voor elkaar.",
            },
        ),
        main_goal="partly",
        main_goal_note="De groep staat; steun buiten de dinsdag komt op gang.",
        success_factors=["worker_presence", "good_location", "shared_tasks"],
        failure_factors=["few_referrals"],
        factors_note="Het koken geeft iedereen een taak.",
        sustain="Vaste dinsdag in De Kroon houden.",
        recommendations="Meer werven via de poh-ggz; nieuwkomers laten ophalen door een deelnemer.",
        status="final",
    )
    evaluation_create(
        actor=sanne,
        network=soup,
        kind="final",
        date=add_months(soup.start_date, 20),
        took_part="part",
        participants_count=9,
        goals=_goals(
            "AAAAAAAPA",
            {
                "h": "Emotionele steun vooral in tweetallen.",
                "i": "Samen boodschappen, meegaan naar het ziekenhuis.",
            },
        ),
        main_goal="achieved",
        main_goal_note="Deelnemers noemen de groep 'onze soepgroep' en zien elkaar ook thuis.",
        success_factors=["stable_core", "contacts_outside", "backup_known", "own_ideas"],
        failure_factors=["too_few_hours"],
        factors_note="Vier uur per week was krap in de opbouw.",
        sustain="Lichte ondersteuning door Sanne; financiering door de gemeente als voorziening.",
        recommendations="Jaarlijks evalueren met de hele groep; achterwacht blijft gekoppeld.",
        status="final",
    )

    for key, status, note in [
        ("hours_agreed", "met", "Vier uur per week afgesproken met de teamleider."),
        ("hours_budget", "met", ""),
        ("backup", "met", "Joke kent de groep van de inloop."),
        ("location", "met", "Het Anker, crearuimte op dinsdagmiddag."),
        ("room", "partly", "De ruimte wordt ook door een andere groep gebruikt."),
        ("activity_budget", "partly", "Materiaal uit het innovatiebudget; nog geen vast budget."),
        ("continuation", "not_met", "Voortzetting na anderhalf jaar nog niet besproken met de gemeente."),
    ]:
        precondition_set(
            actor=coordinator,
            network=crafts,
            key=key,
            status=status,
            note=note,
            expected_version=0,
            checked_on=add_months(crafts.start_date, 10),
        )
    reflection_record(
        actor=sanne,
        network=crafts,
        date=today - dt.timedelta(days=20),
        answers=_answers(
            ctx,
            0.45,
            {
                "ac_together": "De groep kiest zelf de knutselprojecten.",
            },
        ),
        note="Eerste reflectie, na de opbouwfase.",
    )

    for key, status, note in [
        ("hours_agreed", "working", "Gesprek met de teamleider over de uren staat gepland."),
        ("backup", "met", "Joke is achterwacht."),
        ("location", "working", "De Linde heeft een ruimte; afspraken over de dagen lopen nog."),
        ("activity_budget", "working", "Aanvraag bij het buurtfonds ingediend."),
    ]:
        precondition_set(
            actor=mohammed,
            network=toys,
            key=key,
            status=status,
            note=note,
            expected_version=0,
            checked_on=today - dt.timedelta(days=10),
        )
