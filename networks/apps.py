from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from networks import access, stamps

        access.register()  # which networks a user reaches (accounts.access.networks_for)
        # After every migrate: the triggers that renew the networks' stamps (networks/stamps.py).
        post_migrate.connect(stamps.install_after_migrate, sender=self)
