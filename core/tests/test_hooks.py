"""core.hooks: an explicit registry, not a module that rewrites its globals.

The bug this guards against: the privacy app used to replace core.hooks' functions at start-up
through globals(), so a `from core.hooks import on_export` made before that bound the no-op and
silently wrote no audit entry.
"""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from conftest import TODAY
from core import hooks
from core.hooks import HookRegistry, first_name_consent_ids, on_export, on_personal_data_viewed
from privacy import audit, history
from privacy.models import AuditEntry, Consent, ConsentScope

ROOT = Path(__file__).resolve().parents[2]


def test_a_name_imported_early_reaches_the_privacy_implementation(world):
    """`on_export` etc. were bound when this module was imported; they still write the audit trail."""
    on_export(user=world.coordinator, what="sociogram", participant_ids=[world.anne.pk])
    on_personal_data_viewed(user=world.worker_a, participant_ids=[world.anne.pk], what="participant")
    assert set(AuditEntry.objects.filter(participant_id=world.anne.pk).values_list("action", flat=True)) >= {
        "export.sociogram",
        "view.participant",
    }
    Consent.objects.create(participant=world.anne, scope=ConsentScope.FIRST_NAME, given=True, date=TODAY)
    assert first_name_consent_ids([world.anne.pk, world.bert.pk]) == {world.anne.pk}


def test_binding_before_the_implementation_is_registered_reaches_it():
    registry = HookRegistry()

    @registry.hook
    def on_thing(*, what: str) -> str:
        return f"default {what}"

    bound_early = on_thing  # what `from somewhere import on_thing` holds
    assert bound_early(what="x") == "default x"
    registry.implement("on_thing", lambda *, what: f"real {what}")
    assert bound_early(what="x") == "real x"


def test_every_hook_has_the_privacy_implementation():
    expected = {
        "on_access_denied": audit.on_access_denied,
        "on_roles_changed": audit.on_roles_changed,
        "on_personal_data_viewed": audit.on_personal_data_viewed,
        "on_export": audit.on_export,
        "on_security_event": audit.on_security_event,
        "on_record_changed": audit.on_record_changed,
        "first_name_consent_ids": audit.first_name_consent_ids,
        "history_snapshot": history.snapshot,
        "history_record_update": history.record_update,
        "history_record_objects": history.record_objects,
        "history_created": history.record_bulk_create,
    }
    assert set(hooks.REGISTRY.defaults) == set(expected)
    for name, implementation in expected.items():
        assert hooks.REGISTRY.implementation(name) is implementation, name


def test_a_conflicting_second_implementation_is_refused():
    with pytest.raises(ImproperlyConfigured, match="already has an implementation"):
        hooks.implement("on_export", lambda **kwargs: None)
    hooks.implement("on_export", audit.on_export)  # the same one again changes nothing
    assert hooks.REGISTRY.implementation("on_export") is audit.on_export
    with pytest.raises(ImproperlyConfigured, match="there is no hook"):
        hooks.implement("on_exprot", audit.on_export)


def test_a_hook_is_declared_once():
    registry = HookRegistry()
    registry.hook(lambda: None)
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        registry.hook(lambda: None)


def test_no_module_rewrites_globals():
    """No `globals()[...] = ...` (or globals().update) anywhere in the project's code."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        if {".venv", "node_modules", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "globals":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
