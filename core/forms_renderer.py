"""Django's form renderer with one change: the empty choice of a select reads "– kies –", not "---------".

Django writes "---------" as the empty choice of every optional model choice and foreign key. The
renderer looks in `core/form_templates/` first (which overrides only `select_option.html`), then in
Django's own widget templates, then in the apps' templates, exactly as Django's default renderer does.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property


class Renderer(DjangoTemplates):
    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(__file__).parent / "form_templates",
                    Path(django.forms.__file__).parent / self.backend.app_dirname,
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
