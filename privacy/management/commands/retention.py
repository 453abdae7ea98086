from django.core.management.base import BaseCommand

from accounts.models import Organisation
from privacy.actor import acting_as
from privacy.erasure import expired_participants, participant_erase


class Command(BaseCommand):
    help = (
        "Anonymise participants who left longer ago than their organisation's retention period. "
        "Run daily (cron or systemd timer); --dry-run shows what would happen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report only; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        total = 0
        with acting_as(None):
            for organisation in Organisation.objects.order_by("pk"):
                expired = list(expired_participants(organisation=organisation))
                for participant in expired:
                    if not dry_run:
                        participant_erase(actor=None, participant=participant, reason="retention")
                total += len(expired)
                # Ids and counts only: the log of a scheduled job must not hold names.
                self.stdout.write(
                    f"organisation={organisation.pk} retention_months={organisation.retention_months} "
                    f"{'would anonymise' if dry_run else 'anonymised'}={len(expired)} "
                    f"ids={','.join(str(p.pk) for p in expired) or '-'}"
                )
        self.stdout.write(f"total {'would anonymise' if dry_run else 'anonymised'}={total}")
