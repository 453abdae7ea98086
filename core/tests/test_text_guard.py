"""Text is made safe at the edge: every free-text field of every form strips what XML cannot carry."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps

from core.files import clean_text

EVERY_C0 = "".join(chr(c) for c in range(32))
PASTED = "Koffie" + EVERY_C0 + "ochtend\ufffe"


def project_forms() -> list[type[forms.BaseForm]]:
    """Every form class defined in the project's own apps (forms.py and the few forms kept elsewhere)."""
    found = {}
    for config in apps.get_app_configs():
        if not config.path.startswith(str(apps.get_app_config("core").path).rsplit("/", 1)[0]):
            continue
        for module_name in ("forms", "views", "views_auth", "editing"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for _name, obj in inspect.getmembers(module, inspect.isclass):
                if issubclass(obj, forms.BaseForm) and obj.__module__.startswith(config.name + "."):
                    found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return list(found.values())


def test_the_guard_finds_the_forms_of_every_app():
    modules = {form.__module__.split(".")[0] for form in project_forms()}
    assert {"accounts", "networks", "people", "practice", "support", "evaluation", "quality"} <= modules
    assert len(project_forms()) > 30


def test_every_text_field_of_every_form_strips_every_c0_control_character():
    checked = 0
    for form in project_forms():
        for name, field in form.base_fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
                continue
            value = field.to_python(PASTED)
            if isinstance(value, str):
                assert value == clean_text(value), f"{form.__name__}.{name} keeps control characters"
                assert "\x0b" not in value and "\x00" not in value
                checked += 1
    assert checked > 50


@pytest.mark.django_db
def test_a_pasted_theme_name_arrives_clean_and_an_only_control_name_is_refused():
    from evaluation.forms import ThemeForm

    form = ThemeForm(
        {"name": "Eenzaam\x0bheid", "description": "Uit\x0c Word", "version": 0}, organisation_id=0
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Eenzaamheid"
    assert form.cleaned_data["description"] == "Uit Word"
    form = ThemeForm({"name": "\x0b\x0c", "version": 0}, organisation_id=0)
    assert not form.is_valid()
    assert "name" in form.errors


def test_a_questionnaire_import_strips_control_characters_also_when_json_escapes_them():
    from evaluation.questionnaires import parse

    data = parse(
        '{"name": "Meedoen\\u000b", "questions": [{"kind": "scale", "code": "a", '
        '"text": "Ik\\u0001 doe mee", "low": "nee\\u000c", "high": "ja"}]}'
    )
    assert data["name"] == "Meedoen"
    assert data["questions"][0]["text"] == "Ik doe mee"
    assert data["questions"][0]["low"] == "nee"
    assert parse("# Lijst\x0b\nscale: a | Vraag\x1f | laag | hoog")["questions"][0]["text"] == "Vraag"
