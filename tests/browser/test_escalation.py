"""Escalating a rejected appeal in Chromium: the overview's button, the escalation
letter on the review page, the overview after it; axe on each page."""

import json
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from appeals.services import appeal_create, round_start_next, round_submit
from library import services as library
from library.models import LibraryVersion
from tests.browser.axe import assert_no_violations
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, seller

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIBRARY = library.normalize(
    json.loads(
        (Path(__file__).resolve().parents[2] / "fixtures" / "library.json").read_text(
            "utf-8"
        )
    )
)


def test_a_rejected_appeal_is_escalated_from_the_overview(
    page, live_server, csp_errors
):
    LibraryVersion.objects.create(
        number=1, data=LIBRARY, checksum=library.checksum(LIBRARY)
    )
    user, _workspace, store = seller("lihua")
    appeal = appeal_create(user=user, store=store)
    first = round_submit(round=appeal.rounds.get(), submitted_on=date(2026, 11, 5))
    round_start_next(
        round=first,
        outcome="rejected",
        amazon_reply="Your appeal was not accepted.",
        reply_received_on=date(2026, 11, 9),
    )
    sign_in(page, live_server.url, "lihua", PASSWORD)
    page.goto(f"{live_server.url}/appeals/{appeal.pk}/")
    button = page.get_by_role("button", name="Escalate to the suspending team")
    expect(button).to_be_visible()
    assert_no_violations(page, "overview with the escalate button")

    button.click()
    expect(page.get_by_text("Escalation letter, addressed to:")).to_be_visible()
    letter = page.get_by_label("Letter", exact=True)
    expect(letter).to_contain_text("History of this appeal")
    expect(letter).to_contain_text(
        "Sent to Seller Performance on 5 November 2026: rejected on 9 November 2026."
    )
    assert_no_violations(page, "review of the escalation")

    page.get_by_role("link", name="Appeal overview").click()
    expect(page.locator("#round-addressee")).to_have_text(
        "Suspending team (escalation 1)"
    )
    expect(page.locator("#escalate")).to_have_count(0)
    assert_no_violations(page, "overview after escalating")
    assert csp_errors == []
