"""Check a letter written anywhere: ``manage.py check_letter PATH [--shape classic|form]
[--message] [--json]``. The same checker as the review step and "Check a letter I
wrote"; exit code 0 whatever it finds (the findings are the answer)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from library import checker
from library.selectors import checker_settings


class Command(BaseCommand):
    help = "Check a plain-text appeal letter or buyer message and print the findings."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a UTF-8 text file")
        parser.add_argument("--shape", choices=["classic", "form"], default="classic")
        parser.add_argument(
            "--message", action="store_true", help="check it as a buyer message"
        )
        parser.add_argument(
            "--json", action="store_true", help="print exactly one JSON object"
        )

    def handle(self, *args, **options):
        try:
            text = Path(options["path"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {options['path']}: {exc}") from exc
        shape = "message" if options["message"] else options["shape"]
        findings = checker.check(text, shape=shape, settings=checker_settings())
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"findings": [f.as_dict() for f in findings]}, ensure_ascii=False
                )
            )
            return
        if not findings:
            self.stdout.write(gettext("No findings."))
        for f in findings:
            excerpt = " ".join(text[f.start : f.end].split())[:80]
            self.stdout.write(
                f"{f.severity:<8} {f.category:<24} {f.start}-{f.end} "
                f"{gettext(f.message)}" + (f"\n         “{excerpt}”" if excerpt else "")
            )
