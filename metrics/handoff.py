"""What the metrics hand to an appeal: a rate, or the incident kit's orders, as the
wizard's prefilled ``Answers``. Pure: plain data in and out, no Django.

The appeal itself is created by ``appeals.services.appeal_start_from_figures``: metrics
never imports appeals (dependencies go appeals -> metrics -> library -> accounts).
"""

from library.answers import Answers, MetricFigure, OrderRef
from library.concepts import metric

from . import amazon as amazon_figures
from . import rates
from .kit import PROMOTION_CAUSE

#: the library cause an appeal about each metric starts from (the ODR's depends on the
#: kind of defect that dominates: ``rates.odr_cause``)
CAUSES = {
    metric.CANCELLATION_RATE: "cancellation-stock-outs",
    metric.LATE_SHIPMENT_RATE: "late-shipment-rate",
}

# Notes on affected orders go into the letter, which is English by design.
ENTRY_NOTES = {
    rates.A_TO_Z_CLAIM: "A-to-z Guarantee claim",
    rates.NEGATIVE_FEEDBACK: "negative feedback",
    rates.CHARGEBACK: "chargeback",
    rates.SELLER_CANCELLED: "cancelled by us",
    rates.CANCELLED_BY_UNKNOWN: "cancelled",
    rates.LATE: "shipped after the expected ship date",
}
PROMOTION_NOTE = "cancelled: promotion set up with a wrong price"


def _entry_note(entry: rates.Entry) -> str:
    return ", ".join(ENTRY_NOTES.get(k, k) for k in entry.kinds)


def cause_for(rate: rates.Rate) -> str:
    """The library cause slug an appeal about ``rate`` starts from."""
    return rates.odr_cause(rate) if rate.metric == metric.ODR else CAUSES[rate.metric]


def figure_of(rate: rates.Rate) -> MetricFigure:
    """Our figure of ``rate`` as the situation step records it."""
    return MetricFigure(
        metric=rate.metric,
        value=rate.percent,
        period_days=rate.window_days,
        defects=rate.numerator,
        orders=rate.denominator,
    )


def amazon_figure_of(code: str, figure: dict) -> MetricFigure:
    """One of Amazon's (usable) figures from an Account Health snapshot."""
    start, end = amazon_figures.period(figure)
    return MetricFigure(
        metric=code,
        value=amazon_figures.percent_of(figure),
        period_days=(end - start).days + 1,
        defects=figure["count"],
        orders=figure["orders"],
    )


def answers_for_rate(rate: rates.Rate, *, amazon: dict | None = None) -> Answers:
    """The wizard's answers prefilled from one rate: cause, figure, period, counts and
    the affected order IDs. Where our figure cannot be computed (no ship dates) and an
    Account Health report gave Amazon's, Amazon's figure is used."""
    if amazon and not amazon_figures.usable_figure(amazon):
        amazon = None
    if rate.percent is None and amazon:
        figure = amazon_figure_of(rate.metric, amazon)
    else:
        figure = figure_of(rate)
    return Answers(
        causes=[cause_for(rate)],
        metrics=[figure],
        orders=[OrderRef(id=e.order_id, note=_entry_note(e)) for e in rate.defective],
    )


def answers_for_incident(*, order_ids: list[str], projected: rates.Rate) -> Answers:
    """A promotion-error appeal: the cancellation figure once the affected orders are
    cancelled (``projected``), and every affected order ID."""
    return Answers(
        causes=[PROMOTION_CAUSE],
        metrics=[figure_of(projected)],
        orders=[OrderRef(id=order_id, note=PROMOTION_NOTE) for order_id in order_ids],
    )
