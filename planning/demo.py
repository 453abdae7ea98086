"""Hours, budgets, expenses and income for the three demo networks, through the planning services."""

import datetime as dt
from decimal import Decimal

from core.dates import add_months
from planning import services
from planning.models import ExpenseCategory, HoursPurpose, IncomeSource

PURPOSES = [HoursPurpose.ACTIVITY, HoursPurpose.RECRUITMENT, HoursPurpose.INDIVIDUAL, HoursPurpose.PARTNERS]


def _weeks(start: dt.date, today: dt.date):
    monday = services.week_monday(start)
    while monday <= today - dt.timedelta(days=7):  # the current week is still being worked
        yield monday
        monday += dt.timedelta(days=7)


def _hours(ctx, network, weeks, *, lead, backup, leave=(), spread=(0.0, 1.5), recruitment_first=0):
    """The lead's weekly hours, split in what they were for; the backup takes over during `leave` weeks."""
    rng = ctx.rng
    for i, monday in enumerate(weeks):
        worker = backup if monday in leave else lead
        total = Decimal("3.5") + Decimal(str(round(rng.uniform(*spread) * 2) / 2))
        activity = Decimal("2.5") if i >= recruitment_first else Decimal("1")
        rest = total - activity
        services.hours_record(
            actor=worker, network=network, week=monday, hours=activity, purpose=HoursPurpose.ACTIVITY
        )
        if rest > 0:
            purpose = HoursPurpose.RECRUITMENT if i < recruitment_first + 8 else rng.choice(PURPOSES[1:])
            services.hours_record(actor=worker, network=network, week=monday, hours=rest, purpose=purpose)


def build(ctx) -> None:
    today, rng, users = ctx.today, ctx.rng, ctx.users
    soup, crafts, toys = ctx.networks["soup"], ctx.networks["crafts"], ctx.networks["toys"]

    # Soup group: mature. Sanne four to five hours a week; Mohammed (achterwacht) took over during
    # her summer leave. Groceries every month, a meal costs participants one euro.
    summer = set(_weeks(add_months(today, -5), add_months(today, -4)))
    _hours(
        ctx,
        soup,
        list(_weeks(soup.start_date, today)),
        lead=users["sanne"],
        backup=users["mohammed"],
        leave=summer,
        recruitment_first=4,
    )
    services.budget_set(
        actor=users["ingrid"],
        network=soup,
        expected_version=0,
        activities=Decimal("1000"),
        rent=Decimal("0"),
        replacement=Decimal("400"),
    )
    month = soup.start_date.replace(day=1)
    while month < today.replace(day=1):
        day = min(month + dt.timedelta(days=rng.randint(1, 20)), today)
        services.expense_record(
            actor=users["sanne"],
            network=soup,
            date=day,
            amount=Decimal(rng.randint(3000, 5500)) / 100,
            category=ExpenseCategory.ACTIVITIES,
            description="Boodschappen soepmiddagen",
        )
        services.income_record(
            actor=users["sanne"],
            network=soup,
            date=day,
            amount=Decimal(rng.randint(25, 40)),
            source=IncomeSource.OWN_CONTRIBUTION,
            description="Eigen bijdrage, 1 euro per maaltijd",
        )
        month = add_months(month, 1)
    services.expense_record(
        actor=users["mohammed"],
        network=soup,
        date=add_months(today, -4),
        amount=Decimal("240.00"),
        category=ExpenseCategory.REPLACEMENT,
        description="Vervanging tijdens zomerverlof",
    )
    services.income_record(
        actor=users["ingrid"],
        network=soup,
        date=add_months(soup.start_date, 21),
        amount=Decimal("1500.00"),
        source=IncomeSource.MUNICIPALITY,
        description="Gemeente: soepgroep als duurzame voorziening",
    )

    # Creaclub: build-up, much recruitment in the first months; materials and a fund.
    _hours(
        ctx,
        crafts,
        list(_weeks(crafts.start_date, today)),
        lead=users["sanne"],
        backup=users["joke"],
        spread=(0.5, 2.0),
        recruitment_first=16,
    )
    for months_ago, amount, text in [
        (10, "85.50", "Wol en naalden"),
        (7, "64.20", "Verf en kwasten"),
        (4, "120.00", "Naaimachine tweedehands"),
        (1, "48.75", "Kaarten en papier"),
    ]:
        services.expense_record(
            actor=users["sanne"],
            network=crafts,
            date=add_months(today, -months_ago),
            amount=Decimal(amount),
            category=ExpenseCategory.ACTIVITIES,
            description=text,
        )
    services.income_record(
        actor=users["ingrid"],
        network=crafts,
        date=add_months(crafts.start_date, 2),
        amount=Decimal("500.00"),
        source=IncomeSource.FUND,
        description="Buurtfonds Het Anker",
    )

    # Speelgoedpunt: exploration; recruitment and partners; rent for the room in De Linde.
    _hours(
        ctx,
        toys,
        list(_weeks(toys.start_date, today)),
        lead=users["mohammed"],
        backup=users["joke"],
        recruitment_first=99,
    )
    services.budget_set(
        actor=users["ingrid"],
        network=toys,
        expected_version=0,
        activities=Decimal("1000"),
        rent=Decimal("600"),
        replacement=Decimal("0"),
    )
    services.expense_record(
        actor=users["mohammed"],
        network=toys,
        date=today - dt.timedelta(weeks=3),
        amount=Decimal("50.00"),
        category=ExpenseCategory.RENT,
        description="Zaalhuur De Linde",
    )
    services.expense_record(
        actor=users["mohammed"],
        network=toys,
        date=today - dt.timedelta(weeks=2),
        amount=Decimal("23.40"),
        category=ExpenseCategory.ACTIVITIES,
        description="Inpakpapier en linten",
    )
