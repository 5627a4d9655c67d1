"""The promotion-error incident kit's outputs. Pure: plain data in, text out."""

import csv
import io

#: the library cause of a promotion or pricing mistake (its buyer messages, annotation
#: notes and the appeal started from the kit)
PROMOTION_CAUSE = "promotion-pricing-error"
#: the cancel reason to choose in Seller Central for orders hit by a pricing mistake
PRICING_ERROR_REASON = "Pricing error"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """A cell a spreadsheet will not run: text starting with = + - @, a tab or a CR
    gets a leading apostrophe (OWASP's advice against CSV formula injection)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def messages_csv(rows: list[dict], columns: list[str]) -> str:
    """CSV text (with a header) for bulk sending; every cell passes through csv_safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_safe(row.get(c, "")) for c in columns])
    return out.getvalue()
