"""metrics/charts.py: an accessible SVG with the target line, no script."""

from datetime import date, timedelta

from metrics import charts, rates
from metrics.rates import Defect, Order

AS_OF = date(2026, 11, 20)


def test_chart_is_an_image_named_and_described_with_a_target_line():
    orders = [
        Order(f"111-{n:07d}-0000001", AS_OF - timedelta(days=n % 7)) for n in range(40)
    ]
    rate = rates.odr(
        orders, [Defect(orders[0].order_id, rates.A_TO_Z_CLAIM, AS_OF)], as_of=AS_OF
    )
    svg = str(
        charts.rate_chart(
            rate, rates.daily_series(rate), chart_id="c1", title="ODR <b>"
        )
    )
    assert svg.startswith('<svg class="metric-chart"')
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">ODR &lt;b&gt;</title>' in svg
    assert "ending at 2.50%" in svg
    assert 'class="chart-target"' in svg
    assert "<script" not in svg and "style=" not in svg


def test_no_chart_without_data():
    rate = rates.odr([], [], as_of=AS_OF)
    assert (
        charts.rate_chart(rate, rates.daily_series(rate), chart_id="c", title="x") == ""
    )
