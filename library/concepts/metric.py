"""Amazon's account-health metrics: code, name, window, target, direction, letter wording.

The single definition every layer uses: the library's cause metric, the situation
step's choices, the rates computed from order reports, and the sentence a letter writes.
"""

from dataclasses import dataclass
from decimal import Decimal


def _(text: str) -> str:
    """Marks a label for makemessages; the Django layer translates it when shown."""
    return text


BELOW = "below"  # the rate must stay under the target (defects, cancellations)
ABOVE = "above"  # the rate must stay over the target (tracking, delivery)


@dataclass(frozen=True)
class Metric:
    code: str
    name: str  # as Amazon writes it, in English (letters use it as is)
    target: Decimal  # a fraction: 0.01 is 1%
    direction: str  # BELOW or ABOVE
    window_days: int  # the window Reinstate measures it over
    fixed_window: bool  # Amazon always uses this window (a letter may say so)

    @property
    def target_percent(self) -> Decimal:
        return (self.target * 100).normalize()

    @property
    def target_text(self) -> str:
        """``under 1%`` / ``above 95%``: the target as a letter states it."""
        word = "under" if self.direction == BELOW else "above"
        return f"{word} {format(self.target_percent, 'f')}%"

    def meets_target(self, value_percent: Decimal) -> bool:
        target = self.target_percent
        return (
            value_percent < target
            if self.direction == BELOW
            else value_percent > target
        )


ODR = "odr"
CANCELLATION_RATE = "cancellation_rate"
LATE_SHIPMENT_RATE = "late_shipment_rate"
VALID_TRACKING_RATE = "valid_tracking_rate"
ON_TIME_DELIVERY = "on_time_delivery"
NONE = "none"  # a cause that no metric measures (condition, packaging, policy)

METRICS: dict[str, Metric] = {
    m.code: m
    for m in (
        Metric(ODR, _("Order Defect Rate"), Decimal("0.01"), BELOW, 60, True),
        Metric(
            CANCELLATION_RATE, _("Cancellation Rate"), Decimal("0.025"), BELOW, 7, True
        ),
        # Amazon reports late shipments over 10 and over 30 days: the window varies.
        Metric(
            LATE_SHIPMENT_RATE,
            _("Late Shipment Rate"),
            Decimal("0.04"),
            BELOW,
            10,
            False,
        ),
        # Targets assumed from Amazon's common figures; domain.md gives none.
        Metric(
            VALID_TRACKING_RATE,
            _("Valid Tracking Rate"),
            Decimal("0.95"),
            ABOVE,
            30,
            False,
        ),
        Metric(
            ON_TIME_DELIVERY,
            _("On-Time Delivery Rate"),
            Decimal("0.90"),
            ABOVE,
            14,
            False,
        ),
    )
}
NONE_LABEL = _("No metric")
#: every value a cause's ``metric`` may take
CAUSE_METRIC_CODES = (*METRICS, NONE)


def get(code: str) -> Metric | None:
    return METRICS.get(code)


def name(code: str) -> str:
    """The metric's English name; an unknown code reads as words."""
    metric = METRICS.get(code)
    return metric.name if metric else code.replace("_", " ").title()


def letter_window(code: str) -> int | None:
    """The window a letter may state without the seller's figure: only a fixed one."""
    metric = METRICS.get(code)
    return metric.window_days if metric and metric.fixed_window else None
