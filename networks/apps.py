from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"

    def ready(self) -> None:
        from networks import access

        access.register()  # which networks a user reaches (accounts.access.networks_for)
