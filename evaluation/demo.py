"""A completed evaluation round for the mature soup network, held by the evaluator Evi."""

import datetime as dt

from evaluation import services
from evaluation.models import QuestionKind
from people.models import ACTIVE_STAGES

SITUATION = [
    "Ik woon sinds drie jaar alleen, na de scheiding. Het eerste jaar kwam ik de deur bijna niet uit.",
    "Mijn gezondheid is niet geweldig, mijn rug speelt op, maar ik kom elke dinsdag.",
    "Ik heb een nieuwe woning gekregen, dichter bij het buurthuis. Dat scheelt veel.",
    "Het gaat met ups en downs. Als het slecht gaat, blijf ik thuis, maar dan belt er wel iemand.",
    "Sinds mijn vrouw overleden is, was het erg stil in huis. Nu heb ik weer iets om naar uit te kijken.",
    "Ik zit nog steeds in de schuldhulp, maar ik heb meer rust in mijn hoofd.",
]
TAKING_PART = [
    "Ik sta meestal in de keuken. Ik snij de groenten en let op dat de soep niet aanbrandt.",
    "Ik vind het fijn dat niemand vraagt waarom je er bent. Je hoort er gewoon bij.",
    "In het begin vond ik het eng, zoveel mensen. Nu zet ik zelf de koffie voor de nieuwe mensen.",
    "Ik doe de boodschappen met Kees. Dat is mijn taak en die neem ik serieus.",
    "Het is mijn groep geworden. Als ik een week mis, vragen ze waar ik was.",
    "Soms is het druk en lawaaierig, dan ga ik even buiten zitten. Dat mag hier.",
]
SUPPORT = [
    "Toen ik ziek was, kwam Ria soep brengen. Dat had ik nooit verwacht.",
    "Ik heb nu telefoonnummers van mensen die ik kan bellen als het niet gaat.",
    "We helpen elkaar met formulieren. Ik ben goed met de computer, dus ik help anderen.",
    "Ik praat nu makkelijker over hoe het met me gaat. Niet met iedereen, maar met een paar.",
    "Met een paar mensen ga ik ook buiten de dinsdag wandelen.",
    "Steun? Vooral dat ik niet meer alleen eet. Dat is al veel.",
]
AMENDMENTS = [
    "Deelnemer wilde dat de naam van haar buurvrouw eruit ging.",
    "Deelnemer vond dat het te negatief klonk over de eerste maanden; zin over 'nooit buiten' aangepast.",
    "Aangevuld: hij doet nu ook mee met het wandelen op donderdag.",
]
ITEM_BASE = {
    "contact": 3,
    "serious": 5,
    "together": 3,
    "support": 4,
    "belonging": 3,
    "meaningful": 4,
    "society": 5,
}


