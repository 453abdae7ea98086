from django.core.management.base import BaseCommand

from core.demo_accounts import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current 6-digit code for the demo TOTP secret (for demos without a phone)."

    def handle(self, *args, **options):
        import base64
        import time

        from django_otp.oath import TOTP

        generator = TOTP(base64.b32decode(DEMO_TOTP_SECRET))
        generator.time = time.time()
        self.stdout.write(f"{generator.token():06d}")
