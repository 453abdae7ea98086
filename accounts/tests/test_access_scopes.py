"""Each app's access rules live in that app and are registered with the access layer:
accounts/access.py names no app (the evaluation rounds come from evaluation/access.py)."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from accounts import access
from evaluation import access as evaluation_access

ROOT = Path(__file__).resolve().parents[2]
APPS = {app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}


def _tree():
    return ast.parse((ROOT / "accounts" / "access.py").read_text())


def test_the_access_layer_imports_no_other_app():
    """Not even function-local or for type hints: the apps register their rules with it."""
    imported = set()
    for node in ast.walk(_tree()):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
    assert imported & APPS == {"accounts", "core"}


def test_the_access_layer_compares_no_permission_name():
    """No `permission == "evaluation.interview"`: an app's special rule lives in its own access.py."""
    compared = []
    for node in ast.walk(_tree()):
        if isinstance(node, ast.Compare):
            for operand in [node.left, *node.comparators]:
                if isinstance(operand, ast.Constant) and isinstance(operand.value, str):
                    compared.append((node.lineno, operand.value))
    assert compared == []


def test_every_scope_is_registered_by_its_app():
    assert access.SCOPES["networks.Network"].rows_for.__module__ == "networks.access"
    assert access.SCOPES["people.Participant"].rows_for.__module__ == "people.access"
    assert access.SCOPES["evaluation.EvaluationRound"].rows_for.__module__ == "evaluation.access"


def test_the_evaluation_rounds_are_a_registered_scope():
    scope = access.SCOPES["evaluation.EvaluationRound"]
    assert scope.rows_for is evaluation_access.rounds_for
    access.register_scope(
        access.Scope("evaluation.EvaluationRound", evaluation_access.rounds_for)
    )  # same: fine
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        access.register_scope(access.Scope("evaluation.EvaluationRound", lambda user, permission: None))
    assert access.SCOPES["evaluation.EvaluationRound"] is scope


def test_an_unregistered_scope_is_an_error(world):
    with pytest.raises(ImproperlyConfigured, match="no access scope"):
        access.scope_rows(world.coordinator, "quality.Nothing", "quality.view")


def test_scoped_rows_reads_rounds_through_the_registered_scope(world):
    from evaluation.models import Interview
    from evaluation.tests.conftest import make_round

    evaluation_round = make_round(network=world.network_a, evaluator=world.evaluator)
    Interview.objects.create(
        round=evaluation_round,
        participant=world.anne,
        evaluator=world.evaluator,
        held_on=evaluation_round.starts_on,
    )
    rows = Interview.objects.filter(participant=world.anne)
    scoped = {
        "permission": "evaluation.round.view",
        "participant_path": "participant_id",
        "scope": ("evaluation.EvaluationRound", "round_id"),
    }
    assert access.scoped_rows(world.evaluator, rows, **scoped).count() == 1
    assert access.scoped_rows(world.worker_b, rows, **scoped).count() == 0  # not their network
