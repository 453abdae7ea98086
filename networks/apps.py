from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate, pre_migrate

        from networks import access, stamps

        access.register()  # which networks a user reaches (accounts.access.networks_for)
        # The triggers that renew the networks' stamps (networks/stamps.py): off while migrations run,
        # back after every migrate.
        pre_migrate.connect(stamps.drop_before_migrate, sender=self)
        post_migrate.connect(stamps.install_after_migrate, sender=self)
