from django.core.management.base import BaseCommand

from appeals.demo import demo_appeals_load


class Command(BaseCommand):
    help = (
        "Create the demo consultant's three clients and a dozen past appeals "
        "(idempotent; needs load_demo and a published library)."
    )

    def handle(self, **options):
        created = demo_appeals_load()
        self.stdout.write(
            "Demo appeals ready." if not created else f"Created {', '.join(created)}."
        )
