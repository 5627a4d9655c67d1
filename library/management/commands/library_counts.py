import json

from django.core.management.base import BaseCommand, CommandError

from library import services as library
from library.models import LibraryVersion
from library.selectors import version_current


class Command(BaseCommand):
    help = (
        "Count the library's active content (newest published version by default) and "
        "flag causes, root causes and phrase sections that fall short of the rules."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--working-copy",
            action="store_true",
            help="Count the working copy (what would be published next).",
        )
        which.add_argument(
            "--library-version",
            type=int,
            dest="number",
            help="Count this published version (its number).",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print one JSON object: causes with route, evidence and root "
            "causes' action counts, and how many 简体中文 glosses are missing.",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Exit with an error when any rule is broken (for CI).",
        )

    def handle(self, working_copy, number, strict, **options):
        data, title = self.library(working_copy, number)
        counts = library.library_counts(data)
        if options["json"]:
            self.stdout.write(json.dumps(as_json(counts), ensure_ascii=False))
            return
        self.stdout.write(title)
        self.report(counts)
        flags = library.library_flags(counts)
        if not flags:
            self.stdout.write("No content rule is broken.")
            return
        self.stdout.write(f"\n{len(flags)} flag(s):")
        for flag in flags:
            self.stdout.write(f"  ! {flag}")
        if strict:
            raise CommandError(f"{len(flags)} content rule(s) broken.")

    def library(self, working_copy: bool, number: int | None) -> tuple[dict, str]:
        if working_copy:
            try:
                return library.library_export(), "Working copy"
            except library.LibraryFormatError as exc:
                raise CommandError(
                    "The working copy is not valid:\n" + "\n".join(exc.errors)
                ) from exc
        if number is not None:
            version = LibraryVersion.objects.filter(number=number).first()
        else:
            version = version_current()
        if version is None:
            raise CommandError(
                "No library version is published"
                + (f" with number {number}." if number else " yet.")
            )
        return version.data, f"Published version {version.number} ({version.note})"

    def report(self, counts: dict) -> None:
        write = self.stdout.write
        actions = counts["actions"]
        write(
            f"Causes: {len(counts['causes'])}   Root causes: {counts['root_causes']}   "
            f"Actions: {sum(actions.values())} (corrective {actions['corrective']}, "
            f"preventive {actions['preventive']})"
        )
        for cause in counts["causes"]:
            choices = ", ".join(f"{s} {n}" for s, n in cause["phrase_choices"].items())
            write(
                f"\n{cause['slug']} [{cause['route']}]: "
                f"{len(cause['root_causes'])} root causes, {cause['evidence']} documents "
                f"(phrases to choose from: {choices})"
            )
            for rc in cause["root_causes"]:
                kinds = rc["actions"]
                write(
                    f"  {rc['slug']}: {sum(kinds.values())} actions "
                    f"(corrective {kinds['corrective']}, "
                    f"preventive {kinds['preventive']})"
                )
        write(f"\n简体中文 glosses missing: {counts['glosses_missing']}")
        write("\nPhrases per section:")
        for section, n in counts["phrases"].items():
            write(f"  {section}: {n}")


def as_json(counts: dict) -> dict:
    """The counts as scripts read them: per cause its route, how many documents it
    names, and per root cause its number of active actions."""
    return {
        "causes": [
            {
                "slug": c["slug"],
                "route": c["route"],
                "evidence": c["evidence"],
                "root_causes": [
                    {"slug": rc["slug"], "actions": sum(rc["actions"].values())}
                    for rc in c["root_causes"]
                ],
            }
            for c in counts["causes"]
        ],
        "glosses_missing": counts["glosses_missing"],
    }
