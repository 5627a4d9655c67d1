import json

from django.core.management.base import BaseCommand

from appeals import library


class Command(BaseCommand):
    help = (
        "Write the library's working copy as a library file (stdout, or --output PATH)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o")

    def handle(self, output, **options):
        text = json.dumps(library.library_export(), ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
