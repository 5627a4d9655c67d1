"""The letter checker as a seller meets it, in English and in 简体中文: a ticked
suggestion shows its fact fields, an empty one and a removed preventive measure are
blockers on the review step that lead to their fix and clear, and "Check a letter I
wrote" marks a pasted letter. axe on each page.

Selectors are by name and value, not by English label, so the same walk runs in both
languages.
"""

import re

import pytest

from appeals.models import Appeal
from library import services as library
from library.models import LibraryVersion
from tests.browser import test_wizard as wizard
from tests.browser.axe import assert_no_violations
from tests.factories import seller

SITUATIONS = wizard.SITUATIONS
sign_in = wizard.sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CARRIER = "odr-a-to-z-claims/unreliable-carrier-tracking"
SWITCHED = f"{CARRIER}/switched-to-tracked-carrier"
PASTED = """What caused the issue
It was the buyer's fault and the carrier lost the parcels.

Actions taken to resolve the issue
1. We will refund every buyer.

Steps taken to prevent it happening again
1. This will never happen again. Thanks, {store_name}.
"""
MUST_FIX = {"en": "Must fix", "zh-hans": "必须修改"}


@pytest.fixture
def shopper(db):
    LibraryVersion.objects.create(
        number=1, data=wizard.LIBRARY, checksum=library.checksum(wizard.LIBRARY)
    )
    seller("lihua")


def next_step(page):
    with page.expect_navigation():
        page.locator("#step-form button[type=submit]:not([name])").click()


def save_here(page, step):
    with page.expect_navigation():
        page.locator(f"#step-form button[name=go][value={step}]").last.click()


def preventive_box(page):
    group = page.locator("#rc-0")
    row = group.locator(".action-row[data-kind=preventive]:not([data-ref=''])").first
    return row.locator("input[type=checkbox]")


def start_to_plan(page, live_server):
    s = SITUATIONS["odr-not-received"]
    with page.expect_navigation():
        page.locator("form[action$='/appeals/start/'] button[type=submit]").click()
    wizard.fill_situation(page, s)
    next_step(page)
    page.locator("textarea[name=order_ids]").fill("\n".join(s["orders"]))
    next_step(page)
    row = page.locator(f".rc-row[data-ref='{CARRIER}']")
    facts = row.locator(".slot-fields")
    assert not facts.is_visible()  # shown once the suggestion is ticked
    row.locator("input[type=checkbox]").check()
    assert facts.is_visible()
    assert facts.locator("input").count() == 1
    facts.locator("input").fill("China Post Small Packet")
    next_step(page)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_blockers_lead_to_their_fix_and_clear(page, live_server, shopper, language):
    sign_in(page, live_server, "lihua")
    if language == "zh-hans":
        with page.expect_navigation():
            page.locator("button[name=language][value=zh-hans]").click()
    start_to_plan(page, live_server)
    switched = page.locator(f".action-row[data-ref='{SWITCHED}']")
    switched.locator("input[type=checkbox]").check()
    switched.locator("input[type=date]").fill("2026-11-12")
    fields = switched.locator(".slot-fields input")
    assert fields.count() == 2
    fields.first.fill("China Post Small Packet")  # the new carrier left empty
    preventive_box(page).check()
    # The live preview dims (synchronously, on each change) until it has refreshed;
    # axe reads the settled page.
    page.locator("#letter-preview:not(.opacity-50)").wait_for()
    assert_no_violations(page, f"plan with fact fields ({language})")
    next_step(page)  # documents
    next_step(page)  # closing
    page.locator("input[name=name]").fill("Li Hua")
    next_step(page)  # review

    appeal = Appeal.objects.get()
    review = f"{live_server.url}/appeals/{appeal.pk}/step/review/"
    blocker = page.locator("#letter-findings .finding-blocker")
    assert blocker.count() == 1
    assert "(MISSING: new carrier or service)" in blocker.inner_text()
    assert MUST_FIX[language] in blocker.inner_text()
    assert_no_violations(page, f"review with an empty fact ({language})")
    with page.expect_navigation():
        blocker.get_by_role("link").click()
    assert page.url.endswith("/step/plan/#rc-0")
    fields = page.locator(f".action-row[data-ref='{SWITCHED}'] .slot-fields input")
    fields.last.fill("YunExpress tracked shipping")
    save_here(page, "plan")
    page.goto(review)
    assert page.locator("#letter-findings .finding-blocker").count() == 0
    assert (
        "moved all orders to YunExpress tracked shipping"
        in page.locator("main").inner_text()
    )

    # The only preventive measure of a root cause removed: a blocker, its link, its fix.
    page.goto(f"{live_server.url}/appeals/{appeal.pk}/step/plan/")
    for box in page.locator(
        "#rc-0 .action-row[data-kind=preventive]:not([data-ref='']) "
        "input[type=checkbox]"
    ).all():
        box.uncheck()
    save_here(page, "plan")
    page.goto(review)
    blocker = page.locator("#letter-findings .finding-blocker")
    assert blocker.count() == 1
    assert_no_violations(page, f"review with a blocker ({language})")
    with page.expect_navigation():
        blocker.get_by_role("link").click()
    assert "/step/plan/" in page.url
    preventive_box(page).check()
    save_here(page, "plan")
    page.goto(review)
    assert page.locator("#letter-findings .finding-blocker").count() == 0

    page.goto(f"{live_server.url}/appeals/check/")
    page.locator("input[name=shape][value=form]").check()
    page.locator("textarea[name=text]").fill(PASTED)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    marked = page.locator(".letter-checked mark")
    assert marked.count() >= 4
    texts = [m.inner_text() for m in marked.all()]
    assert "{store_name}" in texts
    assert any(re.search(r"buyer's fault", t) for t in texts)
    assert page.locator("#check-findings .finding-blocker").count() >= 2
    assert MUST_FIX[language] in page.locator("#check-findings").inner_text()
    assert_no_violations(page, f"check a letter ({language})")
