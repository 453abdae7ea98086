"""Every declared dependency is used and every third-party import is declared (pyproject.toml).

The source is read with `ast` (every import statement, function-local ones included, and
`pytest.importorskip("x")` / `importlib.import_module("x")` with a literal name), so a module that
imports an undeclared package (which happened to be installed as another package's dependency)
fails here rather than on a machine where that other package changed.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "node_modules", ".git", "migrations", "var", "__pycache__", ".ruff_cache"}

# distribution -> the top-level module it installs, where the names differ.
MODULES = {
    "django": "django",
    "dj-database-url": "dj_database_url",
    "psycopg": "psycopg",
    "django-axes": "axes",
    "django-otp": "django_otp",
    "python-docx": "docx",
    "django-tasks": "django_tasks",
    "django-tasks-db": "django_tasks_db",
    "pytest-django": "pytest_django",
    "time-machine": "time_machine",
    "pillow": "PIL",
    "import-linter": "importlinter",
}

# Declared and used without an import statement: (file, text that shows the use). The test checks
# that the file still says so, so a dependency nobody uses any more cannot stay in this list.
USED_WITHOUT_IMPORT = {
    "gunicorn": ("bin/serve", ".venv/bin/gunicorn"),
    "whitenoise": ("vangnet/settings.py", '"whitenoise.middleware.WhiteNoiseMiddleware"'),
    "django-csp": ("vangnet/settings.py", '"csp.middleware.CSPMiddleware"'),
    "argon2-cffi": ("vangnet/settings.py", '"django.contrib.auth.hashers.Argon2PasswordHasher"'),
    "pytest-django": ("pyproject.toml", 'DJANGO_SETTINGS_MODULE = "vangnet.test_settings"'),
    "pytest-xdist": ("bin/test", "pytest -n"),
    "ruff": (".ci/run", ".venv/bin/ruff check"),
    "bandit": (".ci/run", ".venv/bin/bandit"),
}


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _distribution(requirement: str) -> str:
    return re.split(r"[\[=<>!~ ;]", requirement, maxsplit=1)[0].lower()


def declared() -> set[str]:
    project = _project()
    requirements = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return {_distribution(r) for r in requirements}


def _local_modules() -> set[str]:
    names = {p.stem for p in ROOT.glob("*.py")}
    names |= {p.parent.name for p in ROOT.glob("*/__init__.py")}
    return names | {"e2e"}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def imported() -> dict[str, set[str]]:
    """top-level third-party module -> files that import it."""
    local = _local_modules()
    found: dict[str, set[str]] = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"importorskip", "import_module"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names = [node.args[0].value]
            for name in names:
                top = name.split(".")[0]
                if top and top not in sys.stdlib_module_names and top not in local:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def _module(distribution: str) -> str:
    return MODULES.get(distribution, distribution.replace("-", "_"))


def test_every_import_is_declared():
    modules = {_module(d) for d in declared()}
    undeclared = {m: sorted(files) for m, files in imported().items() if m not in modules}
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_every_declared_dependency_is_used():
    found = imported()
    unused = []
    for distribution in sorted(declared()):
        if _module(distribution) in found:
            continue
        where = USED_WITHOUT_IMPORT.get(distribution)
        if where is None or where[1] not in (ROOT / where[0]).read_text():
            unused.append(distribution)
    assert not unused, f"declared in pyproject.toml but never used: {unused}"


def test_the_lock_pins_every_declared_dependency():
    """requirements.lock is generated from pyproject.toml (uv pip compile); a pin added to one only fails."""
    lock = (ROOT / "requirements.lock").read_text().lower()
    project = _project()
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        name = _distribution(requirement)
        version = requirement.split("==", 1)[1]
        assert f"\n{name}=={version} " in lock, f"{requirement} is not in requirements.lock"


def test_the_scan_sees_function_local_imports_and_importorskip(tmp_path, monkeypatch):
    """The scanner itself: an import inside a function and an importorskip count."""
    source = tmp_path / "sample.py"
    source.write_text('def f():\n    import yaml\n\nimport pytest\npytest.importorskip("toml")\n')
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert set(imported()) == {"yaml", "pytest", "toml"}
