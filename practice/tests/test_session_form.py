"""The session form's rows: four fields per person, made by `practice.forms.person_fields`."""

from types import SimpleNamespace

from practice.forms import SessionForm, SharedChoices


def _rows(*names):
    return [
        SimpleNamespace(participant=SimpleNamespace(pk=pk, name=name), attendance=None, participation=None)
        for pk, name in enumerate(names, start=7)
    ]


def _tasks():
    return [
        SimpleNamespace(pk=1, name="koken", archived=False, needs_text=False),
        SimpleNamespace(pk=2, name="anders", archived=False, needs_text=True),
    ]


def test_each_person_has_four_fields_of_their_own_under_the_names_the_device_and_browser_use():
    form = SessionForm(None, rows=_rows("Anne", "Kees"), tasks=_tasks())
    for pk in (7, 8):
        assert {f"p{pk}_status", f"p{pk}_reason", f"p{pk}_tasks", f"p{pk}_other"} <= set(form.fields)
    anne, kees = form.fields["p7_status"], form.fields["p8_status"]
    assert anne is not kees and anne.widget is not kees.widget
    assert (anne.label, kees.label) == ("Anne", "Kees")
    assert str(form.fields["p8_tasks"].label) == "Wat deed Kees?"
    anne.initial = "present"
    assert kees.initial == "absent"
    # One list of choices for every row (the row renderer escapes it once).
    assert form.fields["p7_tasks"].choices is form.fields["p8_tasks"].choices
    assert isinstance(form.fields["p7_tasks"].choices, SharedChoices)
    assert list(form.fields["p7_tasks"].choices) == [(1, "koken"), (2, "anders")]


def test_a_posted_form_is_read_per_person():
    data = {
        "version": "0",
        "token": "t",
        "guests": "0",
        "p7_status": "present",
        "p7_tasks": ["1", "2"],
        "p7_other": "soep",
        "p8_status": "excused",
        "p8_reason": "ziek",
        "p8_tasks": ["9"],
    }
    form = SessionForm(data, rows=_rows("Anne", "Kees"), tasks=_tasks())
    assert not form.is_valid()
    assert list(form.errors) == ["p8_tasks"]  # 9 is not a task of this network
    data["p8_tasks"] = []
    form = SessionForm(data, rows=_rows("Anne", "Kees"), tasks=_tasks())
    assert form.is_valid(), form.errors
    marks = form.marks()
    assert (marks[7].status, marks[7].tasks) == ("present", {1: "", 2: "soep"})
    assert (marks[8].status, marks[8].reason, marks[8].tasks) == ("excused", "ziek", {})
