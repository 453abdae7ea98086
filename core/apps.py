from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        from core.files import install_form_text_guard

        install_form_text_guard()
