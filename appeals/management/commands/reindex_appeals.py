import time

from django.core.management.base import BaseCommand

from appeals.search import reindex_all


class Command(BaseCommand):
    help = (
        "Rebuild the search document of every appeal (after a deploy that adds the "
        "search, or to pick up SKUs of orders imported since an appeal last changed)."
    )

    def handle(self, **options):
        started = time.monotonic()
        count = reindex_all()
        self.stdout.write(
            f"Indexed {count} appeals in {time.monotonic() - started:.1f} s."
        )
