"""Server-drawn SVG charts: a rate per day over its window, with the target line.

No JavaScript. Each chart is an ``<svg role="img">`` named by its ``<title>`` and
described by its ``<desc>``; the page also shows the same figures as a table. Only
numbers and escaped text go into the markup (format_html), so it is safe to render.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from . import rates

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28


SVG = (
    '<svg class="metric-chart" viewBox="0 0 {w} {h}" role="img" '
    'aria-labelledby="{id}-title {id}-desc" focusable="false">'
    '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
    '<rect x="{left}" y="{top}" width="{pw}" height="{ph}" class="chart-area"></rect>'
    '<line x1="{left}" x2="{right}" y1="{ty}" y2="{ty}" class="chart-target"></line>'
    '<text x="{tlx}" y="{tly}" class="chart-label chart-target-label">{tlabel}</text>'
    '<polyline points="{points}" class="chart-line"></polyline>{dots}'
    '<text x="{left}" y="{by}" class="chart-label">{first}</text>'
    '<text x="{right}" y="{by}" text-anchor="end" class="chart-label">{last}</text>'
    '<text x="{lx}" y="{topy}" text-anchor="end" class="chart-label">{topv}%</text>'
    '<text x="{lx}" y="{bottom}" text-anchor="end" class="chart-label">0%</text>'
    "</svg>"
)
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class _Frame:
    """Where a day and a percent fall on the plot."""

    top: Decimal  # the percent at the top edge
    step: float  # pixels between two days

    def x(self, i: int) -> str:
        return f"{LEFT + i * self.step:.1f}"

    def y(self, value: Decimal) -> str:
        return f"{TOP + PLOT_H - float(value / self.top) * PLOT_H:.1f}"


def rate_chart(
    rate: rates.Rate, series: list[rates.Point], *, chart_id: str, title: str
):
    """The SVG markup for one rate's daily series, or "" when there is nothing to draw."""
    values = [p.percent for p in series]
    known = [v for v in values if v is not None]
    if not known:
        return ""
    target = rate.target * 100
    top = max(max(known), target) * Decimal("1.25")
    frame = _Frame(top=max(top, Decimal("0.5")), step=PLOT_W / max(1, len(series) - 1))
    first, last = series[0].day, series[-1].day
    return format_html(
        SVG,
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=title,
        desc=_description(rate, title, first, last, known[-1]),
        left=LEFT,
        top=TOP,
        pw=PLOT_W,
        ph=PLOT_H,
        right=WIDTH - RIGHT,
        ty=frame.y(target),
        tlx=LEFT + 4,
        tly=f"{float(frame.y(target)) - 4:.1f}",
        tlabel=_("target %(target)s%%") % {"target": rate.target_percent},
        points=" ".join(
            f"{frame.x(i)},{frame.y(v)}" for i, v in enumerate(values) if v is not None
        ),
        dots=_dots(values, frame, target),
        by=HEIGHT - 8,
        first=date_format(first, "M j"),
        last=date_format(last, "M j"),
        lx=LEFT - 6,
        topy=TOP + 10,
        topv=f"{frame.top:.1f}",
        bottom=TOP + PLOT_H,
    )


def _dots(values: list[Decimal | None], frame: _Frame, target: Decimal):
    return format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="2.5" class="chart-dot{}"></circle>',
        (
            (frame.x(i), frame.y(v), " chart-dot-over" if v >= target else "")
            for i, v in enumerate(values)
            if v is not None
        ),
    )


def _description(rate: rates.Rate, title: str, first, last, value: Decimal) -> str:
    return _(
        "%(metric)s for each day from %(first)s to %(last)s, ending at %(value)s "
        "against a target below %(target)s%%."
    ) % {
        "metric": title,
        "first": date_format(first, "DATE_FORMAT"),
        "last": date_format(last, "DATE_FORMAT"),
        "value": f"{value}%",
        "target": rate.target_percent,
    }
