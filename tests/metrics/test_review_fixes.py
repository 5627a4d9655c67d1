"""Fixes from the review: broken Account Health dates, out-of-range days, tampered
figures, orphan defects, rounding and the query count of the metrics index."""

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from appeals.selectors import store_metric_figures
from metrics import handoff, rates
from metrics.models import (
    AccountHealthSnapshot,
    Defect,
    Order,
    PendingImport,
    ReportImport,
)
from metrics.selectors import figures as selectors
from metrics.services import imports as services
from tests.factories import StoreFactory, seller

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "reports"


@pytest.fixture
def owner(client):
    user, workspace, store = seller("reviewseller")
    client.force_login(user)
    return user, store


def add_order(store, order_id, day, **extra):
    return Order.objects.create(
        store=store,
        order_id=order_id,
        purchase_date=datetime.combine(day, datetime.min.time(), tzinfo=UTC),
        status="Shipped",
        **extra,
    )


def health_json(**dates) -> bytes:
    data = json.loads((FIXTURES / "account_health.json").read_text())
    block = data["performanceMetrics"][0]
    for key in ("orderDefectRate", "prefulfillmentCancelRate", "lateShipmentRate"):
        target = block.get(key)
        if key == "orderDefectRate":
            target = target["mfn"]
        target["reportingDateRange"].update(dates)
    return json.dumps(data).encode()


