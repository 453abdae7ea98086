"""The support app's Dutch catalogue holds every string of the app (core checks fuzzy/untranslated)."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogue_holds_every_string_in_the_code(tmp_path):
    source = Path(settings.BASE_DIR, "support")
    copy = tmp_path / "support"
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
def test_the_support_page_is_dutch(world, login):
    page = login(world.worker_a).get(reverse("support:network", args=[world.network_a.pk])).content.decode()
    assert "Wie steunt wie" in page and "Steun per kwartaal" in page and "wederkerigheid" in page
