"""metrics.handoff (figures -> the wizard's answers, pure) and the incident kit's
phrases read from the typed library."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from library.concepts import metric
from library.services import library_import, library_publish
from metrics import handoff, rates
from metrics.forms import KitFilterForm
from metrics.kit import PROMOTION_CAUSE
from metrics.selectors import kit as kit_reads

ROOT = Path(__file__).resolve().parents[2]


def cancellations(cancelled: int, total: int) -> rates.Rate:
    orders = [
        rates.Order(
            f"111-0000000-{n:07d}",
            date(2026, 11, 20),
            status="Cancelled" if n < cancelled else "Shipped",
            buyer_requested_cancel=False,
        )
        for n in range(total)
    ]
    return rates.cancellation_rate(orders, as_of=date(2026, 11, 20))


def test_rates_take_targets_and_windows_from_the_concept_module():
    rate = cancellations(1, 40)
    concept = metric.METRICS[metric.CANCELLATION_RATE]
    assert rate.target == concept.target == Decimal("0.025")
    assert rate.window_days == concept.window_days == 7
    assert rates.ODR == metric.ODR
    assert rates.target_of(rates.ODR) == Decimal("0.01")


def test_rate_percent_rounds_half_up_like_the_percent_concept():
    rate = cancellations(1, 800)  # 0.125%
    assert rate.percent == Decimal("0.13")
    assert rates.Point(date(2026, 11, 20), 1, 800).percent == Decimal("0.13")


def test_answers_for_a_rate_carry_cause_figure_and_orders():
    rate = cancellations(3, 40)
    answers = handoff.answers_for_rate(rate)
    assert answers.causes == ["cancellation-stock-outs"]
    figure = answers.metrics[0]
    assert (figure.metric, figure.value, figure.period_days) == (
        metric.CANCELLATION_RATE,
        Decimal("7.50"),
        7,
    )
    assert (figure.defects, figure.orders) == (3, 40)
    assert [o.note for o in answers.orders] == ["cancelled by us"] * 3


def test_answers_for_an_incident_name_every_order_and_the_projected_rate():
    projected = cancellations(2, 10)
    answers = handoff.answers_for_incident(
        order_ids=["111-0000000-0000000", "111-0000000-0000001"], projected=projected
    )
    assert answers.causes == [PROMOTION_CAUSE]
    assert answers.metrics[0].metric == metric.CANCELLATION_RATE
    assert answers.metrics[0].value == Decimal("20.00")
    assert [o.id for o in answers.orders] == [
        "111-0000000-0000000",
        "111-0000000-0000001",
    ]
    assert {o.note for o in answers.orders} == {handoff.PROMOTION_NOTE}


@pytest.mark.django_db
def test_kit_phrases_come_from_the_typed_library_promotion_ones_first():
    assert kit_reads.buyer_messages() == []  # nothing published yet
    library_import(data=json.loads((ROOT / "fixtures" / "library.json").read_text()))
    library_publish(note="tests")
    messages = kit_reads.buyer_messages()
    assert [p.key for p in messages][:3] == [
        "buyer-promo-not-charged",
        "buyer-promo-short",
        "buyer-promo-refunded",
    ]
    assert all(p.section == "buyer_message" for p in messages)
    assert [p.cause for p in messages][-2:] == [None, None]
    form = KitFilterForm(phrases=messages)
    choices = form.fields["message"].choices
    assert [key for key, _label in choices] == [p.key for p in messages]
    assert all(len(label) <= 81 for _key, label in choices)
