from django.core.management.base import BaseCommand, CommandError

from library import services as library


class Command(BaseCommand):
    help = (
        "Write the library's working copy (or a published version) as a library file "
        "(stdout, or --output PATH)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o")
        parser.add_argument(
            "--library-version",
            type=int,
            dest="number",
            help="Export this published version instead of the working copy.",
        )

    def handle(self, output, number, **options):
        text = library.library_dumps(self.library(number))
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")

    def library(self, number: int | None) -> dict:
        if number is not None:
            version = library.LibraryVersion.objects.filter(number=number).first()
            if version is None:
                raise CommandError(f"No published library version {number}.")
            return version.data
        try:
            return library.library_export()
        except library.LibraryFormatError as exc:
            raise CommandError(
                "The working copy is not valid:\n" + "\n".join(exc.errors)
            ) from exc
