"""How a letter writes a date: ``5 November 2026``, the same in every locale.

Letters are English whatever the seller's interface language, and a date in a letter
must not depend on the machine's locale either. Pages show dates through Django's
localized formats; date inputs always carry ISO (config.widgets).
"""

import datetime

MONTHS = (
    "January February March April May June July August September October November "
    "December"
).split()


def format_date(value: datetime.date) -> str:
    """``5 November 2026``: the same in every locale and on every machine."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
