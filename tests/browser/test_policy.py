"""A policy suspension as a Chinese seller walks it: an intellectual-property
(trademark) complaint, its retraction route explained first, Chinese glosses beside the
suggestions, two documents ticked, and a letter that names exactly those. axe on every
page, in 简体中文."""

from pathlib import Path

import pytest

from library.readmodel import Library
from tests.browser import test_wizard as wizard
from tests.browser.axe import assert_no_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIBRARY = Library.from_data(wizard.LIBRARY)
CAUSE = "ip-trademark"
TICKED = ("retraction", "letter-of-authorization")
shopper = wizard.shopper
published = wizard.published


def next_step(page):
    with page.expect_navigation():
        page.locator("#step-form button[type=submit]:not([name])").click()


def settled(page):
    page.locator("#letter-preview:not(.opacity-50)").wait_for()


def test_a_trademark_complaint_in_chinese_from_route_to_letter(
    page, live_server, shopper
):
    cause = LIBRARY.cause(CAUSE)
    wizard.sign_in(page, live_server, "lihua")
    with page.expect_navigation():
        page.locator("button[name=language][value=zh-hans]").click()
    with page.expect_navigation():
        page.locator("form[action$='/appeals/start/'] button[type=submit]").click()

    # The route, before anything else: shown beside the cause once it is ticked.
    option = page.locator(
        f".cause-option[data-route=retraction]:has(input[value='{CAUSE}'])"
    )
    assert cause.name_zh in option.inner_text()
    details = option.locator(".slot-fields")
    assert not details.is_visible()
    option.locator("input[type=checkbox]").check()
    assert details.is_visible()
    assert "撤诉" in details.inner_text()
    settled(page)
    assert_no_violations(page, "situation, trademark (zh-hans)")
    with page.expect_navigation():
        page.locator("#step-form button[name=go][value=situation]").last.click()
    route = page.locator("#appeal-route")
    assert "先请投诉方撤诉" in route.inner_text()

    next_step(page)  # orders: none for a trademark complaint
    next_step(page)  # root causes
    assert page.locator("#no-plan-needed").is_visible()
    glosses = page.locator(".rc-row .gloss")
    assert glosses.count() == len(cause.active_root_causes())
    first = cause.active_root_causes()[0]
    row = page.locator(f".rc-row[data-ref='{first.ref}']")
    assert first.title_zh in row.inner_text()
    assert first.title in row.inner_text()  # the English the letter will use
    assert_no_violations(page, "root causes with glosses (zh-hans)")
    next_step(page)  # nothing ticked: the route needs no plan
    assert "/step/plan/" in page.url
    next_step(page)  # plan: nothing to plan

    assert "/step/documents/" in page.url
    rows = page.locator(".evidence-row")
    assert rows.count() == len(cause.documents)
    for slug in TICKED:
        doc = LIBRARY.document(slug)
        row = page.locator(f".evidence-row[data-document='{slug}']")
        assert doc.name_zh in row.inner_text()
        row.locator("input[type=checkbox]").check()
        row.locator("input[name$='-note']").fill(f"for {doc.slug}")
        row.locator("input[type=date]").fill("2026-11-20")
    settled(page)
    assert_no_violations(page, "documents (zh-hans)")
    next_step(page)  # closing
    page.locator("input[name=name]").fill("Li Hua")
    next_step(page)  # review
    assert page.locator("#letter-findings .finding-blocker").count() == 0
    assert_no_violations(page, "review, trademark (zh-hans)")
    with page.expect_download() as info:
        page.locator("a[href*='/export/txt/']").click()
    letter = Path(info.value.path()).read_text("utf-8")
    for doc in LIBRARY.documents:
        assert (doc.name in letter) == (doc.slug in TICKED), doc.slug
    assert "Supporting documents" in letter
    assert "dated 20 November 2026" in letter
