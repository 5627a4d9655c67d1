from django.core.management.base import BaseCommand, CommandError

from library import services as library


class Command(BaseCommand):
    help = "Replace the library's working copy with a library file, and optionally publish it."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--publish", action="store_true", help="Publish it as a new version."
        )
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="Do nothing when exactly this content was published before.",
        )
        parser.add_argument("--note", default="")

    def handle(self, path, publish, if_changed, note, **options):
        try:
            with open(path, "rb") as fh:
                data = library.library_parse(fh.read())
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        except library.LibraryFormatError as exc:
            raise CommandError(
                "Invalid library file:\n" + "\n".join(exc.errors)
            ) from exc
        if if_changed and library.library_is_published(data=data):
            self.stdout.write("Library unchanged: already published.")
            return
        imported = library.library_import(data=data)
        self.stdout.write(f"Imported {len(imported['causes'])} causes from {path}.")
        if publish:
            version = library.library_publish(note=note or f"Imported from {path}")
            self.stdout.write(f"Published library version {version.number}.")
