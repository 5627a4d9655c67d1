"""Metric names as pages show them: the one definition (library.concepts.metric),
translated, with the window where a metric is shown over more than one."""

from django import template
from django.utils.translation import gettext as _

from library.concepts import metric

from .. import rates

register = template.Library()


def metric_title(code: str) -> str:
    """The metric's name in the user's language."""
    return _(metric.name(code))


@register.filter
def rate_title(rate: rates.Rate) -> str:
    title = metric_title(rate.metric)
    if rate.metric == rates.LATE_SHIPMENT_RATE:
        return _("%(metric)s (%(days)s days)") % {
            "metric": title,
            "days": rate.window_days,
        }
    return title
