"""Amazon's own figures, as an Account Health snapshot stores them (``reports.
account_health``): which metric each one is, whether it can be used, and its percent.
Pure: plain data in and out.

A stored snapshot is data a seller uploaded, so every figure is checked before use; a
broken one is ignored (with a note on the page), never a crash.
"""

from datetime import date
from decimal import Decimal

from library.concepts import metric
from library.concepts import percent as pct

from .reports import DATE_MAX, DATE_MIN

#: figures can be computed for days in this range (windows reach 120 days back and
#: age-out dates 60 days ahead, so nothing near date.min/date.max is ever touched)
AS_OF_MIN = DATE_MIN
AS_OF_LIMIT = DATE_MAX

#: the key of each metric's figure in a snapshot
KEYS = {
    metric.ODR: "odr",
    metric.CANCELLATION_RATE: "cancellation_rate",
    metric.LATE_SHIPMENT_RATE: "late_shipment_rate",
}


def usable_day(day: date | None) -> bool:
    return day is not None and AS_OF_MIN <= day <= AS_OF_LIMIT


def usable_figure(figure) -> bool:
    """Whether one of Amazon's figures from a stored snapshot can be used: readable
    dates in order, a numeric rate and whole counts."""
    try:
        start = date.fromisoformat(figure["from"])
        end = date.fromisoformat(figure["to"])
        rate = Decimal(str(figure["rate"]))
        counts = [figure["count"], figure["orders"]]
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return False
    return (
        usable_day(start)
        and usable_day(end)
        and start <= end
        and rate.is_finite()
        and all(isinstance(n, int) and n >= 0 for n in counts)
    )


def usable_figures(figures) -> dict | None:
    """Amazon's figures from a stored snapshot, checked before use; None when any of
    them is broken (such a snapshot is ignored with a note, never a crash)."""
    if not isinstance(figures, dict):
        return None
    for key in KEYS.values():
        if key in figures and not usable_figure(figures[key]):
            return None
    return figures


def period(figure: dict) -> tuple[date, date]:
    """The first and last day of a (usable) figure."""
    return date.fromisoformat(figure["from"]), date.fromisoformat(figure["to"])


def percent_of(figure: dict) -> Decimal:
    """A (usable) figure's rate in percent, rounded as Seller Central shows it."""
    return pct.from_fraction(figure["rate"])
