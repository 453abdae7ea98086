"""Every app's tests run: an app missing from pytest's testpaths would have its tests silently skipped."""

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_app_with_tests_is_in_testpaths():
    testpaths = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"]
    )
    ours = [
        Path(config.path).name
        for config in apps.get_app_configs()
        if Path(config.path).parent == ROOT and (Path(config.path) / "tests").is_dir()
    ]
    assert ours, "no project apps found"
    assert sorted(set(ours) - testpaths) == []
