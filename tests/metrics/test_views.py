"""The metrics pages: import flow, privacy, scoping, appeals from figures, incident kit."""

import json
import re
import zlib
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import CURATOR_GROUP
from appeals.models import Appeal
from library.services import library_import, library_publish
from metrics.models import (
    AccountHealthSnapshot,
    BuyerContact,
    Defect,
    Order,
    PendingImport,
    ReportImport,
)
from tests.factories import ClientLinkFactory, MembershipFactory, UserFactory, seller

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "reports"


@pytest.fixture
def owner(client):
    user, workspace, store = seller("metricseller")
    client.force_login(user)
    return user, store


@pytest.fixture
def published_library():
    library_import(data=json.loads((ROOT / "fixtures" / "library.json").read_text()))
    return library_publish(note="tests")


def upload(client, store, name, **extra):
    data = {"file": SimpleUploadedFile(name, (FIXTURES / name).read_bytes()), **extra}
    data.setdefault("contact_days", 30)
    return client.post(reverse("metrics:upload", args=[store.pk]), data)


def import_file(client, store, name, **extra):
    response = upload(client, store, name, **extra)
    assert response.status_code == 302, response.content.decode()[:2000]
    pending = PendingImport.objects.get(store=store)
    response = client.post(response.url, {"action": "commit"})
    assert response.status_code == 302
    assert not PendingImport.objects.filter(pk=pending.pk).exists()
    return response


def paste_claims(client, store, text, kind="claims"):
    response = client.post(
        reverse("metrics:claims", args=[store.pk]), {"kind": kind, "text": text}
    )
    assert response.status_code == 302
    client.post(response.url, {"action": "commit"})


def test_upload_shows_a_preview_and_saves_nothing_until_confirmed(client, owner):
    _, store = owner
    response = upload(client, store, "all_orders_cp932.txt")
    assert Order.objects.count() == 0
    page = client.get(response.url).content.decode()
    assert "Shift_JIS" in page
    assert "10 orders placed 2026-11-14 to 2026-11-18" in page
    assert "ワイヤレスイヤホン" in page
    client.post(response.url, {"action": "discard"})
    assert PendingImport.objects.count() == 0
    assert Order.objects.count() == 0


def test_committed_import_keeps_orders_and_a_record_but_not_the_file(client, owner):
    _, store = owner
    import_file(client, store, "all_orders_utf16.txt")
    assert Order.objects.filter(store=store).count() == 10
    record = ReportImport.objects.get(store=store)
    assert (record.rows_imported, record.orders_imported) == (12, 10)
    assert record.encoding.startswith("UTF-16")


def test_reimporting_the_same_report_upserts_instead_of_duplicating(client, owner):
    _, store = owner
    import_file(client, store, "cancellations_mixed.txt")
    import_file(client, store, "cancellations_mixed.txt")
    assert Order.objects.filter(store=store).count() == 41
    assert ReportImport.objects.filter(store=store).count() == 2


def test_a_later_report_adds_what_the_first_did_not_say(client, owner):
    _, store = owner
    import_file(client, store, "unshipped_orders.txt")
    order = Order.objects.get(store=store, order_id="412-1002107-2003913")
    assert order.promise_date is not None
    assert order.is_buyer_requested_cancellation is True
    import_file(client, store, "seller_fulfilled_orders.txt")
    order.refresh_from_db()
    assert order.is_buyer_requested_cancellation is True


def test_buyer_contact_is_never_stored_without_the_sellers_choice(client, owner):
    _, store = owner
    import_file(client, store, "unshipped_orders.txt")
    assert BuyerContact.objects.count() == 0
    pending_rows = [f.name for f in PendingImport._meta.fields]
    assert "payload" in pending_rows
    order_fields = {f.name for f in Order._meta.fields}
    assert not order_fields & {"buyer_email", "buyer_name", "email", "phone"}


def test_buyer_contact_kept_on_choice_with_a_purge_date(client, owner):
    _, store = owner
    import_file(
        client, store, "unshipped_orders.txt", keep_buyer_contact="on", contact_days=7
    )
    contact = BuyerContact.objects.get(store=store, order_id="411-1002100-2003900")
    assert contact.email == "buyer300@marketplace.amazon.com"
    assert contact.name == "Buyer 300"
    assert contact.purge_after == timezone.localdate() + timedelta(days=7)


