"""Imports between apps go one way: the import-linter contract in pyproject.toml
(`[tool.importlinter]`, drawn in docs/architecture.md) holds, and a new upward import breaks it.

import-linter sees every import, function-local ones included, so "import it inside the function"
does not get around it.
"""

import copy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_layers_contract_is_kept():
    result = subprocess.run(  # noqa: S603 (our own venv's lint-imports, fixed arguments)
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.fixture(scope="module")
def contract_and_graph():
    import grimp
    from importlinter import configuration
    from importlinter.application.use_cases import read_user_options
    from importlinter.contracts.layers import LayersContract

    configuration.configure()
    options = read_user_options(str(ROOT / "pyproject.toml"))
    [contract_options] = options.contracts_options
    contract = LayersContract(
        name=contract_options["name"],
        session_options=options.session_options,
        contract_options=contract_options,
    )
    graph = grimp.build_graph(*options.session_options["root_packages"], cache_dir=None)
    return contract, graph


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("core.formatting", "people.models"),  # the foundation reaching up
        ("accounts.access", "evaluation.models"),  # the access layer naming an app again
        ("privacy.erasure", "practice.models"),  # privacy reading an app above it
        ("practice.services", "support.models"),  # a new cycle between two apps
    ],
)
def test_a_new_upward_import_breaks_the_contract(contract_and_graph, importer, imported):
    contract, graph = contract_and_graph
    assert contract.check(copy.deepcopy(graph), verbose=False).kept  # (a check edits its graph)
    changed = copy.deepcopy(graph)
    changed.add_import(importer=importer, imported=imported, line_number=1, line_contents="import x")
    assert not contract.check(changed, verbose=False).kept
