"""The letter checker as a seller meets it: a blocker on the review step that leads to
its fix and clears, and "Check a letter I wrote" marking a pasted letter. axe on each
page, in English and 简体中文."""

import re

import pytest

from appeals.models import Appeal
from library import services as library
from library.models import LibraryVersion
from tests.browser import test_wizard as wizard
from tests.browser.axe import assert_no_violations
from tests.factories import seller

SITUATIONS = wizard.SITUATIONS
fill_root_causes, fill_situation = wizard.fill_root_causes, wizard.fill_situation
next_step, sign_in = wizard.next_step, wizard.sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASTED = """What caused the issue
It was the buyer's fault and the carrier lost the parcels.

Actions taken to resolve the issue
1. We will refund every buyer.

Steps taken to prevent it happening again
1. This will never happen again. Thanks, {store_name}.
"""


@pytest.fixture
def shopper(db):
    LibraryVersion.objects.create(
        number=1, data=wizard.LIBRARY, checksum=library.checksum(wizard.LIBRARY)
    )
    seller("lihua")


def preventive_box(page):
    group = page.locator("#step-form fieldset").first
    row = group.locator(".action-row[data-kind=preventive]:not([data-ref=''])").first
    return row.locator("input[type=checkbox]")


def test_a_blocker_leads_to_its_fix_and_clears(page, live_server, shopper):
    s = SITUATIONS["odr-not-received"]
    sign_in(page, live_server, "lihua")
    page.get_by_role("button", name="Start an appeal").click()
    fill_situation(page, s)
    next_step(page)
    page.get_by_label("Affected order IDs").fill("\n".join(s["orders"]))
    next_step(page)
    fill_root_causes(page, s["root_causes"][:1])
    next_step(page)
    group = page.locator("#step-form fieldset").first
    corrective = group.locator(
        ".action-row[data-kind=corrective]:not([data-ref=''])"
    ).first
    corrective.locator("input[type=checkbox]").check()
    corrective.locator("input[type=date]").fill("2026-11-12")
    preventive_box(page).check()
    next_step(page)  # closing
    page.get_by_label("Your name").fill("Li Hua")
    next_step(page)  # review
    findings = page.locator("#letter-findings")
    assert findings.locator(".finding-blocker").count() == 0

    appeal = Appeal.objects.get()
    page.goto(f"{live_server.url}/appeals/{appeal.pk}/step/plan/")
    preventive_box(page).uncheck()
    with page.expect_navigation():
        page.locator("#step-form button[name=go][value=plan]").click()
    page.goto(f"{live_server.url}/appeals/{appeal.pk}/step/review/")
    blocker = page.locator("#letter-findings .finding-blocker")
    assert blocker.count() == 1
    assert "no preventive measure" in blocker.inner_text()
    assert_no_violations(page, "review with a blocker")
    with page.expect_navigation():
        blocker.get_by_role("link").click()
    assert "/step/plan/" in page.url
    preventive_box(page).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    page.goto(f"{live_server.url}/appeals/{appeal.pk}/step/review/")
    assert page.locator("#letter-findings .finding-blocker").count() == 0

    for language in ("en", "zh-hans"):
        if language == "zh-hans":
            with page.expect_navigation():
                page.get_by_role("button", name="简体中文").click()
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
        if language == "zh-hans":
            assert "必须修改" in page.locator("#check-findings").inner_text()
        assert_no_violations(page, f"check a letter ({language})")