def build(ctx) -> None:
    network = ctx.networks["soup"]
    evi, coordinator = ctx.users["evi"], ctx.users["ingrid"]
    rng, today = ctx.rng, ctx.today
    template = services.template_ensure_default(organisation=ctx.organisation)
    evaluation_round = services.round_create(
        actor=coordinator,
        network=network,
        name=f"Jaarevaluatie {today.year}",
        template=template,
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=25),
        evaluators=[evi],
    )
    questions = list(template.questions.all())
    people = [
        p
        for p in ctx.participants["soup"]
        if p.participations.filter(network=network, stage__in=ACTIVE_STAGES).exists()
    ][:14]
    for index, person in enumerate(people):
        held_on = today - dt.timedelta(days=55 - 3 * index)
        interview = services.interview_start(
            actor=evi, evaluation_round=evaluation_round, participant=person, held_on=held_on
        )
        answers, texts = {}, {}
        for q in questions:
            if q.kind == QuestionKind.SCALE:
                before = max(0, min(10, ITEM_BASE[q.code] + rng.randint(-2, 2)))
                # A plausible modest improvement: most up by one to three, some the same, the odd one down.
                now = max(0, min(10, before + rng.choice([-1, 0, 0, 1, 1, 2, 2, 2, 3])))
                declined = q.code == "society" and index == 4
                answers[q.pk] = {
                    "now": None if declined else now,
                    "now_declined": declined,
                    "before": None if declined else before,
                    "before_declined": declined,
                }
            else:
                pool = {"situation": SITUATION, "taking-part": TAKING_PART, "support-felt": SUPPORT}[q.code]
                texts[q.code] = pool[(index + len(q.code)) % len(pool)]
                answers[q.pk] = {"text": texts[q.code]}
        services.interview_save(
            actor=evi,
            interview=interview,
            expected_version=interview.version,
            consent={
                "held_on": held_on,
                "consent_evaluation": True,
                "consent_evaluation_on": held_on,
                "consent_research": index % 5 != 2,
                "consent_research_on": held_on if index % 5 != 2 else None,
            },
            answers=answers,
        )
        report = interview.report
        text = (
            f"Gesprek in het buurthuis, ongeveer drie kwartier. {texts['situation']} "
            f"Over de groep: {texts['taking-part']} "
            f"Over steun: {texts['support-felt']} "
            "Wat de deelnemer nog zou willen: vaker samen iets buiten de deur doen."
        )
        services.report_save(actor=evi, report=report, expected_version=report.version, text=text)
        if index == len(people) - 1:
            continue  # the last conversation is still a draft
        services.report_read_back(
            actor=evi, report=report, expected_version=report.version, date=held_on + dt.timedelta(days=2)
        )
        if index % 4 == 1:
            change = AMENDMENTS[(index // 4) % len(AMENDMENTS)]
            services.report_amend(
                actor=evi,
                report=report,
                expected_version=report.version,
                date=held_on + dt.timedelta(days=3),
                text=text.replace("ongeveer drie kwartier", "bijna een uur"),
                what_changed=change,
            )
        else:
            services.report_agree(
                actor=evi, report=report, expected_version=report.version, date=held_on + dt.timedelta(days=3)
            )
    _codebook(ctx, evaluation_round, evi)


def _codebook(ctx, evaluation_round, evi) -> None:
    org = ctx.organisation
    themes = {}
    for key, name, description, parent in [
        ("contact", "Contact en gezelschap", "Samen zijn, niet meer alleen.", None),
        ("eating", "Samen eten", "Het samen koken en eten als kern van de middag.", "contact"),
        ("belonging", "Ergens bij horen", "De groep als 'mijn groep'; gemist worden.", None),
        ("role", "Een taak hebben", "Iets bijdragen: koken, boodschappen, koffie.", None),
        ("support", "Steun", "Steun die deelnemers elkaar geven.", None),
        ("practical", "Praktische steun", "Helpen met formulieren, soep brengen.", "support"),
        ("emotional", "Emotionele steun", "Kunnen praten over hoe het gaat.", "support"),
        ("barriers", "Drempels", "Wat meedoen lastig maakt.", None),
    ]:
        themes[key] = services.theme_create(
            organisation=org, name=name, description=description, parent=themes.get(parent)
        )
    marks = [
        ("Je hoort er gewoon bij.", ["belonging"]),
        ("Als ik een week mis, vragen ze waar ik was.", ["belonging"]),
        ("Ik snij de groenten en let op dat de soep niet aanbrandt.", ["role", "eating"]),
        ("Dat is mijn taak en die neem ik serieus.", ["role"]),
        ("Toen ik ziek was, kwam Ria soep brengen.", ["practical"]),
        ("We helpen elkaar met formulieren.", ["practical"]),
        ("Ik praat nu makkelijker over hoe het met me gaat.", ["emotional"]),
        ("Vooral dat ik niet meer alleen eet.", ["eating", "contact"]),
        ("Met een paar mensen ga ik ook buiten de dinsdag wandelen.", ["contact"]),
        ("Soms is het druk en lawaaierig, dan ga ik even buiten zitten.", ["barriers"]),
        ("In het begin vond ik het eng, zoveel mensen.", ["barriers"]),
    ]
    for interview in evaluation_round.interviews.select_related("report").order_by("id"):
        if not interview.report.is_checked:
            continue
        for passage, keys in marks:
            if passage in interview.report.text:
                services.highlight_create(
                    actor=evi, interview=interview, passage=passage, themes=[themes[k] for k in keys]
                )
