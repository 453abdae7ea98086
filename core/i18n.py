"""Translation catalogues without GNU gettext: every app keeps <app>/locale/<lang>/LC_MESSAGES/django.po,
compiled to .mo with polib (pure Python), so a fresh machine needs no gettext.
"""

from pathlib import Path

import polib
from django.conf import settings


def catalogue_paths() -> list[Path]:
    return sorted(Path(settings.BASE_DIR).glob("*/locale/*/LC_MESSAGES/django.po"))


def compile_catalogues() -> list[Path]:
    written = []
    for po_path in catalogue_paths():
        mo_path = po_path.with_suffix(".mo")
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written
