"""A seller uploads reports in Chromium, reads the rates and chart, starts an appeal."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from appeals.models import Appeal
from library.services import library_import, library_publish
from tests.browser.axe import assert_no_violations
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, seller

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "reports"


def test_seller_uploads_sees_rates_and_chart_and_starts_a_prefilled_appeal(
    page, live_server, csp_errors
):
    library_import(data=json.loads((ROOT / "fixtures" / "library.json").read_text()))
    library_publish(note="browser test")
    user, _, store = seller("browserseller")
    base = live_server.url
    sign_in(page, base, user.username, PASSWORD)

    page.goto(f"{base}/metrics/")
    expect(page.get_by_role("heading", name="Account metrics")).to_be_visible()
    assert_no_violations(page, "metrics index")

    page.get_by_role("link", name="Upload a report").first.click()
    assert_no_violations(page, "upload")
    page.get_by_label("Report file").set_input_files(
        str(FIXTURES / "odr_126_orders.txt")
    )
    page.get_by_role("button", name="Read the file").click()
    expect(
        page.get_by_role("heading", name="Check what was understood")
    ).to_be_visible()
    expect(
        page.get_by_text("136 orders placed 2026-09-08 to 2026-11-20")
    ).to_be_visible()
    assert_no_violations(page, "import check")
    page.get_by_role("button", name="Import").click()

    page.get_by_role("link", name="Add A-to-z claims or chargebacks").click()
    assert_no_violations(page, "claims")
    page.get_by_label("Order IDs with dates").fill(
        (FIXTURES / "odr_claims.txt").read_text()
    )
    page.get_by_role("button", name="Read them").click()
    expect(page.get_by_text("3 orders, 1 marked denied")).to_be_visible()
    assert_no_violations(page, "claims preview")
    page.get_by_role("button", name="Import").click()

    odr = page.locator("section.rate-card").first
    expect(odr.get_by_role("heading", name="Order Defect Rate")).to_be_visible()
    expect(odr.locator(".rate-value")).to_have_text("1.59%")
    expect(odr.get_by_role("img", name="Order Defect Rate")).to_be_visible()
    expect(odr.get_by_text("75 more orders without a problem")).to_be_visible()
    odr.get_by_text("2 orders counted against you").click()
    expect(odr.get_by_text("321-1007070-2013130 Sep 26")).to_be_visible()
    assert_no_violations(page, "store figures")

    odr.get_by_role("button", name="Start an appeal from these figures").click()
    appeal = Appeal.objects.get(store=store)
    expect(page).to_have_url(re.compile(rf"/appeals/{appeal.pk}/"))
    answers = appeal.rounds.get(number=1).answers
    assert answers["metrics"][0]["value"] == "1.59"
    assert answers["metrics"][0]["orders"] == 126
    assert answers["causes"] == ["odr-a-to-z-claims"]

    page.goto(f"{base}/metrics/")
    expect(page.get_by_role("img", name="Order Defect Rate")).to_be_visible()
    assert_no_violations(page, "metrics index with figures")
    assert csp_errors == []


def test_incident_kit_in_the_browser_passes_axe(page, live_server, csp_errors):
    library_import(data=json.loads((ROOT / "fixtures" / "library.json").read_text()))
    library_publish(note="browser test")
    user, _, store = seller("kitseller")
    base = live_server.url
    sign_in(page, base, user.username, PASSWORD)
    page.goto(f"{base}/metrics/stores/{store.pk}/upload/")
    page.get_by_label("Keep buyer name and e-mail for apology messages").check()
    page.get_by_label("Report file").set_input_files(
        str(FIXTURES / "promotion_error_orders.txt")
    )
    page.get_by_role("button", name="Read the file").click()
    page.get_by_role("button", name="Import").click()
    page.get_by_role("link", name="Promotion-error incident kit").click()
    page.get_by_label("Promotion ID").fill("PROMO-HALF-OFF-WRONG")
    page.get_by_role("button", name="Find the orders").click()
    expect(page.get_by_role("heading", name="1. Cancel 300 orders")).to_be_visible()
    expect(
        page.get_by_text("Buyer-Seller Messaging", exact=False).first
    ).to_be_visible()
    assert_no_violations(page, "incident kit")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the messages (CSV)").click()
    text = Path(download.value.path()).read_text("utf-8-sig")
    assert len(text.splitlines()) == 301
    assert csp_errors == []