def test_purge_buyer_data_deletes_expired_contacts_and_pending_imports(owner):
    user, store = owner
    today = timezone.localdate()
    BuyerContact.objects.create(
        store=store, order_id="111-1111111-1111111", email="a@x.com", purge_after=today
    )
    BuyerContact.objects.create(
        store=store,
        order_id="111-1111111-1111112",
        email="b@x.com",
        purge_after=today - timedelta(days=1),
    )
    PendingImport.objects.create(
        store=store,
        kind="all_orders",
        payload=b"",
        created_by=user,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    call_command("purge_buyer_data")
    assert list(BuyerContact.objects.values_list("email", flat=True)) == ["a@x.com"]
    assert PendingImport.objects.count() == 0


def test_bad_lines_are_listed_with_line_numbers_and_the_rest_imported(client, owner):
    _, store = owner
    response = upload(client, store, "bad_lines_10000.txt")
    page = client.get(response.url).content.decode()
    assert "3 lines could not be used" in page
    for line in ("Line 2501", "Line 5002", "Line 9999"):
        assert line in page
    client.post(response.url, {"action": "commit"})
    assert Order.objects.filter(store=store).count() == 9_997
    assert ReportImport.objects.get(store=store).bad_line_count == 3


def test_missing_columns_are_named_on_the_page_not_a_stack_trace(client, owner):
    _, store = owner
    data = {
        "file": SimpleUploadedFile(
            "x.txt",
            b"amazon-order-id\tpurchase-date\n111-1111111-1111111\t2026-11-01\n",
        ),
        "contact_days": 30,
    }
    response = client.post(reverse("metrics:upload", args=[store.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "order-status, fulfillment-channel" in page


def test_upload_over_the_limit_is_refused_with_a_clear_message(client, owner, settings):
    _, store = owner
    settings.UPLOAD_MAX_BYTES = 4096
    response = upload(client, store, "odr_126_orders.txt")
    assert response.status_code == 200
    page = response.content.decode()
    assert "refused while uploading" in page
    assert "4.0" in page and "KB" in page
    assert PendingImport.objects.count() == 0


def test_odr_page_shows_rate_what_if_and_age_out(client, owner):
    _, store = owner
    import_file(client, store, "odr_126_orders.txt")
    paste_claims(client, store, (FIXTURES / "odr_claims.txt").read_text())
    assert Defect.objects.filter(store=store, denied=False).count() == 2
    page = client.get(reverse("metrics:store", args=[store.pk])).content.decode()
    assert "1.59%" in page
    assert "75 more orders without a problem" in page
    assert "Nov. 25, 2026" in page
    assert 'role="img"' in page and "<title id=" in page


def test_account_health_figures_show_beside_ours(client, owner):
    _, store = owner
    import_file(client, store, "odr_126_orders.txt")
    paste_claims(client, store, (FIXTURES / "odr_claims.txt").read_text())
    response = upload(client, store, "account_health.json")
    preview = client.get(response.url).content.decode()
    assert "Amazon's figures in this report" in preview
    assert "14.29%" in preview
    client.post(response.url, {"action": "commit"})
    snapshot = AccountHealthSnapshot.objects.get(store=store)
    assert snapshot.figures["odr"]["count"] == 2
    page = client.get(reverse("metrics:store", args=[store.pk])).content.decode()
    assert "Amazon's figure beside ours" in page
    # ODR agrees (2 of 126 = 1.59%); Amazon counts 3 cancellations we do not have
    assert page.count("differs") >= 1
    assert "14.29%" in page


def test_feedback_import_turns_low_ratings_into_defects(client, owner):
    _, store = owner
    import_file(client, store, "feedback.txt")
    assert sorted(
        Defect.objects.filter(store=store).values_list("rating", flat=True)
    ) == [1, 2]


def test_start_an_appeal_prefills_cause_figure_period_counts_and_orders(
    client, owner, published_library
):
    _, store = owner
    import_file(client, store, "odr_126_orders.txt")
    paste_claims(client, store, (FIXTURES / "odr_claims.txt").read_text())
    response = client.post(
        reverse("appeals:start_from_rate", args=[store.pk]),
        {"metric": "odr", "days": "60", "as_of": "2026-11-20"},
    )
    appeal = Appeal.objects.get(store=store)
    assert response.status_code == 302
    assert response.url == appeal.get_absolute_url()
    answers = appeal.rounds.get(number=1).answers
    assert answers["causes"] == ["odr-a-to-z-claims"]
    assert answers["metrics"] == [
        {
            "metric": "odr",
            "value": "1.59",
            "period_days": 60,
            "defects": 2,
            "orders": 126,
        }
    ]
    assert [o["id"] for o in answers["orders"]] == [
        "321-1007070-2013130",
        "411-1007700-2014300",
    ]


def test_cancellation_appeal_uses_the_stock_out_cause(client, owner, published_library):
    _, store = owner
    import_file(client, store, "cancellations_mixed.txt")
    client.post(
        reverse("appeals:start_from_rate", args=[store.pk]),
        {"metric": "cancellation_rate", "days": "7"},
    )
    answers = Appeal.objects.get(store=store).rounds.get().answers
    assert answers["causes"] == ["cancellation-stock-outs"]
    assert answers["metrics"][0]["value"] == "7.50"
    assert len(answers["orders"]) == 3


def test_appeal_without_a_published_library_shows_a_clear_message(client, owner):
    _, store = owner
    import_file(client, store, "cancellations_mixed.txt")
    response = client.post(
        reverse("appeals:start_from_rate", args=[store.pk]),
        {"metric": "cancellation_rate", "days": "7"},
        follow=True,
    )
    assert "library has not been published" in response.content.decode()
    assert Appeal.objects.count() == 0


def test_incident_kit_selects_the_promotion_orders_and_measures_dilution(
    client, owner, published_library
):
    _, store = owner
    import_file(client, store, "promotion_error_orders.txt", keep_buyer_contact="on")
    url = reverse("metrics:incident", args=[store.pk])
    query = {"promotion_id": "PROMO-HALF-OFF-WRONG", "max_price": "5"}
    page = client.get(url, query).content.decode()
    assert "Cancel 300 orders" in page
    assert "Pricing error" in page
    assert "Buyer-Seller Messaging" in page
    assert "technical error" in page
    assert "Please add a note to our account" in page
    # 300 cancelled among 351 seller-fulfilled orders of 12..18 Nov (the 300, and the
    # regular orders placed every 2 hours from 11 Nov 06:00: numbers 9..59 fall on or
    # after 12 Nov, so 51): 300 / 351 = 85.47%.
    # 300 / (351 + n) < 2.5%  =>  351 + n > 12,000  =>  n = 11,650
    assert "85.47%" in page
    assert "11650 more good orders" in page


def test_incident_csv_escapes_formulas_and_lists_each_buyer(client, owner):
    _, store = owner
    import_file(client, store, "promotion_error_orders.txt", keep_buyer_contact="on")
    response = client.get(
        reverse("metrics:incident_csv", args=[store.pk]),
        {"promotion_id": "PROMO-HALF-OFF-WRONG"},
    )
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "order-id,buyer-name,buyer-email,cancel-reason,message"
    assert len(lines) == 301
    assert "'=cmd|' /C calc'!A0" in text
    assert "\n=cmd" not in text and ",=cmd" not in text


def test_incident_appeal_is_prefilled_with_the_promotion_cause(
    client, owner, published_library
):
    _, store = owner
    import_file(client, store, "promotion_error_orders.txt")
    response = client.post(
        reverse("appeals:start_from_incident", args=[store.pk]),
        {"promotion_id": "PROMO-HALF-OFF-WRONG"},
    )
    appeal = Appeal.objects.get(store=store)
    assert response.url == appeal.get_absolute_url()
    answers = appeal.rounds.get().answers
    assert answers["causes"] == ["promotion-pricing-error"]
    assert len(answers["orders"]) == 300
    assert Decimal(answers["metrics"][0]["value"]) == Decimal("85.47")


def test_kit_needs_at_least_one_criterion(client, owner):
    _, store = owner
    page = client.get(
        reverse("metrics:incident", args=[store.pk]), {"sku": ""}
    ).content.decode()
    assert "Give at least one way to find the affected orders." in page


def all_urls(store, pending_pk):
    return [
        ("get", reverse("metrics:store", args=[store.pk])),
        ("get", reverse("metrics:upload", args=[store.pk])),
        ("get", reverse("metrics:claims", args=[store.pk])),
        ("get", reverse("metrics:import_check", args=[store.pk, pending_pk])),
        ("post", reverse("appeals:start_from_rate", args=[store.pk])),
        ("get", reverse("metrics:incident", args=[store.pk]) + "?promotion_id=P"),
        ("get", reverse("metrics:incident_csv", args=[store.pk]) + "?promotion_id=P"),
        ("post", reverse("appeals:start_from_incident", args=[store.pk])),
    ]


@pytest.fixture
def seller_data(client, owner):
    """The owner's store with buyer contacts kept and a pending import."""
    user, store = owner
    import_file(client, store, "unshipped_orders.txt", keep_buyer_contact="on")
    pending_response = upload(client, store, "unshipped_orders.txt")
    pending = PendingImport.objects.get(store=store)
    assert pending_response.status_code == 302
    client.logout()
    return store, pending


def test_other_workspace_gets_404_on_every_metrics_url(client, seller_data):
    store, pending = seller_data
    outsider, _, _ = seller("outsider")
    client.force_login(outsider)
    for method, url in all_urls(store, pending.pk):
        response = getattr(client, method)(
            url, {"metric": "odr"} if method == "post" else None
        )
        assert response.status_code == 404, url
    index = client.get(reverse("metrics:index")).content.decode()
    assert "@marketplace.amazon.com" not in index
    assert store.name not in index


def test_curator_without_membership_gets_404(client, seller_data):
    store, pending = seller_data
    curator = UserFactory(username="curator-x", is_staff=True)
    curator.groups.add(Group.objects.get_or_create(name=CURATOR_GROUP)[0])
    client.force_login(curator)
    for method, url in all_urls(store, pending.pk):
        assert getattr(client, method)(url).status_code == 404, url


def test_curator_sees_no_metrics_models_in_admin(client, seller_data):
    curator = UserFactory(username="curator-y", is_staff=True)
    curator.groups.add(Group.objects.get_or_create(name=CURATOR_GROUP)[0])
    client.force_login(curator)
    assert client.get("/admin/metrics/order/").status_code in (302, 403)
    assert client.get("/admin/metrics/buyercontact/").status_code in (302, 403)
    admin_index = client.get("/admin/").content.decode()
    assert "Buyer contacts" not in admin_index


def test_consultant_with_an_active_link_reaches_the_client_store(client, seller_data):
    store, _ = seller_data
    consultant = UserFactory(username="consultant-x")
    link = ClientLinkFactory(client=store.workspace)
    MembershipFactory(user=consultant, workspace=link.consultancy)
    client.force_login(consultant)
    assert client.get(reverse("metrics:store", args=[store.pk])).status_code == 200
    link.revoked_at = timezone.now()
    link.save()
    assert client.get(reverse("metrics:store", args=[store.pk])).status_code == 404


def test_buyer_emails_never_appear_for_an_outsider(client, seller_data):
    store, pending = seller_data
    outsider, _, _ = seller("outsider2")
    client.force_login(outsider)
    pages = [reverse("metrics:index")] + [
        u for m, u in all_urls(store, pending.pk) if m == "get"
    ]
    for url in pages:
        assert b"marketplace.amazon.com" not in client.get(url).content


def test_index_lists_the_stores_with_latest_figures(client, owner):
    _, store = owner
    import_file(client, store, "cancellations_mixed.txt")
    page = client.get(reverse("metrics:index")).content.decode()
    assert store.name in page
    assert "7.50%" in page
    assert reverse("metrics:upload", args=[store.pk]) in page


def test_chargebacks_from_a_two_column_excel_unicode_file(client, owner):
    _, store = owner
    import_file(client, store, "odr_126_orders.txt")
    text = (
        "order-id\tdate\r\n321-1007070-2013130\t2026-10-20\r\nnonsense\t2026-10-21\r\n"
    )
    response = client.post(
        reverse("metrics:claims", args=[store.pk]),
        {
            "kind": "chargebacks",
            "file": SimpleUploadedFile("chargebacks.txt", text.encode("utf-16")),
        },
    )
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "Line 3: the order ID is not in the form" in preview
    client.post(response.url, {"action": "commit"})
    defect = Defect.objects.get(store=store)
    assert (defect.kind, defect.order_id) == ("chargeback", "321-1007070-2013130")


def test_claims_form_without_input_keeps_the_choice_and_says_why(client, owner):
    _, store = owner
    response = client.post(
        reverse("metrics:claims", args=[store.pk]), {"kind": "chargebacks", "text": ""}
    )
    page = response.content.decode()
    assert "Paste the order IDs with their dates, or choose a file." in page
    assert re.search(r'<input[^>]*value="chargebacks"[^>]*checked', page)


def test_index_shows_a_small_chart_per_rate(client, owner):
    _, store = owner
    import_file(client, store, "odr_126_orders.txt")
    page = client.get(reverse("metrics:index")).content.decode()
    assert page.count('role="img"') == 2  # ODR and cancellation rate; no ship dates


def test_upload_still_checks_the_csrf_token(owner):
    from django.test import Client

    user, store = owner
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    response = strict.post(
        reverse("metrics:upload", args=[store.pk]),
        {"file": SimpleUploadedFile("a.txt", b"x"), "contact_days": 30},
    )
    assert response.status_code == 403
    assert PendingImport.objects.count() == 0


def test_superuser_can_review_imported_orders_in_admin(client, owner):
    _, store = owner
    import_file(client, store, "cancellations_mixed.txt")
    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    assert client.get("/admin/metrics/order/").status_code == 200
    assert client.get("/admin/metrics/order/add/").status_code == 403


def seller_fulfilled_with_a_line_break_in_the_address() -> bytes:
    """A seller-fulfilled report whose ship-address-1 holds an unquoted LF: the second
    half of the line (name, street, e-mail, phone) arrives as a line of its own."""
    header = (FIXTURES / "seller_fulfilled_orders.txt").read_bytes().split(b"\r\n")[0]
    columns = header.decode().split("\t")
    good = dict.fromkeys(columns, "")
    good.update(
        {
            "order-id": "111-2223334-4445556",
            "order-item-id": "1",
            "purchase-date": "2026-11-18T10:40:00+00:00",
            "buyer-email": "hidden.buyer@example.com",
            "buyer-name": "Hidden Buyer",
            "sku": "HP-01",
            "quantity-purchased": "1",
            "item-price": "19.99",
            "ship-address-1": "Flat 2\nJane Doe, 7 Rosemary Lane",
        }
    )
    split = "\t".join(good[c] for c in columns).replace(
        "Rosemary Lane",
        "Rosemary Lane\tjane.doe@example.com\t+44 20 7946 0958",
    )
    return (header.decode() + "\r\n" + split + "\r\n").encode()


def test_a_split_address_line_never_stores_or_shows_buyer_data(client, owner):
    _, store = owner
    response = client.post(
        reverse("metrics:upload", args=[store.pk]),
        {
            "file": SimpleUploadedFile(
                "sf.txt", seller_fulfilled_with_a_line_break_in_the_address()
            ),
            "contact_days": 30,
        },
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    pending = PendingImport.objects.get(store=store)
    assert pending.summary["bad_line_count"] == 1
    assert "the order ID is not in the form" in page
    secrets = ("Jane Doe", "Rosemary", "jane.doe@", "7946", "Hidden Buyer", "hidden.b")
    stored = json.dumps(pending.summary) + zlib.decompress(pending.payload).decode()
    for secret in secrets:
        assert secret not in page
        assert secret not in stored
    client.post(response.url, {"action": "commit"})
    record = ReportImport.objects.get(store=store)
    assert record.bad_lines == [{"line": 3, "reason": "bad_order_id", "detail": ""}]
    assert not any(secret in json.dumps(record.bad_lines) for secret in secrets)
    assert not BuyerContact.objects.exists()


def test_appeals_from_figures_take_only_posts_and_need_matching_orders(client, owner):
    _, store = owner
    for name in ("appeals:start_from_rate", "appeals:start_from_incident"):
        assert client.get(reverse(name, args=[store.pk])).status_code == 405
    response = client.post(
        reverse("appeals:start_from_incident", args=[store.pk]),
        {"promotion_id": "NO-SUCH-PROMO"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "metrics:incident", args=[store.pk]
    )
    assert "No orders match; nothing to appeal." in response.content.decode()
    assert Appeal.objects.count() == 0
