"""Organisation B's network and records for the ownership walk in core/tests/test_ownership.py."""


def _other(kind):
    def make(w):
        from decimal import Decimal

        from conftest import TODAY
        from planning.models import Expense, HoursEntry, Income

        network = w.other_network
        if kind == "hours":
            obj = HoursEntry.objects.create(
                network=network,
                worker=w.outsider,
                role="lead",
                week=TODAY,
                hours=Decimal("4"),
                purpose="activity",
            )
        elif kind == "expense":
            obj = Expense.objects.create(
                network=network, date=TODAY, amount=Decimal("10"), category="other", description="x"
            )
        else:
            obj = Income.objects.create(network=network, date=TODAY, amount=Decimal("10"), source="fund")
        return {"pk": obj.pk}

    return make


CASES = {
    "planning:hours": lambda w: {"network_id": w.other_network.pk},
    "planning:budget": lambda w: {"network_id": w.other_network.pk},
    "planning:budget_edit": lambda w: {"network_id": w.other_network.pk},
    "planning:forecast": lambda w: {"network_id": w.other_network.pk},
    "planning:hours_edit": _other("hours"),
    "planning:hours_delete": _other("hours"),
    "planning:expense_edit": _other("expense"),
    "planning:expense_delete": _other("expense"),
    "planning:income_edit": _other("income"),
    "planning:income_delete": _other("income"),
}
