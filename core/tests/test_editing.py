"""The shared edit round trip (core/editing.py) used by every edit page."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core.concurrency import ConflictError
from core.editing import form_again, save_form, stored_values


class NameForm(forms.Form):
    version = forms.IntegerField(required=False)
    name = forms.CharField(label="Name")


def _request(method: str, data: dict | None = None):
    factory = RequestFactory()
    request = factory.post("/edit/", data or {}) if method == "POST" else factory.get("/edit/")
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)
    return request


def _never(data):
    raise AssertionError("the service must not run")


def test_a_get_shows_the_form_without_saving():
    request = _request("GET")
    assert save_form(request, NameForm(None), save=_never, success_message="ok", success_url="/x/") is None


def test_invalid_input_shows_the_form_without_saving():
    form = NameForm({"name": ""})
    assert save_form(_request("POST"), form, save=_never, success_message="ok", success_url="/x/") is None
    assert "name" in form.errors


def test_a_valid_form_is_saved_and_redirects_with_a_message():
    saved = []
    request = _request("POST", {"name": "Soepgroep", "version": "3"})
    form = NameForm(request.POST)
    response = save_form(request, form, save=saved.append, success_message="Saved.", success_url="/x/")
    assert response.status_code == 302 and response.url == "/x/"
    assert saved == [{"name": "Soepgroep", "version": 3}]
    assert [str(m) for m in get_messages(request)] == ["Saved."]


def test_service_errors_land_on_the_named_field_and_unknown_keys_on_top():
    def save(data):
        raise ValidationError({"name": "Taken.", "not_on_form": "Something else."})

    request = _request("POST", {"name": "Soepgroep"})
    form = NameForm(request.POST)
    assert save_form(request, form, save=save, success_message="ok", success_url="/x/") is None
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Something else."]
    assert form["name"].value() == "Soepgroep"  # the input is kept
    assert list(get_messages(request)) == []


def test_a_plain_service_error_lands_on_top_of_the_form():
    def save(data):
        raise ValidationError("Not now.")

    form = NameForm({"name": "Soepgroep"})
    assert save_form(_request("POST"), form, save=save, success_message="ok", success_url="/x/") is None
    assert form.non_field_errors() == ["Not now."]


@pytest.mark.django_db
def test_a_conflict_shows_the_stored_version_next_to_the_input():
    def save(data):
        raise ConflictError(SimpleNamespace(name="Creaclub"))

    request = _request("POST", {"name": "Soepgroep", "version": "1"})
    response = save_form(request, NameForm(request.POST), save=save, success_message="ok", success_url="/x/")
    assert response.status_code == 409
    content = response.content.decode()
    assert "Soepgroep" in content and "Creaclub" in content


def test_the_success_url_may_be_made_from_what_was_saved():
    request = _request("POST", {"name": "Soepgroep"})
    response = save_form(
        request,
        NameForm(request.POST),
        save=lambda data: SimpleNamespace(pk=42),
        success_message="Saved.",
        success_url=lambda saved: f"/items/{saved.pk}/",
    )
    assert response.status_code == 302 and response.url == "/items/42/"


def test_a_url_made_from_what_was_saved_is_not_made_on_an_error():
    def save(data):
        raise ValidationError("Not now.")

    def never(saved):
        raise AssertionError("no redirect without a save")

    request = _request("POST", {"name": "Soepgroep"})
    assert (
        save_form(request, NameForm(request.POST), save=save, success_message="ok", success_url=never) is None
    )


@pytest.mark.django_db
def test_a_conflict_may_show_the_stored_object_in_the_shape_of_the_form():
    stored = SimpleNamespace(title="Creaclub")  # the object's attribute is not the form's field name

    def save(data):
        raise ConflictError(stored)

    request = _request("POST", {"name": "Soepgroep", "version": "1"})
    response = save_form(
        request,
        NameForm(request.POST),
        save=save,
        success_message="ok",
        success_url="/x/",
        conflict_current=lambda current: SimpleNamespace(name=current.title),
    )
    assert response.status_code == 409
    assert "Creaclub" in response.content.decode()


def test_a_conflict_may_answer_with_the_pages_own_form_again():
    stored = SimpleNamespace(version=4)

    def save(data):
        raise ConflictError(stored)

    def on_conflict(current):
        again = form_again(
            NameForm, request.POST, versions={"version": current.version}, message="Not saved."
        )
        return SimpleNamespace(status_code=409, form=again)

    request = _request("POST", {"name": "Soepgroep", "version": "1"})
    response = save_form(
        request,
        NameForm(request.POST),
        save=save,
        success_message="ok",
        success_url="/x/",
        on_conflict=on_conflict,
    )
    assert response.status_code == 409
    assert response.form["name"].value() == "Soepgroep"  # what was typed
    assert response.form["version"].value() == 4  # the stored version: saving again is deliberate
    assert response.form.non_field_errors() == ["Not saved."]
    assert list(get_messages(request)) == []


def test_the_message_may_be_made_from_what_was_saved_with_its_level_or_left_out():
    for made, expected in [
        (lambda saved: f"Saved {saved}.", [(messages.SUCCESS, "Saved 7.")]),
        (lambda saved: (messages.INFO, "Already saved."), [(messages.INFO, "Already saved.")]),
        (lambda saved: None, []),
    ]:
        request = _request("POST", {"name": "Soepgroep"})
        save_form(
            request, NameForm(request.POST), save=lambda data: 7, success_message=made, success_url="/x/"
        )
        assert [(m.level, str(m)) for m in get_messages(request)] == expected


@pytest.mark.django_db
def test_an_edit_form_starts_from_the_stored_values_and_leaves_the_object_alone():
    from practice.forms import HouseRuleForm
    from practice.models import HouseRule

    rule = HouseRule(text="We koken samen.", agreed_on=dt.date(2026, 1, 5), version=3)
    initial = stored_values(rule, HouseRuleForm)
    assert initial == {
        "text": "We koken samen.",
        "agreed_on": dt.date(2026, 1, 5),
        "withdrawn_on": None,
        "version": 3,
    }
    form = HouseRuleForm({"text": "Anders.", "agreed_on": "2026-01-05", "version": "3"}, initial=initial)
    assert form.is_valid()
    assert rule.text == "We koken samen."  # validating did not write the input into the stored object


def _views() -> list:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    return sorted(p for p in root.glob("*/views*.py") if p.parent.name not in {".venv", "node_modules"})


def test_no_view_binds_a_form_to_an_object_or_puts_a_service_error_on_it_by_hand():
    """Edit pages go through save_form with forms started from stored_values (docs/architecture.md):
    no `instance=` (a bound ModelForm writes the input into the object), no `form.add_error` after
    catching a service's ValidationError (save_form and add_service_errors do that)."""
    import ast

    found = []
    for path in _views():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and any(k.arg == "instance" for k in node.keywords):
                found.append(f"{path.parent.name}/{path.name}:{node.lineno} instance=")
            if isinstance(node, ast.ExceptHandler) and "ValidationError" in ast.unparse(node.type or node):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and getattr(inner.func, "attr", "") == "add_error":
                        found.append(f"{path.parent.name}/{path.name}:{inner.lineno} add_error")
    assert _views() and not found, found
