import os
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every .po catalogue to .mo with polib (no GNU gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Rewrite every .mo file."
        )

    def handle(self, force=False, **options):
        for po_path in sorted(
            Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po")
        ):
            mo_path = po_path.with_suffix(".mo")
            # Compare content, not timestamps: a checkout or copy can leave an old .po
            # newer or older than its .mo, and only a real change should rewrite it.
            compiled = polib.pofile(str(po_path)).to_binary()
            if not force and mo_path.exists() and mo_path.read_bytes() == compiled:
                continue
            # Write beside it and rename, so a process reading the catalogue never
            # sees half a file.
            tmp_path = mo_path.with_name(f".{mo_path.name}.{os.getpid()}.tmp")
            tmp_path.write_bytes(compiled)
            os.replace(tmp_path, mo_path)
            self.stdout.write(f"Compiled {po_path.relative_to(settings.BASE_DIR)}")
