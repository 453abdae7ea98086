"""Dutch is the default and every string is translated; English is available."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from core.i18n import catalogue_paths

# Every app of the project has user-facing strings, except the developers' benchmark tools.
DEVELOPER_TOOLS = {"perf"}
APPS_WITH_STRINGS = [
    app
    for app in settings.INSTALLED_APPS
    if Path(settings.BASE_DIR, app).is_dir() and app not in DEVELOPER_TOOLS
]


def test_every_app_with_strings_has_a_dutch_catalogue():
    apps = {path.parts[-5] for path in catalogue_paths() if path.parts[-3] == "nl"}
    assert set(APPS_WITH_STRINGS) <= apps


@pytest.mark.parametrize("path", catalogue_paths(), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_untranslated_or_fuzzy_entries(path):
    catalogue = polib.pofile(str(path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == [], {"untranslated": untranslated[:20], "fuzzy": fuzzy[:20]}


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext is not installed; catalogue completeness checked in CI",
)
@pytest.mark.parametrize("app", APPS_WITH_STRINGS)
def test_catalogue_holds_every_string_in_the_code(app, tmp_path):
    """makemessages on a copy of the app finds no msgid that the catalogue lacks."""
    source = Path(settings.BASE_DIR, app)
    copy = tmp_path / app
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            str(Path(settings.BASE_DIR, ".venv/bin/python")),
            str(Path(settings.BASE_DIR, "manage.py")),
            "makemessages",
            "-l",
            "nl",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/nl/LC_MESSAGES/django.po"))}
    committed = {
        e.msgid for e in polib.pofile(str(source / "locale/nl/LC_MESSAGES/django.po")) if not e.obsolete
    }
    assert sorted(fresh - committed) == []


@override_settings(LANGUAGE_CODE="nl")
def test_pages_are_dutch_by_default(world, login):
    page = login(world.worker_a).get(reverse("networks:list")).content.decode()
    assert "Vangnetwerken" in page and "Uitloggen" in page


def test_english_is_available(world, login):
    client = login(world.worker_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("networks:list")).content.decode()
    assert "Support networks" in page and "Log out" in page
