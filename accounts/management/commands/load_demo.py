from django.core.management.base import BaseCommand

from accounts.demo import demo_load


class Command(BaseCommand):
    help = "Create the demo seller, consultant and library curator (idempotent)."

    def handle(self, **options):
        created = demo_load()
        self.stdout.write(
            "Demo accounts ready." if not created else f"Created {created}."
        )