def test_account_health_with_an_unreadable_date_is_refused_on_the_page(client, owner):
    _, store = owner
    response = client.post(
        reverse("metrics:upload", args=[store.pk]),
        {
            "file": SimpleUploadedFile(
                "health.json", health_json(reportingDateFrom="soon")
            ),
            "contact_days": 30,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "has a date that cannot be read" in page
    assert "reportingDateFrom is “soon”" in page
    assert not PendingImport.objects.exists()


def test_a_stored_snapshot_with_bad_dates_is_ignored_with_a_note(client, owner):
    _, store = owner
    add_order(store, "111-0000000-0000001", date(2026, 11, 1))
    Defect.objects.create(
        store=store,
        order_id="111-0000000-0000001",
        kind=Defect.Kind.A_TO_Z_CLAIM,
        date=date(2026, 11, 3),
    )
    figure = {"rate": "0.5", "percent": "50.00", "orders": 2, "count": 1}
    AccountHealthSnapshot.objects.create(
        store=store,
        report_import=ReportImport.objects.create(store=store, kind="account_health"),
        figures={
            "odr": {**figure, "from": "soon", "to": "2026-11-20"},
            "cancellation_rate": {**figure, "from": "2026-11-14", "to": "2026-11-20"},
        },
    )
    assert client.get(reverse("metrics:index")).status_code == 200
    page = client.get(reverse("metrics:store", args=[store.pk])).content.decode()
    assert "has dates or figures that cannot be read" in page
    figures, day = store_metric_figures(store=store)
    assert day == date(2026, 11, 3)
    assert [f.metric for f in figures] == [rates.ODR]
    response = client.post(
        reverse("appeals:start_from_rate", args=[store.pk]),
        {"metric": rates.ODR, "days": "60"},
    )
    assert response.status_code == 302  # to the appeal, or back with a message


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_as_of_far_outside_the_figures_is_refused_not_a_crash(client, owner, day):
    _, store = owner
    add_order(store, "111-0000000-0000001", date(2026, 11, 1))
    response = client.get(reverse("metrics:store", args=[store.pk]), {"as_of": day})
    assert response.status_code == 200
    assert "Choose a day from 2000-01-01" in response.content.decode()
    response = client.post(
        reverse("appeals:start_from_rate", args=[store.pk]),
        {"metric": rates.ODR, "days": "60", "as_of": day},
    )
    assert response.status_code == 302
    assert response.url == reverse("metrics:store", args=[store.pk])


def test_store_figures_fall_back_to_the_newest_day_for_an_impossible_as_of(owner):
    _, store = owner
    add_order(store, "111-0000000-0000001", date(2026, 11, 1))
    for day in (date.min, date.max):
        assert selectors.store_figures(store=store, as_of=day).as_of == date(
            2026, 11, 1
        )


@pytest.mark.parametrize("days", ["²", "٣x", "-1", "1e3"])
def test_tampered_days_get_a_message_not_a_crash(client, owner, days):
    _, store = owner
    add_order(store, "111-0000000-0000001", date(2026, 11, 1))
    response = client.post(
        reverse("appeals:start_from_rate", args=[store.pk]),
        {"metric": rates.ODR, "days": days},
    )
    assert response.status_code == 302
    assert response.url == reverse("metrics:store", args=[store.pk])
    page = client.get(response.url).content.decode()
    assert "That figure could not be found" in page


def test_a_defect_on_an_old_imported_order_is_not_called_unknown(owner):
    _, store = owner
    add_order(store, "111-0000000-0000001", date(2026, 5, 1))  # 200 days back
    add_order(store, "111-0000000-0000002", date(2026, 11, 1))
    for order_id in ("111-0000000-0000001", "111-9999999-9999999"):
        Defect.objects.create(
            store=store,
            order_id=order_id,
            kind=Defect.Kind.CHARGEBACK,
            date=date(2026, 5, 20),
        )
    odr = selectors.store_figures(store=store).get(rates.ODR).rate
    assert odr.notes[rates.NOTE_DEFECTS_WITHOUT_ORDER] == ["111-9999999-9999999"]


def test_odr_orphans_take_the_known_order_ids_into_account():
    orders = [rates.Order("111-0000000-0000002", date(2026, 11, 1))]
    defects = [
        rates.Defect("111-0000000-0000001", rates.CHARGEBACK, date(2026, 5, 20)),
        rates.Defect("111-9999999-9999999", rates.CHARGEBACK, date(2026, 5, 20)),
    ]
    rate = rates.odr(
        orders,
        defects,
        as_of=date(2026, 11, 1),
        known_order_ids={"111-0000000-0000001"},
    )
    assert rate.notes[rates.NOTE_DEFECTS_WITHOUT_ORDER] == ["111-9999999-9999999"]


def test_amazon_figure_in_an_appeal_is_rounded_half_up():
    rate = rates.Rate(
        metric=rates.LATE_SHIPMENT_RATE,
        window_days=30,
        start=date(2026, 10, 22),
        end=date(2026, 11, 20),
        target=rates.target_of(rates.LATE_SHIPMENT_RATE),
        numerator=0,
        denominator=0,
        computable=False,
    )
    amazon = {
        "rate": "0.00125",
        "count": 1,
        "orders": 800,
        "from": "2026-10-22",
        "to": "2026-11-20",
    }
    answers = handoff.answers_for_rate(rate, amazon=amazon)
    assert answers.metrics[0].value == Decimal("0.13")  # half-even would say 0.12


def test_amazon_figure_with_bad_dates_is_not_used_in_an_appeal():
    rate = rates.Rate(
        metric=rates.LATE_SHIPMENT_RATE,
        window_days=30,
        start=date(2026, 10, 22),
        end=date(2026, 11, 20),
        target=rates.target_of(rates.LATE_SHIPMENT_RATE),
        numerator=0,
        denominator=0,
        computable=False,
    )
    amazon = {"rate": "0.1", "count": 1, "orders": 10, "from": "soon", "to": "x"}
    answers = handoff.answers_for_rate(rate, amazon=amazon)
    assert answers.metrics[0].value is None


def test_money_is_rounded_half_up():
    assert services._money("0.125") == Decimal("0.13")


def test_metrics_index_reads_ten_stores_with_a_fixed_number_of_queries(
    client, owner, django_assert_max_num_queries
):
    user, store = owner
    stores = [store] + [StoreFactory(workspace=store.workspace) for _ in range(9)]
    today = date(2026, 11, 20)
    for n, s in enumerate(stores):
        for i in range(5):
            add_order(s, f"11{n}-000000{i}-0000000", today - timedelta(days=i))
        Defect.objects.create(
            store=s,
            order_id=f"11{n}-0000001-0000000",
            kind=Defect.Kind.A_TO_Z_CLAIM,
            date=today,
        )
        ReportImport.objects.create(store=s, kind="all_orders", created_by=user)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("metrics:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("See the figures") == 10
    summaries = selectors.store_summaries_for(user=user)
    assert sorted(s.store.pk for s in summaries) == sorted(s.pk for s in stores)
    assert all(s.last_import.store_id == s.store.pk for s in summaries)
    for summary in summaries:
        alone = selectors.store_figures(store=summary.store)
        assert summary.figures.get(rates.ODR).rate.percent == Decimal("20.00")
        assert [m.rate.percent for m in summary.figures.metrics] == [
            m.rate.percent for m in alone.metrics
        ]


def test_account_health_problems_are_worded_through_gettext(client, owner, monkeypatch):
    from metrics import forms

    _, store = owner
    monkeypatch.setattr(forms, "_g", lambda text: "«" + text + "»")
    response = client.post(
        reverse("metrics:upload", args=[store.pk]),
        {
            "file": SimpleUploadedFile(
                "health.json", (FIXTURES / "account_health.json").read_bytes()
            ),
            "contact_days": 30,
        },
    )
    page = client.get(response.url).content.decode()
    assert "«accountStatuses/2/status: SUSPENDED is not one of NORMAL, AT_RISK" in page
    assert "«performanceMetrics/0: restrictedProductPolicyViolations is missing.»" in (
        page
    )
    assert "is not one of [" not in page  # no raw jsonschema message


def test_schema_errors_that_stop_an_import_are_worded_on_the_page(client, owner):
    _, store = owner
    data = json.loads((FIXTURES / "account_health.json").read_text())
    data["performanceMetrics"][0]["lateShipmentRate"]["orderCount"] = "many"
    response = client.post(
        reverse("metrics:upload", args=[store.pk]),
        {
            "file": SimpleUploadedFile("h.json", json.dumps(data).encode()),
            "contact_days": 30,
        },
    )
    page = response.content.decode()
    assert (
        "performanceMetrics/0/lateShipmentRate/orderCount: should be of type "
        "integer." in page
    )
    assert "is not of type" not in page


def test_store_summaries_cost_the_same_queries_for_one_store_as_for_ten(owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user, store = owner

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.store_summaries_for(user=user)
        return len(captured.captured_queries)

    add_order(store, "110-0000000-0000000", date(2026, 11, 20))
    one = queries()
    for n in range(1, 10):
        s = StoreFactory(workspace=store.workspace)
        add_order(s, f"11{n}-0000000-0000000", date(2026, 11, 20))
        ReportImport.objects.create(store=s, kind="all_orders", created_by=user)
    assert queries() == one


def test_an_order_dated_9999_is_a_bad_line_and_the_store_page_still_works(
    client, owner
):
    _, store = owner
    text = (
        "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\n"
        "111-0000000-0000001\t2026-11-01T10:00:00Z\tShipped\tMerchant\n"
        "111-0000000-0000002\t9999-12-31T10:00:00Z\tShipped\tMerchant\n"
    )
    response = client.post(
        reverse("metrics:upload", args=[store.pk]),
        {"file": SimpleUploadedFile("o.txt", text.encode()), "contact_days": 30},
    )
    assert PendingImport.objects.get(store=store).summary["bad_lines"] == [
        {"line": 3, "reason": "bad_date", "detail": "9999-12-31T10:00:00Z"}
    ]
    client.post(response.url, {"action": "commit"})
    response = client.get(reverse("metrics:store", args=[store.pk]))
    assert response.status_code == 200
    assert selectors.store_figures(store=store).as_of == date(2026, 11, 1)
