from django.core.management.base import BaseCommand

from metrics.services.imports import buyer_data_purge


class Command(BaseCommand):
    help = (
        "Delete buyer contacts kept for the incident kit once their purge date has "
        "passed, and imports left unconfirmed past their expiry. Run it daily."
    )

    def handle(self, *args, **options):
        contacts, pending = buyer_data_purge()
        self.stdout.write(
            f"Deleted {contacts} buyer contact(s) and {pending} expired pending import(s)."
        )
