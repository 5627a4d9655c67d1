"""The demo consultant's day, in English and in 简体中文: switch client, see this week's
deadlines, find a reinstated ODR appeal by one of its order IDs, clone it for another
client, fill the facts the copy left empty, and finish the new draft with no blocker.
axe on every page.

Selectors are by name, value and id, not by English label, so the same walk runs in
both languages.
"""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from appeals.demo import _orders
from appeals.models import Appeal
from library import services as library
from tests.browser.axe import assert_no_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIBRARY_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "library.json"
ORDER_ID = _orders("112", 1)[0].id  # an order of the demo's reinstated ODR appeal


@pytest.fixture
def consultancy(db):
    """What `make run` loads: the shipped library, the demo accounts and appeals."""
    data = json.loads(LIBRARY_FILE.read_text("utf-8"))
    library.library_import(data=data)
    library.library_publish(note="demo")
    call_command("load_demo", verbosity=0)
    call_command("load_demo_appeals", verbosity=0)


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill("consultant")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/"))


def save_and_continue(page):
    with page.expect_navigation():
        page.locator("#step-form button[type=submit]:not([name])").click()


def fill_empty_facts(page, value="tracked courier service"):
    """Every fact field the clone left empty, as the consultant fills it for the new
    client (only the fields of ticked rows show)."""
    filled = 0
    for field in page.locator(".slot-fields input").all():
        if field.is_visible() and not field.input_value():
            field.fill(f"{value} {filled + 1}")
            filled += 1
    return filled


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_consultant_finds_a_winning_appeal_and_reuses_it_for_another_client(
    page, live_server, consultancy, language
):
    sign_in(page, live_server)
    if language == "zh-hans":
        with page.expect_navigation():
            page.locator("button[name=language][value=zh-hans]").click()

    # This week's deadlines and the one overdue appeal, on the dashboard.
    assert page.locator("#due-soon li").count() >= 2
    assert page.locator("#worklist tr.overdue").count() == 1
    assert_no_violations(page, f"dashboard ({language})")

    # The client switcher in the navigation.
    page.locator("#client-switcher").click()
    evergreen = Appeal.objects.filter(store__name="Evergreen Home Living").first()
    with page.expect_navigation():
        page.locator(
            f".client-switcher a[href$='/clients/{evergreen.workspace_id}/']"
        ).click()
    assert page.locator("h1").inner_text() == "Ningbo Evergreen Home Goods"
    assert page.locator("#client-appeals tbody tr").count() >= 3
    assert_no_violations(page, f"client page ({language})")
    page.goto(f"{live_server.url}/appeals/clients/")
    assert page.locator("#client-list tbody tr").count() == 3
    assert_no_violations(page, f"client list ({language})")

    # The library of past appeals: one order ID finds the reinstated ODR appeal.
    page.goto(f"{live_server.url}/appeals/")
    page.locator("input[name=q]").fill(ORDER_ID)
    page.locator("select[name=status]").select_option("reinstated")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    rows = page.locator("#appeal-list tbody tr")
    assert rows.count() == 1
    source = Appeal.objects.get(
        store__name="Brightsound Audio", cause_slugs__icontains="odr-a-to-z-claims"
    )
    assert rows.first.locator(f"a[href$='/appeals/{source.pk}/']").count() == 1
    assert_no_violations(page, f"appeals library, found by an order ID ({language})")
    page.goto(f"{live_server.url}/appeals/{source.pk}/anonymised/")
    shown = page.locator("section.letter-preview").inner_text()
    assert (
        "[order ID]" in shown and ORDER_ID not in shown and "Brightsound" not in shown
    )
    assert_no_violations(page, f"anonymised letter ({language})")
    page.go_back()
    rows = page.locator("#appeal-list tbody tr")

    # Clone it for another client's store.
    store = evergreen.store
    rows.first.locator("select[name=store]").select_option(str(store.pk))
    with page.expect_navigation():
        rows.first.locator("button[type=submit]").click()
    clone = Appeal.objects.get(source=source)
    assert clone.store_id == store.pk
    assert "/step/situation/" in page.url

    # The new client's facts: notice, figure, orders; the copied plan's empty slots.
    page.locator("input[name=notice_date]").fill("2026-11-20")
    page.locator("#id_metric_1").select_option("odr")
    page.locator("#id_value_1").fill("1.4")
    page.locator("#id_period_1").fill("60")
    page.locator("#letter-preview:not(.opacity-50)").wait_for()
    assert_no_violations(page, f"situation of the clone ({language})")
    save_and_continue(page)
    page.locator("textarea[name=order_ids]").fill(
        "113-5550001-0000001\n113-5550001-0000002"
    )
    save_and_continue(page)  # orders -> root causes
    fill_empty_facts(page, "YunExpress")
    save_and_continue(page)  # root causes -> plan
    assert fill_empty_facts(page, "YunExpress tracked") >= 1  # slots came back empty
    page.locator("#letter-preview:not(.opacity-50)").wait_for()
    assert_no_violations(page, f"plan of the clone ({language})")
    save_and_continue(page)  # plan -> documents
    save_and_continue(page)  # documents -> closing
    fill_empty_facts(page, "support team")
    name = page.locator("input[name=name]")
    if not name.input_value():
        name.fill("Chen Jing")
    save_and_continue(page)  # closing -> review

    assert page.locator("#letter-findings .finding-blocker").count() == 0
    letter = page.locator("main").inner_text()
    assert "Brightsound" not in letter and ORDER_ID not in letter
    assert "YunExpress tracked 1" in letter
    assert_no_violations(page, f"review of the finished clone ({language})")
    page.goto(f"{live_server.url}/appeals/{clone.pk}/")
    assert_no_violations(page, f"overview of the clone ({language})")
