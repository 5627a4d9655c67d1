"""A database that does not answer: a 503 page in the user's language that says the
last entry was not saved (the 500 page's "your saved work is safe" would be untrue),
for the wizard's writes and reads alike; any other failure still gets the 500 page."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from appeals.models import Round
from library.answers import Answers
from tests.appeals.test_views import post_step, step_url

SITUATION = {
    "causes": ["odr-a-to-z-claims"],
    "notice_date": "2026-11-10",
    "notice_text": "Your account has been deactivated.",
}


@pytest.fixture
def seller_client(owner):
    client = Client(raise_request_exception=False)
    client.force_login(owner[0])
    return client


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_save_without_the_database_gets_503_saying_it_was_not_saved(
    seller_client, appeal, error
):
    with mock.patch(
        "appeals.services.round_save_answers",
        side_effect=error("server closed the connection unexpectedly"),
    ):
        response = post_step(seller_client, appeal, "situation", SITUATION)
    assert response.status_code == 503
    assert [t.name for t in response.templates] == ["503.html"]
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Your last entry was not saved" in page
    assert "Your saved work is safe" not in page
    assert "server closed the connection" not in page  # no internals shown
    assert f'href="{step_url(appeal, "situation")}"' in page  # try again
    round = Round.objects.get(appeal=appeal)
    assert Answers.from_dict(round.answers).causes == []


def test_a_page_read_without_the_database_gets_503(seller_client, appeal):
    with mock.patch(
        "appeals.selectors.appeals_for", side_effect=OperationalError("no route")
    ):
        response = seller_client.get(step_url(appeal, "situation"))
    assert response.status_code == 503
    assert "Content-Security-Policy" in response  # the page passes the same headers


def test_the_503_page_is_in_the_users_language(owner, appeal):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(owner[0])
    with mock.patch(
        "appeals.selectors.appeals_for", side_effect=OperationalError("down")
    ):
        response = client.get(step_url(appeal, "situation"))
    assert response.status_code == 503
    assert '<html lang="zh-hans">' in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


def test_other_failures_still_get_the_500_page(seller_client, appeal):
    with mock.patch(
        "appeals.services.round_save_answers", side_effect=RuntimeError("bug")
    ):
        response = post_step(seller_client, appeal, "situation", SITUATION)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
