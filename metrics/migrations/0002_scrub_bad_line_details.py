"""Remove raw field text kept in bad-line details before it was restricted (a split
address line put buyer names, streets, e-mails and phones there)."""

import re

from django.db import migrations

SAFE_ORDER_ID = re.compile(r"^[0-9-]{1,40}$")
SAFE_NUMBER = re.compile(r"^[0-9][0-9 .,:/+\-TZ]{0,39}$")
NUMERIC = ("bad_date", "bad_price", "bad_quantity", "bad_rating")


def _safe(line: dict) -> dict:
    reason, detail = line.get("reason", ""), str(line.get("detail", "")).strip()
    if reason == "too_many_fields":
        return line
    if reason == "bad_order_id" and SAFE_ORDER_ID.match(detail):
        return line
    if reason in NUMERIC and SAFE_NUMBER.match(detail):
        return line
    return {**line, "detail": ""}


def scrub(apps, schema_editor):
    ReportImport = apps.get_model("metrics", "ReportImport")
    PendingImport = apps.get_model("metrics", "PendingImport")
    for record in ReportImport.objects.exclude(bad_lines=[]).iterator():
        record.bad_lines = [_safe(b) for b in record.bad_lines or []]
        record.save(update_fields=["bad_lines"])
    for pending in PendingImport.objects.all().iterator():
        summary = pending.summary or {}
        if summary.get("bad_lines"):
            summary["bad_lines"] = [_safe(b) for b in summary["bad_lines"]]
            pending.summary = summary
            pending.save(update_fields=["summary"])


class Migration(migrations.Migration):
    dependencies = [("metrics", "0001_initial")]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
