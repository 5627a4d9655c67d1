from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every .po catalogue to .mo with polib (no GNU gettext needed)."

    def handle(self, **options):
        for po_path in Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(mo_path))
            self.stdout.write(f"Compiled {po_path.relative_to(settings.BASE_DIR)}")
