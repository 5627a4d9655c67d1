"""In 简体中文, saving the situation and plan steps twice keeps every date.

Chromium drops a date input value that is not ISO (as the zh-hans locale used to
render it) and posts the field empty, so a second save used to erase the notice date
and every "done on" date. This walks the real pages in Chinese and reads the dates back
from the fields, the database and the downloaded letter.
"""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from appeals.models import Appeal
from library import services as library
from library.models import LibraryVersion
from tests.browser.axe import assert_no_violations
from tests.factories import PASSWORD, seller

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIBRARY = library.normalize(
    json.loads(
        (Path(__file__).resolve().parents[2] / "fixtures" / "library.json").read_text(
            "utf-8"
        )
    )
)
ROOT_CAUSES = [
    "odr-a-to-z-claims/early-shipment-confirmation",
    "odr-a-to-z-claims/unreliable-carrier-tracking",
]
NOTICE = "2026-11-10"
DONE = ["2026-11-11", "2026-11-12", "2026-11-13"]


@pytest.fixture
def chinese_seller(db, live_server, page):
    LibraryVersion.objects.create(
        number=1, data=LIBRARY, checksum=library.checksum(LIBRARY)
    )
    seller("wanglei")
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.locator("#id_username").fill("wanglei")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    with page.expect_navigation():
        page.locator("form[action$='/appeals/start/'] button[type=submit]").click()
    return Appeal.objects.get()


def save(page, step: str):
    """Press 保存 (Save): the step saves and shows itself again."""
    with page.expect_navigation():
        page.locator(f"#step-form button[name=go][value='{step}']").click()
    assert f"/step/{step}/" in page.url


def fill_facts(row):
    """The fact slots a ticked suggestion shows, filled (the letter has no gap)."""
    for field in row.locator(".slot-fields input").all():
        field.fill("Shenzhen Post")


def save_and_continue(page):
    with page.expect_navigation():
        page.locator("#step-form button[type=submit]:not([name])").click()


def plan_dates(page) -> list[str]:
    return [
        field.input_value()
        for field in page.locator("#step-form input[type=date]").all()
        if field.input_value()
    ]


def test_dates_survive_saving_twice_in_chinese(page, live_server, chinese_seller):
    appeal = chinese_seller
    page.locator("input[name=causes][value='odr-a-to-z-claims']").check()
    page.locator("#id_notice_date").fill(NOTICE)
    page.locator("#id_metric_1").select_option("odr")
    page.locator("#id_period_1").fill("60")
    page.locator("#id_defects_1").fill("2")
    page.locator("#id_orders_1").fill("126")
    for _ in range(2):
        save(page, "situation")
        assert page.locator("#id_notice_date").input_value() == NOTICE
    assert_no_violations(page, "situation (zh-hans)")
    assert appeal.rounds.get().answers["notice_date"] == NOTICE

    save_and_continue(page)
    page.locator("#id_order_ids").fill("117-4830000-5830000\n117-4830001-5830007")
    save_and_continue(page)
    for n, ref in enumerate(ROOT_CAUSES, start=1):
        row = page.locator(f".rc-row[data-ref='{ref}']")
        row.locator("input[type=checkbox]").check()
        row.locator("input[type=number]").fill(str(n))
        fill_facts(row)
    save_and_continue(page)

    assert "/step/plan/" in page.url
    groups = page.locator("#step-form fieldset[id^=rc-]").all()
    typed = []
    for group, day in zip(groups, DONE, strict=False):
        corrective = group.locator(
            ".action-row[data-kind=corrective]:not([data-ref=''])"
        ).first
        corrective.locator("input[type=checkbox]").check()
        corrective.locator("input[type=date]").fill(day)
        fill_facts(corrective)
        typed.append(day)
        preventive = group.locator(
            ".action-row[data-kind=preventive]:not([data-ref=''])"
        ).first
        preventive.locator("input[type=checkbox]").check()
        fill_facts(preventive)
    # The seller's own corrective action, with its own date.
    own = groups[0].locator(".action-row[data-kind=corrective][data-ref='']").first
    own.locator("textarea").fill("We called each buyer and refunded the order.")
    own.locator("input[type=date]").fill(DONE[2])
    typed.append(DONE[2])
    for _ in range(2):
        save(page, "plan")
        assert sorted(plan_dates(page)) == sorted(typed)
    assert_no_violations(page, "plan (zh-hans)")
    saved = [
        a["done_on"]
        for rc in appeal.rounds.get().answers["root_causes"]
        for a in rc["actions"]
        if a["kind"] == "corrective"
    ]
    assert sorted(saved) == sorted(typed)

    # Back to the situation step once more: the notice date is still there.
    page.goto(f"{live_server.url}/appeals/{appeal.pk}/step/situation/")
    assert page.locator("#id_notice_date").input_value() == NOTICE
    save(page, "situation")

    # An opening that names the notice's date (Reinstate's own pick depends on the
    # appeal's number), chosen as a seller would on the closing step.
    page.goto(f"{live_server.url}/appeals/{appeal.pk}/step/closing/")
    page.locator("input[name=acknowledgement][value=ack-read-message]").check()
    page.locator("input[name=name]").fill("Wang Lei")
    save(page, "closing")

    page.goto(f"{live_server.url}/appeals/{appeal.pk}/step/review/")
    assert_no_violations(page, "review (zh-hans)")
    with page.expect_download() as info:
        page.locator("a[href*='/export/txt/']").click()
    letter = " ".join(Path(info.value.path()).read_text("utf-8").split())
    assert "10 November 2026" in letter
    for day in sorted(set(typed)):
        d = date.fromisoformat(day)
        assert f"{d.day} November 2026" in letter
    assert not re.search(r"\d{4}/\d{2}/\d{2}", letter)
