import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation, User
from accounts.services import organisation_create, user_password_link


class Command(BaseCommand):
    help = "Create an organisation with its first admin, for a real installation."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--slug", required=True)
        parser.add_argument("--admin-username", required=True)
        parser.add_argument("--admin-email", required=True)
        parser.add_argument(
            "--password", action="store_true", help="Ask for a password instead of printing a link."
        )

    def handle(self, *args, name, slug, admin_username, admin_email, password, **options):
        if Organisation.objects.filter(slug=slug).exists():
            raise CommandError(f"An organisation with slug '{slug}' already exists.")
        if User.objects.filter(username__iexact=admin_username).exists():
            raise CommandError(f"The username '{admin_username}' is taken.")
        secret = getpass.getpass("Password for the admin: ") if password else None
        try:
            organisation, admin = organisation_create(
                name=name,
                slug=slug,
                admin_username=admin_username,
                admin_email=admin_email,
                admin_password=secret,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Organisation '{organisation}' created with admin '{admin.username}'.")
        )
        if secret is None:
            self.stdout.write(f"The admin chooses a password at: <your host>{user_password_link(user=admin)}")
