"""The wizard keeps an unsaved copy of a step in the browser: the database goes away
during a save (the 503 page), the seller opens the step again, is offered the text
back, restores it and saves; the copy is gone after the successful save."""

import re
from unittest import mock

import pytest
from django.db import OperationalError

from appeals.models import Appeal

# ``published`` and ``shopper`` are fixtures: a published library, a seller "lihua".
from tests.browser.test_wizard import (  # noqa: F401
    next_step,
    published,
    shopper,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORDERS = "115-1111111-2222222\n115-3333333-4444444"


def drafts(page) -> list[str]:
    return page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('reinstate:draft:'))"
    )


@pytest.mark.usefixtures("shopper")
def test_a_step_lost_to_a_database_outage_is_offered_back(
    page, live_server, csp_errors
):
    sign_in(page, live_server, "lihua")
    page.get_by_role("button", name="Start an appeal").click()
    appeal = Appeal.objects.get()
    url = f"{live_server.url}/appeals/{appeal.pk}/step/orders/"
    page.goto(url)
    offer = page.locator("#draft-offer")
    assert offer.is_hidden()
    page.get_by_label("Affected order IDs").fill(ORDERS)
    with mock.patch(
        "appeals.services.round_save_answers", side_effect=OperationalError("down")
    ):
        next_step(page)
    assert page.get_by_role(
        "heading", name="Your last entry was not saved"
    ).is_visible()
    assert appeal.rounds.get().answers.get("orders", []) == []

    page.goto(url)  # the database is back
    assert page.get_by_label("Affected order IDs").input_value() == ""
    assert offer.is_visible()
    page.get_by_role("button", name="Put my text back").click()
    assert offer.is_hidden()
    assert page.get_by_label("Affected order IDs").input_value() == ORDERS
    next_step(page)
    assert re.search(r"/step/root-causes/$", page.url)
    assert page.get_by_text("Saved.").first.is_visible()
    assert drafts(page) == []  # cleared by the successful save
    saved = appeal.rounds.get().answers["orders"]
    assert [o["id"] for o in saved] == ORDERS.split("\n")

    page.goto(url)
    assert offer.is_hidden()
    assert csp_errors == []


@pytest.mark.usefixtures("shopper")
def test_the_offer_can_be_declined(page, live_server):
    sign_in(page, live_server, "lihua")
    page.get_by_role("button", name="Start an appeal").click()
    appeal = Appeal.objects.get()
    url = f"{live_server.url}/appeals/{appeal.pk}/step/orders/"
    page.goto(url)
    page.get_by_label("Affected order IDs").fill(ORDERS)
    with mock.patch(
        "appeals.services.round_save_answers", side_effect=OperationalError("down")
    ):
        next_step(page)
    page.goto(url)
    page.get_by_role("button", name="Discard it").click()
    assert page.locator("#draft-offer").is_hidden()
    assert drafts(page) == []
    page.goto(url)
    assert page.locator("#draft-offer").is_hidden()
