"""Percent figures: one rounding (half-up, two places) and one way to write them.

Amazon shows rates with two decimals. Every figure Reinstate computes goes through
``percent``/``round_percent``, so the figure the situation step checks a typed value
against is the one it saves when the seller leaves the value empty: 1 defect in 800
orders is 0.13% both times (a figure the seller typed, within 0.01, is kept as typed).
"""

from decimal import ROUND_HALF_UP, Decimal

PLACES = Decimal("0.01")


def round_percent(value: Decimal | int | str) -> Decimal:
    """A percent figure rounded half-up to two places: 0.125 -> 0.13."""
    return Decimal(str(value)).quantize(PLACES, rounding=ROUND_HALF_UP)


def percent(numerator: int, denominator: int) -> Decimal | None:
    """``numerator`` of ``denominator`` as a percent figure; None without a denominator."""
    if not denominator:
        return None
    return round_percent(Decimal(numerator) * 100 / Decimal(denominator))


def from_fraction(fraction: Decimal | float | str) -> Decimal:
    """A rate given as a fraction (Amazon's 0.0159) as a percent figure (1.59)."""
    return round_percent(Decimal(str(fraction)) * 100)


def format_percent(value: Decimal) -> str:
    """The figure with its own precision and no exponent: 1.59 -> ``1.59%``."""
    return f"{format(Decimal(value), 'f')}%"
